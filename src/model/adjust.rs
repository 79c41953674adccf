//! Changes to the SROI arithmetic itself, applied to every outcome as its present value is
//! summed: the standard sensitivity tests (deadweight and attribution moved
//! by points, drop-off doubled, durations shortened, proxies at a percentile, inputs
//! raised, outcomes left out).

use crate::model::sroi::OutcomeTerms;

/// One change to every outcome's terms and to the inputs; [`Adjust::NONE`] changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjust {
    /// Added to every deadweight, the sum held within 0–1.
    pub deadweight_points: f64,
    /// Added to every attribution, the sum held within 0–1.
    pub attribution_points: f64,
    /// Every drop-off multiplied by this, held at most 1.
    pub drop_off_factor: f64,
    /// Years taken off every duration; an outcome of one year stays one year.
    pub years_less: u32,
    /// Every input amount multiplied by this.
    pub investment_factor: f64,
    /// Per outcome, a value (proxy) to use instead of its own; empty for none.
    pub values: Vec<Option<f64>>,
    /// Per outcome, true to leave it out; empty for none.
    pub without: Vec<bool>,
}

impl Adjust {
    /// No change.
    pub const NONE: Adjust = Adjust {
        deadweight_points: 0.0,
        attribution_points: 0.0,
        drop_off_factor: 1.0,
        years_less: 0,
        investment_factor: 1.0,
        values: Vec::new(),
        without: Vec::new(),
    };

    /// Outcome `o`'s terms under the change; a value put in its place is multiplied by
    /// `value_factor`, as the outcome's own value was (its optimism-bias correction).
    pub fn apply(&self, o: usize, terms: &mut OutcomeTerms, value_factor: f64) {
        let share = |x: f64| x.clamp(0.0, 1.0);
        terms.deadweight = share(terms.deadweight + self.deadweight_points);
        terms.attribution = share(terms.attribution + self.attribution_points);
        terms.drop_off = (terms.drop_off * self.drop_off_factor).min(1.0);
        terms.duration = terms.duration.saturating_sub(self.years_less).max(1);
        if let Some(&Some(v)) = self.values.get(o) {
            terms.value = v * value_factor;
        }
        if self.without.get(o) == Some(&true) {
            terms.quantity = 0.0;
        }
    }
}
