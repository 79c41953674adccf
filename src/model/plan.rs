//! The compiled plan: a checked model flattened into registers and instructions.
//!
//! Every named quantity, and every intermediate of an expression, gets a register; the
//! instructions fill them in dependency order, then the SROI arithmetic reads them.
//! Evaluation is columnar: a register holds one value for each of a group of draws (a
//! [`Lanes`] scratch of `width` lanes), and each instruction runs over all lanes before the
//! next. The choice of operation and of sampling method is then made once per group rather
//! than once per draw, and the draws of a group, being independent, overlap in the
//! processor's pipeline. Nothing is allocated per draw: the scratch belongs to the caller.
//! The same plan, at width 1, gives the base case and any evaluation with some quantities
//! moved (sensitivity).

use crate::model::adjust::Adjust;
use crate::model::checked::{
    DEFAULT_DISCOUNT_RATE, Def, Discount, Duration, MAX_YEARS, Model, QId, Role,
};
use crate::model::copula::Copula;
use crate::model::discount::Schedule;
use crate::model::dist::Dist;
use crate::model::expr::{BinOp, Expr, Func};
use crate::model::sroi::{
    Factors, OutcomeTerms, Totals, cohort_factor, discount_factor, first_year_impact,
};
use crate::width::Width;

mod ledger;
mod rows;

pub use ledger::LedgerPart;

type Reg = u32;

#[derive(Debug, Clone, Copy)]
enum Op {
    Leaf {
        dst: Reg,
        leaf: u32,
    },
    Neg {
        dst: Reg,
        a: Reg,
    },
    Bin {
        dst: Reg,
        op: BinOp,
        a: Reg,
        b: Reg,
    },
    Call {
        dst: Reg,
        func: Func,
        a: Reg,
        b: Reg,
    },
}

/// A quantity that is a number or a distribution: where values enter the plan.
#[derive(Debug, Clone)]
struct Leaf {
    /// Its distribution (a number is fixed).
    dist: Dist,
    /// Its stable name, which keys its random stream.
    name: String,
}

/// How an item's years are discounted: a rate's register, or a schedule's table.
#[derive(Debug, Clone, Copy)]
enum Disc {
    Rate(Reg),
    Table(Schedule),
}

#[derive(Debug, Clone, Copy)]
struct OutcomeRegs {
    quantity: Reg,
    value: Reg,
    deadweight: Reg,
    displacement: Reg,
    attribution: Reg,
    drop_off: Reg,
    /// Whole years each cohort lasts (a constant, or a leaf of whole numbers).
    duration: Reg,
    /// The duration when it is fixed.
    fixed_duration: Option<u32>,
    start_year: u32,
    /// The cohorts' weights: `cohort_regs[first..end]`.
    cohorts: (u32, u32),
    discount: Disc,
    /// 1 − the optimism-bias correction of its confidence grade (1 without one), times
    /// the model's money factor (its rebasing to a common price year).
    optimism: f64,
}

#[derive(Debug, Clone, Copy)]
struct Check {
    reg: Reg,
    role: Role,
    quantity: QId,
}

/// A draw that broke a rule: which quantity, or the investment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Violation {
    /// A quantity took a value its role does not allow (or not a finite number).
    Quantity {
        /// Which quantity.
        quantity: QId,
        /// The value it took.
        value: f64,
    },
    /// The draw's investment was not positive (or not a finite number).
    Investment {
        /// The investment it came to.
        value: f64,
    },
    /// An outcome's present value was not a finite number: the arithmetic overflowed.
    Outcome {
        /// Which outcome.
        outcome: usize,
        /// The value it came to.
        value: f64,
    },
    /// Every outcome's present value was finite, but together they reach beyond
    /// [`MAX_FIGURE`] (Σ |PV|, which bounds the total and every stakeholder's sum).
    Total {
        /// Σ |PV| of the outcomes.
        value: f64,
    },
    /// The ratio was beyond [`MAX_FIGURE`] or not a finite number (a positive investment
    /// too small to divide by).
    Ratio {
        /// The ratio it came to.
        value: f64,
    },
}

/// The largest magnitude a draw's figures may reach: the investment, Σ |PV| of the
/// outcomes, the ratio. A draw beyond it is a breach. Far past any real sum of money
/// (world output is about 1e14 a year), it keeps every statistic over up to a billion
/// draws finite: squares stay below 1e200, their sums below 1e209.
pub const MAX_FIGURE: f64 = 1e100;

/// Whether a magnitude is a number no larger than [`MAX_FIGURE`] (NaN is not).
fn within(x: f64) -> bool {
    x.abs() <= MAX_FIGURE
}

