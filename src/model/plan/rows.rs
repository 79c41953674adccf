//! The figures the engine stores that are sums over outcomes or inputs, a whole row of
//! lanes at a time: a stakeholder's present value, a funder's investment and the weighted
//! present value (the ledger's parts are in `ledger`, beside the one-lane figures).
//!
//! Each row holds, lane by lane, exactly the number the one-lane method gives (the same
//! terms added in the same order from the same start), but the loop over the lanes is
//! innermost, so the kind of each term is settled once per row rather than once per draw.

use super::{Disc, Lanes, Plan, Reg};
use crate::model::sroi::discount_factor;

impl Plan {
    /// The present value of stakeholder `s`'s outcomes in the first `out.len()` lanes.
    pub fn stakeholder_row(&self, lanes: &Lanes, s: usize, out: &mut [f64]) {
        out.fill(0.0);
        for (o, _) in self
            .outcome_stakeholder
            .iter()
            .enumerate()
            .filter(|&(_, &of)| of == s)
        {
            add_row(out, lanes.pv_row(o));
        }
    }

    /// [`Plan::funder_investment`] of funder `f` in the first `out.len()` lanes.
    pub fn funder_investment_row(&self, lanes: &Lanes, f: usize, out: &mut [f64]) {
        self.discounted_row(lanes, &self.funder_inputs[f], out);
    }

    /// [`Plan::weighted_present_value`] in the first `out.len()` lanes.
    pub fn weighted_present_value_row(&self, lanes: &Lanes, out: &mut [f64]) {
        // `Iterator::sum` of floats starts from −0.0.
        out.fill(-0.0);
        for (o, &w) in self.outcome_weight.iter().enumerate() {
            for (x, pv) in out.iter_mut().zip(lanes.pv_row(o)) {
                *x += w * pv;
            }
        }
    }

    /// Σ amount · factor · discount factor over `items` (amount, year, discounting,
    /// factor), from −0.0 as `Iterator::sum` starts, in the first `out.len()` lanes.
    pub(super) fn discounted_row(
        &self,
        lanes: &Lanes,
        items: &[(Reg, u32, Disc, f64)],
        out: &mut [f64],
    ) {
        let n = out.len();
        out.fill(-0.0);
        for &(reg, year, disc, ob) in items {
            let amount = &lanes.row(reg)[..n];
            match disc {
                Disc::Rate(r) => {
                    let rate = &lanes.row(r)[..n];
                    for ((x, a), r) in out.iter_mut().zip(amount).zip(rate) {
                        *x += a * ob * discount_factor(*r, year);
                    }
                }
                Disc::Table(s) => {
                    let factor = self.tables[s as usize][year as usize];
                    for (x, a) in out.iter_mut().zip(amount) {
                        *x += a * ob * factor;
                    }
                }
            }
        }
    }
}

/// `out` += `row`, lane by lane.
pub(super) fn add_row(out: &mut [f64], row: &[f64]) {
    for (x, y) in out.iter_mut().zip(row) {
        *x += y;
    }
}

#[cfg(test)]
mod tests {
    use crate::model::plan::ledger::LedgerPart;
    use crate::model::plan::{Disc, Lanes, ONE, Plan, Scale};
    use crate::model::sroi::{OutcomeTerms, outcome_value};

    const LANES: usize = 128;

    /// Every row, compared bit for bit with the one-lane methods over many groups of
    /// draws of each bundled model and each test model that loads (fiscal, economic and
    /// social outcomes, agencies, cashable shares, public inputs, several funders,
    /// optimism-bias grades, rebased prices), at widths other than the full group so that
    /// lanes past the width are left alone.
    #[test]
    fn each_row_is_the_one_lane_figure_bit_for_bit() {
        let (mut models, mut rows) = (0, 0);
        for plan in plans() {
            let mut lanes = plan.lanes(LANES);
            for group in 0..20 {
                let n = [LANES, 1, 37][group % 3];
                evaluate(&plan, &mut lanes, group, n);
                rows += compare(&plan, &lanes, n);
            }
            models += 1;
        }
        assert!(
            models >= 10 && rows > models * 20 * 8,
            "{models} models, {rows} rows"
        );
    }

