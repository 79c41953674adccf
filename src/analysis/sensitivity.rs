//! Which assumptions matter (spec §7): one-way analysis, switching values, groups and rank
//! correlations, as one result struct.
//!
//! Everything but the rank correlations is a base-case calculation: the same plan that
//! samples the model, evaluated one lane wide with every quantity at its base value except
//! the one being moved. The SROI Guide asks, for each estimate, how far it must move before
//! the ratio falls to 1:1 (the switching value); [`crate::analysis::roots`] finds that point within
//! the values the quantity may take. The rank correlations reuse the Monte Carlo draws
//! the engine makes for `sroi run` (same seed, same draws), in two passes that keep only
//! fine histograms and exact sums ([`crate::analysis::rank_bins`]), so memory does not
//! grow with the draws.

use serde::Serialize;

use crate::analysis::roots::{nearest_root, nearest_whole_root};
use crate::analysis::standard_tests::StandardTest;
use crate::analysis::summary::{RunSettings, breach_error};
use crate::error::Error;
use crate::model::checked::{Def, Model, QId, Role};
use crate::model::dist::Dist;
use crate::model::interval::Interval;
use crate::model::plan::{Lanes, Plan, Scale};
use crate::sample::engine::Column;
use crate::sample::lhs::Method;

/// The percentiles of the one-way analysis: the 5th and the 95th.
pub const LOW_P: f64 = 0.05;
/// See [`LOW_P`].
pub const HIGH_P: f64 = 0.95;

/// How the base-case ratio depends on one named quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantitySensitivity {
    /// Its stable name (spec §5), e.g. `outcomes."Confidence".deadweight`.
    pub name: String,
    /// Its definition as written: `beta(mean 0.2, sd 0.05)`, or a number.
    pub distribution: String,
    /// What kind of figure it is (`share`, `money` or `number`): how its values are shown.
    pub unit: crate::model::unit::Unit,
    /// Its base-case value.
    pub base: f64,
    /// Its 5th percentile (the base for a fixed number).
    pub low: f64,
    /// Its 95th percentile (the base for a fixed number).
    pub high: f64,
    /// The base-case ratio with only this quantity at `low`; `null` if that breaks a rule.
    pub ratio_at_low: Option<f64>,
    /// The base-case ratio with only this quantity at `high`; `null` if that breaks a rule.
    pub ratio_at_high: Option<f64>,
    /// |ratio_at_high − ratio_at_low|: the width of its bar in the tornado.
    pub swing: Option<f64>,
    /// The value of this quantity alone at which the base-case ratio equals the target,
    /// nearest its base value within the values it may take; for a duration, the whole
    /// number of years nearest its base at which the ratio reaches the target; `null` if
    /// there is none.
    pub switching_value: Option<f64>,
    /// switching_value / base − 1; `null` with no switching value or a base of 0.
    pub switching_change: Option<f64>,
    /// Whether the switching value lies within the values the quantity's distribution can
    /// take (its support, and 0–1 for a rate); `null` for a fixed figure (no range) or
    /// with no switching value.
    pub switching_in_range: Option<bool>,
    /// The quantity's distribution function at the switching value (0–1) when it is in
    /// range, else `null`: the chance of a value at most the switching value.
    pub switching_percentile: Option<f64>,
    /// Spearman's correlation of its draws with the ratio's; `null` for a fixed number.
    pub rank_correlation: Option<f64>,
}

/// How far a whole group of figures must move together to bring the ratio to the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSensitivity {
    /// `value` (every outcome's proxy), `quantity` (every outcome's quantity) or
    /// `investment` (every input amount).
    pub name: String,
    /// The c for which multiplying every member by (1 + c) brings the base-case ratio to
    /// the target; `null` if no c > −1 does.
    pub switching_change: Option<f64>,
}