/// A model compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Plan {
    ops: Vec<Op>,
    template: Vec<f64>,
    leaves: Vec<Leaf>,
    quantity_regs: Vec<Reg>,
    outcomes: Vec<OutcomeRegs>,
    outcome_stakeholder: Vec<usize>,
    outcome_weight: Vec<f64>,
    weighted: bool,
    cohort_regs: Vec<Reg>,
    /// (amount, year, discounting, 1 + the optimism-bias correction, times the money
    /// factor) of each amount.
    inputs: Vec<(Reg, u32, Disc, f64)>,
    /// Each funder's inputs (as `inputs`): a funder's investment is summed over its own
    /// inputs alone, so that many funders do not cost funders × inputs a draw.
    funder_inputs: Vec<Vec<(Reg, u32, Disc, f64)>>,
    /// The factors of each schedule, by year, as far as any item reaches (empty if unused).
    tables: [Box<[f64]>; 2],
    /// The last year any item counts in (for the discounted payback's flows).
    last_year: u32,
    checks: Vec<Check>,
    n_stakeholders: usize,
    copula: Copula,
    /// What the funder's ledger reads: kinds of value, agencies, cashable shares.
    ledger: ledger::LedgerPlan,
}

impl Plan {
    /// Compiles a checked model.
    pub fn new(model: &Model) -> Plan {
        let mut b = Builder {
            ops: Vec::new(),
            template: vec![0.0, DEFAULT_DISCOUNT_RATE, 1.0],
            leaves: Vec::new(),
            quantity_regs: vec![Reg::MAX; model.quantities.len()],
        };
        for &q in &model.order {
            let quantity = &model.quantities[q];
            let reg = match &quantity.def {
                Def::Dist(d) => {
                    let reg = b.fresh(d.base());
                    b.ops.push(Op::Leaf {
                        dst: reg,
                        leaf: b.leaves.len() as u32,
                    });
                    b.leaves.push(Leaf {
                        dist: d.clone(),
                        name: quantity.name.clone(),
                    });
                    reg
                }
                Def::Expr(e) => b.expr(e, model, q),
            };
            b.quantity_regs[q] = reg;
        }
        let disc = |d: Option<Discount>, regs: &[Reg]| match d.or(model.discount_rate) {
            Some(Discount::Rate(q)) => Disc::Rate(regs[q]),
            Some(Discount::Schedule(s)) => Disc::Table(s),
            None => Disc::Rate(DISCOUNT),
        };
        let mut outcomes = Vec::new();
        let mut cohort_regs = Vec::new();
        let mut last_year = 0;
        for o in &model.outcomes {
            let regs = &b.quantity_regs;
            let opt = |q: Option<QId>| q.map_or(ZERO, |q| regs[q]);
            let first = cohort_regs.len() as u32;
            if o.cohorts.is_empty() {
                cohort_regs.push(ONE);
            } else {
                cohort_regs.extend(o.cohorts.iter().map(|&q| regs[q]));
            }
            let (duration, longest) = match o.duration {
                Duration::Years(d) => (None, d),
                // Sensitivity may move it anywhere up to MAX_YEARS: the tables reach that far.
                Duration::Random(q) => (Some(regs[q]), MAX_YEARS as u32),
            };
            let n_cohorts = cohort_regs.len() as u32 - first;
            last_year = last_year.max(o.start_year + n_cohorts - 1 + longest - 1);
            let discount = disc(o.discount_rate, regs);
            let regs = OutcomeRegs {
                quantity: regs[o.quantity],
                value: regs[o.value],
                deadweight: opt(o.deadweight),
                displacement: opt(o.displacement),
                attribution: opt(o.attribution),
                drop_off: opt(o.drop_off),
                duration: duration.unwrap_or_else(|| b.fresh(f64::from(longest))),
                fixed_duration: duration.is_none().then_some(longest),
                start_year: o.start_year,
                optimism: o.optimism * model.money_factor,
                cohorts: (first, cohort_regs.len() as u32),
                discount,
            };
            outcomes.push(regs);
        }
        let regs = &b.quantity_regs;
        let mut inputs = Vec::new();
        let mut funder_inputs = vec![Vec::new(); model.funders.len()];
        for i in &model.inputs {
            for &(year, q) in &i.amounts {
                let item = (
                    regs[q],
                    year,
                    disc(i.discount_rate, regs),
                    i.optimism * model.money_factor,
                );
                inputs.push(item);
                funder_inputs[i.funder].push(item);
                last_year = last_year.max(year);
            }
        }
        let uses = |s: Schedule| {
            outcomes
                .iter()
                .any(|o| matches!(o.discount, Disc::Table(t) if t == s))
                || inputs
                    .iter()
                    .any(|i| matches!(i.2, Disc::Table(t) if t == s))
        };
        let table = |s: Schedule| {
            if uses(s) {
                s.factors(last_year).into_boxed_slice()
            } else {
                Box::default()
            }
        };
        let tables = [table(Schedule::GreenBook), table(Schedule::GreenBookHealth)];
        // A number or distribution was checked against its role when the model was
        // compiled (its whole support is allowed), so only expressions can break a rule.
        let checks = model
            .order
            .iter()
            .map(|&q| (q, &model.quantities[q]))
            .filter(|(_, quantity)| !quantity.is_leaf())
            .map(|(q, quantity)| Check {
                reg: regs[q],
                role: quantity.role,
                quantity: q,
            })
            .collect();
        let ledger = ledger::LedgerPlan::new(model, regs, |i| disc(i.discount_rate, regs));
        let mut plan = Plan {
            ops: b.ops,
            template: b.template,
            leaves: b.leaves,
            quantity_regs: b.quantity_regs,
            outcomes,
            outcome_stakeholder: model.outcomes.iter().map(|o| o.stakeholder).collect(),
            weighted: model.is_weighted(),
            outcome_weight: {
                let weights = model.weight_values();
                model
                    .outcomes
                    .iter()
                    .map(|o| weights[o.stakeholder])
                    .collect()
            },
            cohort_regs,
            inputs,
            funder_inputs,
            tables,
            last_year,
            checks,
            n_stakeholders: model.stakeholders.len(),
            copula: Copula::default(),
            ledger,
        };
        plan.copula = Copula::new(&model.correlations, plan.leaves.len(), |q| plan.leaf_of(q));
        plan
    }

