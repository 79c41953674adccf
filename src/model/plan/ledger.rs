//! The funder's ledger of one draw (spec §17): the present value split into fiscal,
//! economic and social value, the cashable part of the fiscal value, the public part of
//! the investment, and each agency's fiscal and cashable value.
//!
//! ```text
//! fiscal    = Σ PV(o) over fiscal outcomes          cashable = Σ PV(o) · cashable(o)
//! economic  = Σ PV(o) over economic outcomes        social   = Σ PV(o) over the rest
//! public investment = Σ amount / (1 + r)^year over inputs with `public = true`
//! ```
//!
//! fiscal + economic + social is the present value, outcome by outcome. Each figure is a
//! sum over the draw's outcome present values, already computed: nothing is allocated.

use super::rows::add_row;
use super::{CHUNK, Disc, Lanes, Plan, Reg, ZERO};
use crate::model::checked::{Model, ValueType};

/// A figure of the ledger, as an engine column asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerPart {
    /// Present value of the fiscal outcomes.
    Fiscal,
    /// The cashable part of the fiscal value.
    Cashable,
    /// Present value of the economic outcomes.
    Economic,
    /// Present value of the social outcomes.
    Social,
    /// The discounted investment from public budgets.
    PublicInvestment,
    /// Fiscal value per unit of public investment.
    FiscalReturnToPublic,
    /// One agency's fiscal value.
    AgencyFiscal(usize),
    /// One agency's cashable value.
    AgencyCashable(usize),
}

/// What the ledger needs of the plan: each outcome's kind, agency and cashable share, and
/// the public inputs.
#[derive(Debug, Clone, Default)]
pub(super) struct LedgerPlan {
    /// Each outcome's kind of value.
    kinds: Vec<ValueType>,
    /// Each outcome's agency (fiscal outcomes only).
    agencies: Vec<Option<usize>>,
    /// Each outcome's cashable share's register (the constant 0 when none is given).
    cashable: Vec<Reg>,
    /// (amount, year, discounting, optimism and money factor) of each public input amount.
    public_inputs: Vec<(Reg, u32, Disc, f64)>,
    /// The number of agencies.
    n_agencies: usize,
}

impl LedgerPlan {
    /// The ledger's part of the plan of `model`, with registers `regs` of its quantities
    /// and `disc` the discounting of an input.
    pub(super) fn new(
        model: &Model,
        regs: &[Reg],
        disc: impl Fn(&crate::model::checked::Input) -> Disc,
    ) -> LedgerPlan {
        // Each amount carries the model's money factor, as the investment's do, so that a
        // model rebased to another price year (compare, portfolio) has its public
        // investment at that year's prices too.
        let public_inputs = model
            .inputs
            .iter()
            .filter(|i| i.public)
            .flat_map(|i| {
                let (d, factor) = (disc(i), i.optimism * model.money_factor);
                i.amounts
                    .iter()
                    .map(move |&(year, q)| (regs[q], year, d, factor))
            })
            .collect();
        LedgerPlan {
            kinds: model.outcomes.iter().map(|o| o.value_type).collect(),
            agencies: model.outcomes.iter().map(|o| o.agency).collect(),
            cashable: model
                .outcomes
                .iter()
                .map(|o| o.cashable.map_or(ZERO, |q| regs[q]))
                .collect(),
            public_inputs,
            n_agencies: model.agencies.len(),
        }
    }
}

impl Plan {
    /// The number of agencies fiscal value falls to.
    pub fn n_agencies(&self) -> usize {
        self.ledger.n_agencies
    }

    /// True when some input is public (so a return to the public purse is defined).
    pub fn has_public_input(&self) -> bool {
        !self.ledger.public_inputs.is_empty()
    }

    /// Figure `part` of the ledger in evaluated lane `k`.
    #[inline]
    pub fn ledger(&self, lanes: &Lanes, part: LedgerPart, k: usize) -> f64 {
        let l = &self.ledger;
        let pv = |o: usize| lanes.outcome_pv(o, k);
        let share = |o: usize| lanes.row(l.cashable[o])[k];
        let sum_where = |keep: &dyn Fn(usize) -> bool, f: &dyn Fn(usize) -> f64| {
            (0..l.kinds.len())
                .filter(|&o| keep(o))
                .fold(0.0, |sum, o| sum + f(o))
        };
        let fiscal = |o: usize| l.kinds[o] == ValueType::Fiscal;
        match part {
            LedgerPart::Fiscal => sum_where(&fiscal, &pv),
            LedgerPart::Cashable => sum_where(&fiscal, &|o| pv(o) * share(o)),
            LedgerPart::Economic => sum_where(&|o| l.kinds[o] == ValueType::Economic, &pv),
            LedgerPart::Social => sum_where(&|o| l.kinds[o] == ValueType::Social, &pv),
            LedgerPart::PublicInvestment => self.public_investment(lanes, k),
            LedgerPart::FiscalReturnToPublic => {
                self.ledger(lanes, LedgerPart::Fiscal, k) / self.public_investment(lanes, k)
            }
            LedgerPart::AgencyFiscal(a) => sum_where(&|o| l.agencies[o] == Some(a), &pv),
            LedgerPart::AgencyCashable(a) => {
                sum_where(&|o| l.agencies[o] == Some(a), &|o| pv(o) * share(o))
            }
        }
    }