    /// Each outcome valued in lanes, a chunk of them at a time where it has one cohort, a
    /// discount rate, a fixed duration and no adjustment, is `outcome_value` of its terms
    /// in each lane (one draw's arithmetic) bit for bit: as evaluated, and rescaled (as
    /// sensitivity's groups are) by factors that round differently if taken in another
    /// order with an optimism-bias correction. Widths span one lane, part of a chunk,
    /// more than a chunk, and the full group.
    #[test]
    fn each_outcome_in_lanes_is_one_draws_arithmetic_bit_for_bit() {
        let scales = [
            Scale::NONE,
            Scale {
                value: 1.1,
                quantity: 0.7,
                investment: 1.3,
            },
        ];
        let (mut optimism, mut lanes_checked) = (false, 0);
        // Each plan as loaded, and with every outcome's value reduced by 30% for optimism
        // bias (no test model has a grade on an outcome of the common kind).
        let graded = plans().into_iter().map(|mut plan| {
            for out in &mut plan.outcomes {
                out.optimism = 0.7;
            }
            plan
        });
        for plan in plans().into_iter().chain(graded) {
            let mut lanes = plan.lanes(LANES);
            for group in 0..8 {
                let n = [LANES, 1, 37, 65][group % 4];
                for scale in scales {
                    evaluate(&plan, &mut lanes, group, n);
                    plan.rescale(&mut lanes, n, scale);
                    for (o, out) in plan.outcomes.iter().enumerate() {
                        let (Some(duration), Disc::Rate(rate), true) = (
                            out.fixed_duration,
                            out.discount,
                            plan.cohort_regs[out.cohorts.0 as usize..out.cohorts.1 as usize]
                                == [ONE],
                        ) else {
                            continue;
                        };
                        optimism |= out.optimism != 1.0;
                        let reg = |r: u32, k: usize| lanes.regs[r as usize * lanes.width + k];
                        for k in 0..n {
                            let terms = OutcomeTerms {
                                quantity: reg(out.quantity, k) * scale.quantity,
                                value: reg(out.value, k) * scale.value * out.optimism,
                                deadweight: reg(out.deadweight, k),
                                displacement: reg(out.displacement, k),
                                attribution: reg(out.attribution, k),
                                drop_off: reg(out.drop_off, k),
                                duration,
                                start_year: out.start_year,
                            };
                            let want = outcome_value(&terms, reg(rate, k)).present_value;
                            assert_eq!(
                                lanes.outcome_pv(o, k).to_bits(),
                                want.to_bits(),
                                "outcome {o}, lane {k} of {n}, {scale:?}"
                            );
                            lanes_checked += 1;
                        }
                    }
                }
            }
        }
        assert!(
            optimism && lanes_checked > 50_000,
            "{lanes_checked} lanes, optimism {optimism}"
        );
    }

    /// The plan of each bundled model and each test model that loads.
    fn plans() -> Vec<Plan> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut paths: Vec<_> = ["models", "tests/fixtures"]
            .iter()
            .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).expect("a directory"))
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        // Some test models are broken on purpose, and some are scenarios or portfolios.
        paths
            .iter()
            .filter_map(|path| crate::model::load::load(path).ok())
            .map(|loaded| Plan::new(&loaded.model))
            .collect()
    }

    /// Evaluates `n` lanes of group `group`: each leaf's uniforms spread over (0, 1) by a
    /// golden-ratio sequence.
    fn evaluate(plan: &Plan, lanes: &mut Lanes, group: usize, n: usize) {
        plan.evaluate(lanes, n, |l, dist, row| {
            for (k, u) in row.iter_mut().enumerate() {
                let i = (group * LANES + k) as f64 + 0.37 * l as f64;
                *u = ((i * 0.618_033_988_749_895).fract()).clamp(1e-9, 1.0 - 1e-9);
            }
            dist.at_each(row);
        });
    }

    /// Compares every row of the first `n` lanes; returns how many rows were compared.
    fn compare(plan: &Plan, lanes: &Lanes, n: usize) -> usize {
        let mut rows = 0;
        let mut same = |row: &dyn Fn(&mut [f64]), lane: &dyn Fn(usize) -> f64, what: &str| {
            let mut out = vec![f64::NAN; n + 1];
            row(&mut out[..n]);
            for (k, x) in out[..n].iter().enumerate() {
                assert_eq!(x.to_bits(), lane(k).to_bits(), "{what}, lane {k}");
            }
            assert!(out[n].is_nan(), "{what} wrote past its lanes");
            rows += 1;
        };
        for s in 0..plan.n_stakeholders() {
            let sum = |k: usize| {
                let of_s = (0..plan.n_outcomes()).filter(|&o| plan.outcome_stakeholders()[o] == s);
                of_s.fold(0.0, |sum, o| sum + lanes.outcome_pv(o, k))
            };
            same(
                &|out| plan.stakeholder_row(lanes, s, out),
                &sum,
                "stakeholder",
            );
        }
        for f in 0..plan.n_funders() {
            same(
                &|out| plan.funder_investment_row(lanes, f, out),
                &|k| plan.funder_investment(lanes, f, k),
                "funder",
            );
        }
        same(
            &|out| plan.weighted_present_value_row(lanes, out),
            &|k| plan.weighted_present_value(lanes, k),
            "weighted",
        );
        let mut parts = vec![
            LedgerPart::Fiscal,
            LedgerPart::Cashable,
            LedgerPart::Economic,
            LedgerPart::Social,
            LedgerPart::PublicInvestment,
            LedgerPart::FiscalReturnToPublic,
        ];
        for a in 0..plan.n_agencies() {
            parts.extend([LedgerPart::AgencyFiscal(a), LedgerPart::AgencyCashable(a)]);
        }
        for part in parts {
            same(
                &|out| plan.ledger_row(lanes, part, out),
                &|k| plan.ledger(lanes, part, k),
                &format!("{part:?}"),
            );
        }
        rows
    }
}