    /// The correlations between leaves (empty when the model has none).
    pub fn copula(&self) -> &Copula {
        &self.copula
    }

    /// Scratch space for evaluating `width` draws at a time (constants filled in).
    pub fn lanes(&self, width: usize) -> Lanes {
        let mut regs = vec![0.0; self.template.len() * width];
        for (row, &init) in regs.chunks_mut(width).zip(&self.template) {
            row.fill(init);
        }
        Lanes {
            width,
            regs,
            outcome_pv: vec![0.0; self.outcomes.len() * width],
            present_value: vec![0.0; width],
            investment: vec![0.0; width],
            first_year: vec![0.0; width],
        }
    }

    /// The number of outcomes.
    pub fn n_outcomes(&self) -> usize {
        self.outcomes.len()
    }

    /// The number of outcome stakeholders.
    pub fn n_stakeholders(&self) -> usize {
        self.n_stakeholders
    }

    /// The number of funders (input stakeholders).
    pub fn n_funders(&self) -> usize {
        self.funder_inputs.len()
    }

    /// The discounted investment funder `f` bears in evaluated lane `k`.
    pub fn funder_investment(&self, lanes: &Lanes, f: usize, k: usize) -> f64 {
        self.funder_inputs[f]
            .iter()
            .map(|&(reg, year, disc, ob)| {
                lanes.row(reg)[k] * ob * self.factors(disc, &lanes.regs, lanes.width, k).at(year)
            })
            .sum()
    }