    /// [`Plan::ledger`] figure `part` in the first `out.len()` lanes.
    pub fn ledger_row(&self, lanes: &Lanes, part: LedgerPart, out: &mut [f64]) {
        let l = &self.ledger;
        let n = out.len();
        // Σ PV(o), or Σ PV(o) · cashable(o) if `cashable`, over the outcomes `keep` keeps,
        // from 0.0 in outcome order (as the one-lane sums fold them).
        let sum_where = |out: &mut [f64], keep: &dyn Fn(usize) -> bool, cashable: bool| {
            out.fill(0.0);
            for o in (0..l.kinds.len()).filter(|&o| keep(o)) {
                let pv = lanes.pv_row(o);
                if cashable {
                    let share = &lanes.row(l.cashable[o])[..n];
                    for ((x, p), s) in out.iter_mut().zip(pv).zip(share) {
                        *x += p * s;
                    }
                } else {
                    add_row(out, pv);
                }
            }
        };
        let fiscal = |o: usize| l.kinds[o] == ValueType::Fiscal;
        match part {
            LedgerPart::Fiscal => sum_where(out, &fiscal, false),
            LedgerPart::Cashable => sum_where(out, &fiscal, true),
            LedgerPart::Economic => sum_where(out, &|o| l.kinds[o] == ValueType::Economic, false),
            LedgerPart::Social => sum_where(out, &|o| l.kinds[o] == ValueType::Social, false),
            LedgerPart::PublicInvestment => self.discounted_row(lanes, &l.public_inputs, out),
            LedgerPart::FiscalReturnToPublic => {
                self.discounted_row(lanes, &l.public_inputs, out);
                // Each lane's fiscal sum (as for `LedgerPart::Fiscal`), a chunk at a time.
                let mut fiscal_sum = [0.0; CHUNK];
                for (c, out) in out.chunks_mut(CHUNK).enumerate() {
                    let lanes_c = c * CHUNK..c * CHUNK + out.len();
                    let sum = &mut fiscal_sum[..out.len()];
                    sum.fill(0.0);
                    for o in (0..l.kinds.len()).filter(|&o| fiscal(o)) {
                        add_row(sum, &lanes.pv_row(o)[lanes_c.clone()]);
                    }
                    for (x, f) in out.iter_mut().zip(sum) {
                        *x = *f / *x;
                    }
                }
            }
            LedgerPart::AgencyFiscal(a) => sum_where(out, &|o| l.agencies[o] == Some(a), false),
            LedgerPart::AgencyCashable(a) => sum_where(out, &|o| l.agencies[o] == Some(a), true),
        }
    }

    /// The discounted public investment of evaluated lane `k`.
    fn public_investment(&self, lanes: &Lanes, k: usize) -> f64 {
        self.ledger
            .public_inputs
            .iter()
            .map(|&(reg, year, disc, ob)| {
                lanes.row(reg)[k] * ob * self.factors(disc, &lanes.regs, lanes.width, k).at(year)
            })
            .sum()
    }

    /// Each agency's fiscal and cashable amounts by year in evaluated lane `k`,
    /// undiscounted: `out[a][t]` is agency `a`'s (fiscal, cashable) in year `t`, from
    /// year 0 to the last year any item counts in.
    pub fn agency_years(&self, lanes: &Lanes, k: usize) -> Vec<Vec<(f64, f64)>> {
        let (w, regs) = (lanes.width, &lanes.regs);
        let at = |r: Reg| regs[r as usize * w + k];
        let years = self.last_year as usize + 1;
        let mut out = vec![vec![(0.0, 0.0); years]; self.ledger.n_agencies];
        for (o, regs_o) in self.outcomes.iter().enumerate() {
            let Some(a) = self.ledger.agencies[o] else {
                continue;
            };
            let share = at(self.ledger.cashable[o]);
            let impact = crate::model::sroi::first_year_impact(&self.terms(
                regs_o,
                regs,
                w,
                k,
                super::Scale::NONE,
            ));
            let keep = 1.0 - at(regs_o.drop_off);
            let duration = super::years_of(at(regs_o.duration));
            let weights = &self.cohort_regs[regs_o.cohorts.0 as usize..regs_o.cohorts.1 as usize];
            for (c, &weight) in weights.iter().enumerate() {
                let mut kept = at(weight) * impact;
                for j in 0..duration {
                    let t = (regs_o.start_year + c as u32 + j) as usize;
                    out[a][t].0 += kept;
                    out[a][t].1 += kept * share;
                    kept *= keep;
                }
            }
        }
        out
    }
}
