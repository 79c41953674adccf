//! The compiled plan: a checked model flattened into registers and instructions.
//!
//! Every named quantity, and every intermediate of an expression, gets a register; the
//! instructions fill them in dependency order, then the SROI arithmetic reads them. One
//! draw is a loop over a short `Vec<Op>` writing into a caller-owned `&mut [f64]`: no
//! allocation, no strings, no lookups by name. The same plan serves the Monte Carlo
//! draws, the base case, and any evaluation with some quantities moved (sensitivity).

use crate::compile::{DEFAULT_DISCOUNT_RATE, Def, Model, QId, Role};
use crate::dist::Dist;
use crate::expr::{BinOp, Expr, Func};
use crate::rng::{DrawRng, stream_key};
use crate::sroi::{OutcomeTerms, Totals, discount_factor, outcome_value};

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
pub struct Leaf {
    /// The quantity it defines.
    pub quantity: QId,
    /// Its distribution (a number is fixed).
    pub dist: Dist,
    /// Its stable name, which keys its random stream.
    pub name: String,
}

#[derive(Debug, Clone, Copy)]
struct OutcomeRegs {
    quantity: Reg,
    value: Reg,
    deadweight: Reg,
    displacement: Reg,
    attribution: Reg,
    drop_off: Reg,
    duration: u32,
    start_year: u32,
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
    /// The draw's investment was not positive.
    Investment {
        /// The investment it came to.
        value: f64,
    },
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
    inputs: Vec<(Reg, u32)>,
    input_funder: Vec<usize>,
    discount: Reg,
    checks: Vec<Check>,
    n_stakeholders: usize,
    n_funders: usize,
}