    /// How lane `k` of registers `regs` (`w` lanes wide) discounts an item.
    #[inline]
    fn factors(&self, disc: Disc, regs: &[f64], w: usize, k: usize) -> Factors<'_> {
        match disc {
            Disc::Rate(r) => Factors::Rate(regs[r as usize * w + k]),
            Disc::Table(s) => Factors::Table(&self.tables[s as usize]),
        }
    }

    /// Each year's discounted value and discounted investment in evaluated lane `k`
    /// (index = year, from 0 to the last year any item counts in): the flows the
    /// discounted payback follows.
    pub fn yearly_flows(&self, lanes: &Lanes, k: usize) -> (Vec<f64>, Vec<f64>) {
        let (w, regs) = (lanes.width, &lanes.regs);
        let at = |r: Reg| regs[r as usize * w + k];
        let years = self.last_year as usize + 1;
        let (mut value, mut investment) = (vec![0.0; years], vec![0.0; years]);
        for o in &self.outcomes {
            let impact = first_year_impact(&self.terms(o, regs, w, k, Scale::NONE));
            let keep = 1.0 - at(o.drop_off);
            let duration = years_of(at(o.duration));
            let factors = self.factors(o.discount, regs, w, k);
            let weights = &self.cohort_regs[o.cohorts.0 as usize..o.cohorts.1 as usize];
            for (c, &weight) in weights.iter().enumerate() {
                let mut kept = at(weight) * impact;
                for j in 0..duration {
                    let t = o.start_year + c as u32 + j;
                    value[t as usize] += kept * factors.at(t);
                    kept *= keep;
                }
            }
        }
        for &(reg, year, disc, ob) in &self.inputs {
            investment[year as usize] += at(reg) * ob * self.factors(disc, regs, w, k).at(year);
        }
        (value, investment)
    }

    /// What the SROI arithmetic needs of outcome `o` in lane `k`, scaled by `scale`.
    #[inline]
    fn terms(
        &self,
        o: &OutcomeRegs,
        regs: &[f64],
        w: usize,
        k: usize,
        scale: Scale,
    ) -> OutcomeTerms {
        let at = |r: Reg| regs[r as usize * w + k];
        OutcomeTerms {
            quantity: at(o.quantity) * scale.quantity,
            value: at(o.value) * scale.value * o.optimism,
            deadweight: at(o.deadweight),
            displacement: at(o.displacement),
            attribution: at(o.attribution),
            drop_off: at(o.drop_off),
            duration: years_of(at(o.duration)),
            start_year: o.start_year,
        }
    }

    /// The stakeholder of each outcome.
    pub fn outcome_stakeholders(&self) -> &[usize] {
        &self.outcome_stakeholder
    }

    /// True when some outcome's stakeholder has a distributional weight other than none.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// The present value of draw `k` with each outcome's value multiplied by its
    /// stakeholder's distributional weight (1 where none is given).
    pub fn weighted_present_value(&self, lanes: &Lanes, k: usize) -> f64 {
        self.outcome_weight
            .iter()
            .enumerate()
            .map(|(o, w)| w * lanes.outcome_pv(o, k))
            .sum()
    }

    /// Every leaf (a quantity that is a number or a distribution) in register order: its
    /// stable name, which keys its random stream, and its distribution.
    pub fn leaves(&self) -> impl Iterator<Item = (&str, &Dist)> {
        self.leaves.iter().map(|l| (l.name.as_str(), &l.dist))
    }

    /// Evaluates the first `n` lanes: `leaf(index, dist, row)` fills each leaf's row, then
    /// the instructions and the SROI arithmetic run over every lane.
    #[inline]
    pub fn evaluate(
        &self,
        lanes: &mut Lanes,
        n: usize,
        mut leaf: impl FnMut(usize, &Dist, &mut [f64]),
    ) {
        let w = lanes.width;
        debug_assert!(n <= w);
        let regs = &mut lanes.regs;
        for op in &self.ops {
            match *op {
                Op::Leaf { dst, leaf: l } => {
                    let l = l as usize;
                    leaf(l, &self.leaves[l].dist, &mut regs[dst as usize * w..][..n]);
                }
                Op::Neg { dst, a } => lanewise(regs, w, n, dst, [a, a], |x, _| -x),
                // The operation chosen once a row, not once a lane, so that each is a plain
                // loop the compiler turns into vector instructions.
                Op::Bin { dst, op, a, b } => match op {
                    BinOp::Add => lanewise(regs, w, n, dst, [a, b], |x, y| x + y),
                    BinOp::Sub => lanewise(regs, w, n, dst, [a, b], |x, y| x - y),
                    BinOp::Mul => lanewise(regs, w, n, dst, [a, b], |x, y| x * y),
                    BinOp::Div => lanewise(regs, w, n, dst, [a, b], |x, y| x / y),
                    BinOp::Pow => lanewise(regs, w, n, dst, [a, b], |x, y| op.apply(x, y)),
                },
                Op::Call { dst, func, a, b } => match func {
                    Func::Min => lanewise(regs, w, n, dst, [a, b], f64::min),
                    Func::Max => lanewise(regs, w, n, dst, [a, b], f64::max),
                },
            }
        }
        self.totals::<false>(lanes, n, Scale::NONE, None);
    }

    /// Evaluates the base case into lane 0.
    pub fn evaluate_base(&self, lanes: &mut Lanes) {
        self.evaluate(lanes, 1, |_, dist, row| row.fill(dist.base()));
    }

    /// The SROI arithmetic over the first `n` lanes of evaluated registers, with outcome
    /// values, outcome quantities and input amounts multiplied by `scale`'s factors when
    /// `SCALED`. Unscaled, the factors are the constant 1 and compile away: sampling pays
    /// nothing for them.
    fn totals<const SCALED: bool>(
        &self,
        lanes: &mut Lanes,
        n: usize,
        scale: Scale,
        adjust: Option<&Adjust>,
    ) {
        match Width::widest() {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` gives only widths whose instructions the processor
            // has.
            Width::Avx512 => unsafe { self.totals_avx512::<SCALED>(lanes, n, scale, adjust) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Width::Avx2 => unsafe { self.totals_avx2::<SCALED>(lanes, n, scale, adjust) },
            Width::Portable => self.totals_portable::<SCALED>(lanes, n, scale, adjust),
        }
    }

    /// [`Plan::totals_portable`] compiled for AVX-512.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn totals_avx512<const SCALED: bool>(
        &self,
        lanes: &mut Lanes,
        n: usize,
        scale: Scale,
        adjust: Option<&Adjust>,
    ) {
        self.totals_portable::<SCALED>(lanes, n, scale, adjust);
    }

    /// [`Plan::totals_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn totals_avx2<const SCALED: bool>(
        &self,
        lanes: &mut Lanes,
        n: usize,
        scale: Scale,
        adjust: Option<&Adjust>,
    ) {
        self.totals_portable::<SCALED>(lanes, n, scale, adjust);
    }

    /// [`Plan::totals`] for any processor: the code every width compiles, IEEE arithmetic
    /// that rounds alike in each.
    #[inline(always)]
    fn totals_portable<const SCALED: bool>(
        &self,
        lanes: &mut Lanes,
        n: usize,
        scale: Scale,
        adjust: Option<&Adjust>,
    ) {
        let scale = if SCALED { scale } else { Scale::NONE };
        let adjust = if SCALED { adjust } else { None };
        let w = lanes.width;
        let regs = &lanes.regs;
        lanes.present_value[..n].fill(0.0);
        lanes.first_year[..n].fill(0.0);
        let row = |r: Reg| &regs[r as usize * w..][..n];
        // The common outcomes' working lanes (see below), made once for all of them.
        let [mut impact, mut vf, mut step, mut factor, mut sum] = [[0.0; CHUNK]; 5];
        for (i, (o, pv_row)) in self
            .outcomes
            .iter()
            .zip(lanes.outcome_pv.chunks_mut(w))
            .enumerate()
        {
            let (q, v, dw, ds, at, dr, dur) = (
                row(o.quantity),
                row(o.value),
                row(o.deadweight),
                row(o.displacement),
                row(o.attribution),
                row(o.drop_off),
                row(o.duration),
            );
            let (rate, table) = match o.discount {
                Disc::Rate(r) => (row(r), &[][..]),
                Disc::Table(s) => (row(ZERO), &self.tables[s as usize][..]),
            };
            let weights = &self.cohort_regs[o.cohorts.0 as usize..o.cohorts.1 as usize];
            // One cohort of weight 1 (no `cohorts`): its factor alone, as Σ_c w_c · factor_c
            // would give exactly.
            let single = weights == [ONE];
            let pv_row = &mut pv_row[..n];
            if let (true, Disc::Rate(_), Some(duration), None) =
                (single, o.discount, o.fixed_duration, adjust)
            {
                // The common case, without cohorts, schedules, random durations or
                // adjustments: lane by lane, in the same operations as `cohort_factor`.
                let start = o.start_year;
                for c in (0..n).step_by(CHUNK) {
                    let m = CHUNK.min(n - c);
                    let r = c..c + m;
                    for (k, ((((q, x), dw), ds), at)) in q[r.clone()]
                        .iter()
                        .zip(&v[r.clone()])
                        .zip(&dw[r.clone()])
                        .zip(&ds[r.clone()])
                        .zip(&at[r.clone()])
                        .enumerate()
                    {
                        let (quantity, value) = (q * scale.quantity, x * scale.value * o.optimism);
                        impact[k] = quantity * value * (1.0 - dw) * (1.0 - ds) * (1.0 - at);
                    }
                    for (k, (rate, d)) in rate[r.clone()].iter().zip(&dr[r.clone()]).enumerate() {
                        vf[k] = 1.0 / (1.0 + rate);
                        step[k] = (1.0 - d) * vf[k];
                    }
                    // v^start (v = 1 / (1 + r)) by repeated squaring, as `pow`; then the
                    // years' factors, summed.
                    factor[..m].fill(1.0);
                    let mut e = start;
                    while e > 0 {
                        if e & 1 == 1 {
                            for (f, x) in factor[..m].iter_mut().zip(&vf[..m]) {
                                *f *= x;
                            }
                        }
                        for x in &mut vf[..m] {
                            *x *= *x;
                        }
                        e >>= 1;
                    }
                    sum[..m].fill(0.0);
                    for _ in 0..duration {
                        for ((s, f), step) in sum[..m].iter_mut().zip(&mut factor[..m]).zip(&step) {
                            *s += *f;
                            *f *= step;
                        }
                    }
                    let (pv, total, first) = (
                        &mut pv_row[r.clone()],
                        &mut lanes.present_value[r.clone()],
                        &mut lanes.first_year[r],
                    );
                    for k in 0..m {
                        let present_value = impact[k] * sum[k];
                        pv[k] = present_value;
                        total[k] += present_value;
                        first[k] += impact[k];
                    }
                }
                continue;
            }
            if let (true, Disc::Rate(_), Some(duration)) = (single, o.discount, o.fixed_duration) {
                // The same with an adjustment, draw by draw.
                for k in 0..n {
                    let mut terms = OutcomeTerms {
                        quantity: q[k] * scale.quantity,
                        value: v[k] * scale.value * o.optimism,
                        deadweight: dw[k],
                        displacement: ds[k],
                        attribution: at[k],
                        drop_off: dr[k],
                        duration,
                        start_year: o.start_year,
                    };
                    if let Some(a) = adjust {
                        a.apply(i, &mut terms, scale.value * o.optimism);
                    }
                    let impact = first_year_impact(&terms);
                    let keep = 1.0 - terms.drop_off;
                    let sum =
                        cohort_factor(o.start_year, terms.duration, keep, Factors::Rate(rate[k]));
                    let present_value = impact * sum;
                    pv_row[k] = present_value;
                    lanes.present_value[k] += present_value;
                    lanes.first_year[k] += impact;
                }
                continue;
            }
            for k in 0..n {
                let mut terms = OutcomeTerms {
                    quantity: q[k] * scale.quantity,
                    value: v[k] * scale.value * o.optimism,
                    deadweight: dw[k],
                    displacement: ds[k],
                    attribution: at[k],
                    drop_off: dr[k],
                    duration: years_of(dur[k]),
                    start_year: o.start_year,
                };
                if let Some(a) = adjust {
                    a.apply(i, &mut terms, scale.value * o.optimism);
                }
                let impact = first_year_impact(&terms);
                let keep = 1.0 - terms.drop_off;
                let factors = match o.discount {
                    Disc::Rate(_) => Factors::Rate(rate[k]),
                    Disc::Table(_) => Factors::Table(table),
                };
                let weight = |c: usize| regs[weights[c] as usize * w + k];
                let (sum, first) = match factors {
                    _ if single => (
                        cohort_factor(o.start_year, terms.duration, keep, factors),
                        1.0,
                    ),
                    // At one rate, cohort c's factor is the first cohort's times v^c, v the
                    // year's discount factor: Σ_c w_c v^c times the first cohort's factor.
                    Factors::Rate(r) => {
                        let v = 1.0 / (1.0 + r);
                        let (mut shifted, mut vc) = (0.0, 1.0);
                        for c in 0..weights.len() {
                            shifted += weight(c) * vc;
                            vc *= v;
                        }
                        let first = cohort_factor(o.start_year, terms.duration, keep, factors);
                        (first * shifted, weight(0))
                    }
                    Factors::Table(_) => {
                        let mut sum = 0.0;
                        for c in 0..weights.len() {
                            let start = o.start_year + c as u32;
                            sum += weight(c) * cohort_factor(start, terms.duration, keep, factors);
                        }
                        (sum, weight(0))
                    }
                };
                let present_value = impact * sum;
                pv_row[k] = present_value;
                lanes.present_value[k] += present_value;
                lanes.first_year[k] += impact * first;
            }
        }
        lanes.investment[..n].fill(0.0);
        let scale = Scale {
            investment: scale.investment * adjust.map_or(1.0, |a| a.investment_factor),
            ..scale
        };
        for &(reg, year, disc, ob) in &self.inputs {
            let amount = row(reg);
            match disc {
                Disc::Rate(r) => {
                    let rate = row(r);
                    for k in 0..n {
                        lanes.investment[k] +=
                            amount[k] * ob * scale.investment * discount_factor(rate[k], year);
                    }
                }
                Disc::Table(s) => {
                    let factor = self.tables[s as usize][year as usize];
                    for (total, a) in lanes.investment[..n].iter_mut().zip(amount) {
                        *total += a * ob * scale.investment * factor;
                    }
                }
            }
        }
    }

    /// The value of quantity `q` in each evaluated lane.
    pub fn quantity_row<'a>(&self, lanes: &'a Lanes, q: QId) -> &'a [f64] {
        lanes.row(self.quantity_regs[q])
    }

    /// The first rule lane `k` breaks, if any.
    #[inline]
    pub fn violation(&self, lanes: &Lanes, k: usize) -> Option<Violation> {
        self.violations(lanes, k).next()
    }

    /// True when none of the first `n` lanes breaks a rule: exactly when
    /// [`Plan::violation`] finds nothing in any of them, but taken a row at a time without
    /// a branch per lane, so that the draws that keep every rule (nearly all) are checked
    /// for a fraction of the cost of asking each lane.
    pub fn all_keep_rules(&self, lanes: &Lanes, n: usize) -> bool {
        match Width::widest() {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` gives only widths whose instructions the processor
            // has.
            Width::Avx512 => unsafe { self.all_keep_rules_avx512(lanes, n) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Width::Avx2 => unsafe { self.all_keep_rules_avx2(lanes, n) },
            Width::Portable => self.all_keep_rules_portable(lanes, n),
        }
    }

    /// [`Plan::all_keep_rules_portable`] compiled for AVX-512.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn all_keep_rules_avx512(&self, lanes: &Lanes, n: usize) -> bool {
        self.all_keep_rules_portable(lanes, n)
    }

    /// [`Plan::all_keep_rules_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn all_keep_rules_avx2(&self, lanes: &Lanes, n: usize) -> bool {
        self.all_keep_rules_portable(lanes, n)
    }

    /// [`Plan::all_keep_rules`] for any processor: the code every width compiles.
    #[inline(always)]
    fn all_keep_rules_portable(&self, lanes: &Lanes, n: usize) -> bool {
        let within_all = |row: &[f64], (lo, hi): (f64, f64)| {
            row[..n]
                .iter()
                .fold(true, |ok, &x| ok & (lo <= x) & (x <= hi))
        };
        let quantities = self
            .checks
            .iter()
            .all(|c| within_all(lanes.row(c.reg), c.role.closed_bounds()));
        let investment = lanes.investment[..n]
            .iter()
            .fold(true, |ok, &x| ok & (x > 0.0) & (x <= MAX_FIGURE));
        // Σ |PV| within MAX_FIGURE also says every outcome's PV is finite (an infinity or
        // NaN would carry into the sum), and the ratio must be within it too.
        // Each lane's sum in outcome order, as `violations` forms it, but outcome by
        // outcome over a chunk of lanes.
        let mut totals = true;
        let mut magnitude = [0.0; CHUNK];
        for c in (0..n).step_by(CHUNK) {
            let lanes_c = c..(c + CHUNK).min(n);
            let magnitude = &mut magnitude[..lanes_c.len()];
            magnitude.fill(0.0);
            for o in 0..self.outcomes.len() {
                for (sum, pv) in magnitude.iter_mut().zip(&lanes.pv_row(o)[lanes_c.clone()]) {
                    *sum += pv.abs();
                }
            }
            let (pv, inv) = (
                &lanes.present_value[lanes_c.clone()],
                &lanes.investment[lanes_c],
            );
            totals &= magnitude
                .iter()
                .zip(pv.iter().zip(inv))
                .fold(true, |ok, (&m, (&p, &i))| {
                    ok & (m <= MAX_FIGURE) & ((p / i).abs() <= MAX_FIGURE)
                });
        }
        quantities && investment && totals
    }

    /// Every rule lane `k` breaks: quantities in evaluation order, then the investment.
    #[inline]
    pub fn violations<'a>(
        &'a self,
        lanes: &'a Lanes,
        k: usize,
    ) -> impl Iterator<Item = Violation> + 'a {
        let quantities = self.checks.iter().filter_map(move |c| {
            let x = lanes.row(c.reg)[k];
            (!c.role.allows(x)).then_some(Violation::Quantity {
                quantity: c.quantity,
                value: x,
            })
        });
        let investment = lanes.investment[k];
        let investment = (!(investment > 0.0 && within(investment)))
            .then_some(Violation::Investment { value: investment });
        // Overflow: each outcome, then their sum of magnitudes (which bounds every total
        // and every stakeholder's sum), then the ratio.
        let outcomes = (0..self.outcomes.len()).filter_map(move |o| {
            let value = lanes.outcome_pv(o, k);
            (!value.is_finite()).then_some(Violation::Outcome { outcome: o, value })
        });
        let overflow = move || {
            let (finite, magnitude) = (0..self.outcomes.len()).fold((true, 0.0), |(f, m), o| {
                let pv = lanes.outcome_pv(o, k);
                (f && pv.is_finite(), m + pv.abs())
            });
            let total =
                (finite && !within(magnitude)).then_some(Violation::Total { value: magnitude });
            let investment = lanes.investment[k];
            let ratio = lanes.totals(k).ratio();
            let ratio = (investment > 0.0
                && investment <= MAX_FIGURE
                && finite
                && total.is_none()
                && !within(ratio.abs()))
            .then_some(Violation::Ratio { value: ratio });
            total.into_iter().chain(ratio)
        };
        quantities
            .chain(investment)
            .chain(outcomes)
            .chain(std::iter::once(()).flat_map(move |()| overflow()))
    }

    /// The leaf that holds quantity `q`, if `q` is a number or a distribution.
    pub fn leaf_of(&self, q: QId) -> Option<usize> {
        let reg = self.quantity_regs[q];
        self.ops.iter().find_map(|op| match *op {
            Op::Leaf { dst, leaf } if dst == reg => Some(leaf as usize),
            _ => None,
        })
    }

    /// Redoes the SROI arithmetic of the first `n` evaluated lanes with every outcome value,
    /// outcome quantity and input amount multiplied by `scale`'s factors: the whole group
    /// moved at once, after any expressions that define them (sensitivity's groups).
    pub fn rescale(&self, lanes: &mut Lanes, n: usize, scale: Scale) {
        self.totals::<true>(lanes, n, scale, None);
    }

    /// Redoes the SROI arithmetic of the first `n` evaluated lanes under `adjust` (the
    /// standard sensitivity tests), every quantity as evaluated.
    pub fn retotal(&self, lanes: &mut Lanes, n: usize, adjust: &Adjust) {
        self.totals::<true>(lanes, n, Scale::NONE, Some(adjust));
    }
}