/// Everything `sroi sensitivity` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityReport {
    /// The model's name.
    pub model: String,
    /// The file it was read from.
    pub file: String,
    /// `forecast` or `evaluation` (`[model] kind`).
    pub kind: crate::model::checked::Kind,
    /// Display currency (ISO code).
    pub currency: String,
    /// Number of Monte Carlo draws behind the rank correlations.
    pub iterations: usize,
    /// The seed of those draws.
    pub seed: u64,
    /// How the draws' random numbers were spread: `random` or `lhs` (a Latin hypercube
    /// within each block of draws).
    pub sampling: Method,
    /// The ratio the switching values aim for.
    pub target: f64,
    /// The base-case SROI ratio.
    pub base_ratio: f64,
    /// Every quantity that is a number or a distribution, largest swing first.
    pub quantities: Vec<QuantitySensitivity>,
    /// Outcome values, outcome quantities and input amounts, each moved together.
    pub groups: Vec<GroupSensitivity>,
    /// The standard sensitivity tests, in the spec's order.
    pub standard_tests: Vec<StandardTest>,
}

/// Analyses a model's sensitivity towards a `target` ratio.
pub fn analyse(
    model: &Model,
    plan: &Plan,
    file: &str,
    opts: &RunSettings,
    target: f64,
) -> Result<SensitivityReport, Error> {
    let mut base = BaseCase::new(plan);
    let base_ratio = base.ratio_with(None).unwrap_or(f64::NAN);
    // Every quantity that is a number or a distribution, with its leaf in the plan.
    let leaves: Vec<(QId, usize, &Dist)> = (0..model.quantities.len())
        .filter_map(|q| match &model.quantities[q].def {
            Def::Dist(d) => Some((q, plan.leaf_of(q)?, d)),
            Def::Expr(_) => None,
        })
        .collect();
    let random: Vec<QId> = leaves
        .iter()
        .filter(|(_, _, d)| !d.is_fixed())
        .map(|&(q, ..)| q)
        .collect();
    let correlations = rank_correlations(model, plan, opts, &random)?;
    let correlation_of: std::collections::HashMap<QId, Option<f64>> =
        random.iter().copied().zip(correlations).collect();

    let units = crate::model::unit::units(model);
    let mut quantities: Vec<QuantitySensitivity> = leaves
        .iter()
        .map(|&(q, leaf, dist)| {
            let quantity = &model.quantities[q];
            let (b, low, high) = (dist.base(), dist.quantile(LOW_P), dist.quantile(HIGH_P));
            let ratio_at_low = base.ratio_with(Some((leaf, low)));
            let ratio_at_high = base.ratio_with(Some((leaf, high)));
            let gap = |x| Some(base.ratio_with(Some((leaf, x)))? - target);
            // A duration moves in whole years: its switching value is the nearest whole
            // number at which the ratio has reached the target.
            let switching_value = if quantity.role == Role::Duration {
                nearest_whole_root(gap, b, quantity.role.range())
            } else {
                nearest_root(gap, b, quantity.role.range())
            };
            let switching_in_range = switching_value.filter(|_| !dist.is_fixed()).map(|x| {
                let (lo, hi) = dist.support();
                lo <= x && x <= hi && quantity.role.range().contains(x)
            });
            QuantitySensitivity {
                name: quantity.name.clone(),
                distribution: dist.describe(),
                unit: units[q],
                base: b,
                low,
                high,
                ratio_at_low,
                ratio_at_high,
                swing: ratio_at_high.zip(ratio_at_low).map(|(h, l)| (h - l).abs()),
                switching_value,
                switching_change: switching_value.filter(|_| b != 0.0).map(|x| x / b - 1.0),
                switching_in_range,
                switching_percentile: switching_value
                    .filter(|_| switching_in_range == Some(true))
                    .map(|x| dist.cdf(x)),
                rank_correlation: correlation_of.get(&q).copied().flatten(),
            }
        })
        .collect();
    // Largest swing first; ties (fixed numbers, quantities that change nothing) keep the
    // model's order. A swing that could not be computed goes last.
    quantities.sort_by(|a, b| match (a.swing, b.swing) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (x, y) => y.is_some().cmp(&x.is_some()),
    });

    let groups = [Group::Value, Group::Quantity, Group::Investment]
        .into_iter()
        .map(|group| GroupSensitivity {
            name: group.name().to_string(),
            switching_change: base.group_switch(group, target),
        })
        .collect();

    Ok(SensitivityReport {
        model: model.name.clone(),
        file: file.to_string(),
        kind: model.kind,
        currency: model.currency.clone(),
        iterations: opts.iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        target,
        base_ratio,
        quantities,
        groups,
        standard_tests: crate::analysis::standard_tests::analyse(model, plan, opts)?,
    })
}