impl Plan {
    /// Compiles a checked model.
    pub fn new(model: &Model) -> Plan {
        let mut b = Builder {
            ops: Vec::new(),
            template: vec![0.0, DEFAULT_DISCOUNT_RATE],
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
                        quantity: q,
                        dist: d.clone(),
                        name: quantity.name.clone(),
                    });
                    reg
                }
                Def::Expr(e) => b.expr(e, model, q),
            };
            b.quantity_regs[q] = reg;
        }
        let regs = &b.quantity_regs;
        let opt = |q: Option<QId>| q.map_or(ZERO, |q| regs[q]);
        let outcomes = model
            .outcomes
            .iter()
            .map(|o| OutcomeRegs {
                quantity: regs[o.quantity],
                value: regs[o.value],
                deadweight: opt(o.deadweight),
                displacement: opt(o.displacement),
                attribution: opt(o.attribution),
                drop_off: opt(o.drop_off),
                duration: o.duration,
                start_year: o.start_year,
            })
            .collect();
        let mut inputs = Vec::new();
        let mut input_funder = Vec::new();
        for i in &model.inputs {
            for &(year, q) in &i.amounts {
                inputs.push((regs[q], year));
                input_funder.push(i.funder);
            }
        }
        // A number or distribution was checked against its role when the model was
        // compiled (its whole support is allowed), so only expressions can break a rule.
        let checks = model
            .quantities
            .iter()
            .enumerate()
            .filter(|(_, quantity)| !quantity.is_leaf())
            .map(|(q, quantity)| Check {
                reg: regs[q],
                role: quantity.role,
                quantity: q,
            })
            .collect();
        Plan {
            discount: model.discount_rate.map_or(DISCOUNT, |q| regs[q]),
            ops: b.ops,
            template: b.template,
            leaves: b.leaves,
            quantity_regs: b.quantity_regs,
            outcomes,
            outcome_stakeholder: model.outcomes.iter().map(|o| o.stakeholder).collect(),
            inputs,
            input_funder,
            checks,
            n_stakeholders: model.stakeholders.len(),
            n_funders: model.funders.len(),
        }
    }

    /// Fresh registers for one evaluator (constants filled in).
    pub fn registers(&self) -> Vec<f64> {
        self.template.clone()
    }

    /// The leaves (numbers and distributions), in evaluation order.
    pub fn leaves(&self) -> &[Leaf] {
        &self.leaves
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
        self.n_funders
    }

    /// The stakeholder of each outcome.
    pub fn outcome_stakeholders(&self) -> &[usize] {
        &self.outcome_stakeholder
    }

    /// The value of a quantity after [`Plan::evaluate`].
    pub fn quantity_value(&self, regs: &[f64], q: QId) -> f64 {
        regs[self.quantity_regs[q] as usize]
    }

    /// The random-stream key of every leaf under `seed` (0 for fixed leaves, unused).
    pub fn stream_keys(&self, seed: u64) -> Vec<u64> {
        self.leaves
            .iter()
            .map(|l| {
                if l.dist.is_fixed() {
                    0
                } else {
                    stream_key(seed, &l.name)
                }
            })
            .collect()
    }

    /// Fills the registers, asking `leaf(index, dist)` for each leaf's value.
    #[inline]
    pub fn evaluate(&self, regs: &mut [f64], mut leaf: impl FnMut(usize, &Dist) -> f64) {
        for op in &self.ops {
            match *op {
                Op::Leaf { dst, leaf: l } => {
                    let l = l as usize;
                    regs[dst as usize] = leaf(l, &self.leaves[l].dist);
                }
                Op::Neg { dst, a } => regs[dst as usize] = -regs[a as usize],
                Op::Bin { dst, op, a, b } => {
                    regs[dst as usize] = op.apply(regs[a as usize], regs[b as usize]);
                }
                Op::Call { dst, func, a, b } => {
                    regs[dst as usize] = func.apply(regs[a as usize], regs[b as usize]);
                }
            }
        }
    }

    /// Fills the registers with draw `draw` of the Monte Carlo sample.
    #[inline]
    pub fn evaluate_draw(&self, regs: &mut [f64], keys: &[u64], draw: u64) {
        self.evaluate(regs, |l, dist| {
            if dist.is_fixed() {
                dist.base()
            } else {
                dist.sample(&mut DrawRng::new(keys[l], draw))
            }
        });
    }

    /// Fills the registers with the base case.
    pub fn evaluate_base(&self, regs: &mut [f64]) {
        self.evaluate(regs, |_, dist| dist.base());
    }

    /// The SROI totals of evaluated registers; writes each outcome's present value.
    #[inline]
    pub fn totals(&self, regs: &[f64], outcome_pv: &mut [f64]) -> Totals {
        let r = regs[self.discount as usize];
        let mut t = Totals::default();
        for (o, pv) in self.outcomes.iter().zip(outcome_pv.iter_mut()) {
            let terms = OutcomeTerms {
                quantity: regs[o.quantity as usize],
                value: regs[o.value as usize],
                deadweight: regs[o.deadweight as usize],
                displacement: regs[o.displacement as usize],
                attribution: regs[o.attribution as usize],
                drop_off: regs[o.drop_off as usize],
                duration: o.duration,
                start_year: o.start_year,
            };
            let v = outcome_value(&terms, r);
            *pv = v.present_value;
            t.present_value += v.present_value;
            t.year_one += v.year_one;
        }
        t.investment = self
            .inputs
            .iter()
            .map(|&(reg, year)| regs[reg as usize] * discount_factor(r, year))
            .sum();
        t
    }

    /// Each funder's discounted investment in evaluated registers.
    pub fn funder_investment(&self, regs: &[f64], out: &mut [f64]) {
        let r = regs[self.discount as usize];
        out.fill(0.0);
        for (&(reg, year), &f) in self.inputs.iter().zip(&self.input_funder) {
            out[f] += regs[reg as usize] * discount_factor(r, year);
        }
    }

    /// The first rule the evaluated draw breaks, if any.
    #[inline]
    pub fn violation(&self, regs: &[f64], totals: &Totals) -> Option<Violation> {
        for c in &self.checks {
            let x = regs[c.reg as usize];
            if !c.role.allows(x) {
                return Some(Violation::Quantity {
                    quantity: c.quantity,
                    value: x,
                });
            }
        }
        (totals.investment.is_nan() || totals.investment <= 0.0).then_some(Violation::Investment {
            value: totals.investment,
        })
    }
}

const ZERO: Reg = 0;
const DISCOUNT: Reg = 1;

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
                    .find(|&d| crate::compile::short_name(&model.quantities[d].name) == name)
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