/// Factors on every outcome value, every outcome quantity and every input amount, as the
/// SROI arithmetic reads them. Multiplying by 1 is exact, so [`Scale::NONE`] changes no bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Factor on every outcome's value (proxy).
    pub value: f64,
    /// Factor on every outcome's quantity.
    pub quantity: f64,
    /// Factor on every input amount.
    pub investment: f64,
}

impl Scale {
    /// No change.
    pub const NONE: Scale = Scale {
        value: 1.0,
        quantity: 1.0,
        investment: 1.0,
    };
}

/// Scratch registers for evaluating a group of draws, one lane per draw.
#[derive(Debug, Clone)]
pub struct Lanes {
    width: usize,
    regs: Vec<f64>,
    outcome_pv: Vec<f64>,
    present_value: Vec<f64>,
    investment: Vec<f64>,
    first_year: Vec<f64>,
}

impl Lanes {
    fn row(&self, reg: Reg) -> &[f64] {
        &self.regs[reg as usize * self.width..][..self.width]
    }

    /// The totals of lane `k`.
    #[inline]
    pub fn totals(&self, k: usize) -> Totals {
        Totals {
            present_value: self.present_value[k],
            investment: self.investment[k],
            first_year: self.first_year[k],
        }
    }

    /// The present value of outcome `o` in every lane.
    fn pv_row(&self, o: usize) -> &[f64] {
        &self.outcome_pv[o * self.width..][..self.width]
    }