/// One-lane evaluations of the base case with at most one leaf moved.
struct BaseCase<'a> {
    plan: &'a Plan,
    lanes: Lanes,
}

impl<'a> BaseCase<'a> {
    fn new(plan: &'a Plan) -> Self {
        BaseCase {
            plan,
            lanes: plan.lanes(1),
        }
    }

    /// The base-case ratio with leaf `moved.0` at value `moved.1`; `None` if a quantity
    /// then breaks its rule or the investment is not positive.
    fn ratio_with(&mut self, moved: Option<(usize, f64)>) -> Option<f64> {
        self.plan.evaluate(&mut self.lanes, 1, |l, dist, row| {
            row[0] = match moved {
                Some((leaf, x)) if leaf == l => x,
                _ => dist.base(),
            }
        });
        self.valid_ratio()
    }

    fn valid_ratio(&self) -> Option<f64> {
        if self.plan.violation(&self.lanes, 0).is_some() {
            return None;
        }
        Some(self.lanes.totals(0).ratio()).filter(|r| r.is_finite())
    }

    /// The c > −1, nearest 0, for which multiplying the group by (1 + c) brings the
    /// base-case ratio to `target`.
    fn group_switch(&mut self, group: Group, target: f64) -> Option<f64> {
        self.plan.evaluate_base(&mut self.lanes);
        let range = Interval {
            lo: -1.0,
            lo_open: true,
            ..Interval::ALL
        };
        let result = nearest_root(
            |c| {
                self.plan.rescale(&mut self.lanes, 1, group.scale(1.0 + c));
                Some(self.valid_ratio()? - target)
            },
            0.0,
            range,
        );
        self.plan.rescale(&mut self.lanes, 1, Scale::NONE);
        result
    }
}

/// The figures spec §7 moves together.
#[derive(Debug, Clone, Copy)]
enum Group {
    /// Every outcome's value (proxy).
    Value,
    /// Every outcome's quantity.
    Quantity,
    /// Every input amount.
    Investment,
}

impl Group {
    fn name(self) -> &'static str {
        match self {
            Group::Value => "value",
            Group::Quantity => "quantity",
            Group::Investment => "investment",
        }
    }

    /// The group's members multiplied by `factor`, everything else as it is.
    fn scale(self, factor: f64) -> Scale {
        match self {
            Group::Value => Scale {
                value: factor,
                ..Scale::NONE
            },
            Group::Quantity => Scale {
                quantity: factor,
                ..Scale::NONE
            },
            Group::Investment => Scale {
                investment: factor,
                ..Scale::NONE
            },
        }
    }
}

/// Spearman's correlation of each random quantity's draws with the ratio's, in the order
/// of `random`: two passes over the draws `sroi run` makes, ranks read from fine bins
/// (see `rank_bins`, which gives the tie rule).
fn rank_correlations(
    model: &Model,
    plan: &Plan,
    opts: &RunSettings,
    random: &[QId],
) -> Result<Vec<Option<f64>>, Error> {
    if random.is_empty() {
        return Ok(Vec::new());
    }
    let columns: Vec<Column> = std::iter::once(Column::Ratio)
        .chain(random.iter().map(|&q| Column::Quantity(q)))
        .collect();
    crate::analysis::rank_bins::correlations(
        plan,
        columns,
        opts.iterations,
        opts.seed,
        opts.uniforms(),
        opts.threads,
        opts.progress,
    )
    .map_err(|b| breach_error(model, opts, &b))
}