    /// The present value of outcome `o` in lane `k`.
    #[inline]
    pub fn outcome_pv(&self, o: usize, k: usize) -> f64 {
        self.outcome_pv[o * self.width + k]
    }
}

/// Lanes the SROI arithmetic takes at a time, in arrays on the stack.
const CHUNK: usize = 64;

/// Sets the first `n` lanes of register `dst` to `f` of those of registers `a` and `b`
/// (each `w` lanes wide in `regs`), lane by lane.
#[inline(always)]
fn lanewise(
    regs: &mut [f64],
    w: usize,
    n: usize,
    dst: Reg,
    [a, b]: [Reg; 2],
    f: impl Fn(f64, f64) -> f64,
) {
    let (d, a, b) = (dst as usize, a as usize, b as usize);
    if d == a || d == b {
        // Never so in a compiled plan (every operation writes a fresh register).
        for k in 0..n {
            regs[d * w + k] = f(regs[a * w + k], regs[b * w + k]);
        }
        return;
    }
    let (below, rest) = regs.split_at_mut(d * w);
    let (out, above) = rest.split_at_mut(w);
    let row = |r: usize| match r < d {
        true => &below[r * w..][..n],
        false => &above[(r - d - 1) * w..][..n],
    };
    for ((o, &x), &y) in out[..n].iter_mut().zip(row(a)).zip(row(b)) {
        *o = f(x, y);
    }
}

const ZERO: Reg = 0;
const DISCOUNT: Reg = 1;
const ONE: Reg = 2;

/// A duration register's value as whole years: always a whole number from 1 to
/// [`MAX_YEARS`] (a checked leaf, or a switching-value search's whole number), kept so.
#[inline]
fn years_of(x: f64) -> u32 {
    x.clamp(1.0, MAX_YEARS as f64) as u32
}

struct Builder {
    ops: Vec<Op>,
    template: Vec<f64>,
    leaves: Vec<Leaf>,
    quantity_regs: Vec<Reg>,
}

impl Builder {
    fn fresh(&mut self, init: f64) -> Reg {
        self.template.push(init);
        (self.template.len() - 1) as Reg
    }

    fn expr(&mut self, e: &Expr, model: &Model, q: QId) -> Reg {
        match e {
            Expr::Num(x) => self.fresh(*x),
            Expr::Var { name, .. } => {
                let dep = model.quantities[q]
                    .deps
                    .iter()
                    .copied()
                    .find(|&d| crate::model::checked::short_name(&model.quantities[d].name) == name)
                    .expect("names were resolved when the model was checked");
                self.quantity_regs[dep]
            }
            Expr::Neg(a) => {
                let a = self.expr(a, model, q);
                let dst = self.fresh(0.0);
                self.ops.push(Op::Neg { dst, a });
                dst
            }
            Expr::Bin { op, lhs, rhs } => {
                let a = self.expr(lhs, model, q);
                let b = self.expr(rhs, model, q);
                let dst = self.fresh(0.0);
                self.ops.push(Op::Bin { dst, op: *op, a, b });
                dst
            }
            Expr::Call { func, args } => {
                let a = self.expr(&args[0], model, q);
                let b = self.expr(&args[1], model, q);
                let dst = self.fresh(0.0);
                self.ops.push(Op::Call {
                    dst,
                    func: *func,
                    a,
                    b,
                });
                dst
            }
        }
    }
}
