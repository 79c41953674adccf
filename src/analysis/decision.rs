//! Choosing among options (spec §9): on the same draws, the chance each option has the
//! highest net present value, and its expected loss, the mean over the draws of (the
//! highest NPV in the draw − its NPV).
//!
//! These rank options by the value they add, as cost-benefit analysis does (the Green
//! Book's net present social value; the probability of being best and the expected loss
//! of health economics' decision analysis). Ratios cannot do this when options differ in
//! size: a small scheme can have the higher ratio and add less value. The option with the
//! least expected loss is the one with the highest expected NPV, and that least loss is
//! the expected value of perfect information about the choice.
//!
//! Options are fed one at a time ([`Decision::add`]); the tracker keeps, per draw, the
//! highest NPV so far and which option had it (12 bytes a draw), so memory does not grow
//! with the number of options. A tie goes to the earlier option, as `which.max` does in
//! the R packages BCEA and dampack.

use serde::Serialize;

use crate::analysis::stats::mean_sd;

/// The decision figures, one entry per option in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The share of draws in which the option has the highest NPV.
    pub prob_best_npv: Vec<f64>,
    /// The mean over the draws of (the highest NPV in the draw − the option's NPV).
    pub expected_loss: Vec<f64>,
}

/// Collects options' NPV draws, one option at a time.
#[derive(Debug, Default)]
pub struct Tracker {
    best: Vec<f64>,
    which: Vec<u32>,
    means: Vec<f64>,
}

impl Tracker {
    /// Adds the next option's NPV of every draw (the same draws, in the same order, for
    /// every option).
    pub fn add(&mut self, npv: &[f64]) {
        let k = self.means.len() as u32;
        if k == 0 {
            self.best = npv.to_vec();
            self.which = vec![0; npv.len()];
        } else {
            assert_eq!(
                npv.len(),
                self.best.len(),
                "every option has the same draws"
            );
            for ((b, w), &x) in self.best.iter_mut().zip(&mut self.which).zip(npv) {
                if x > *b {
                    *b = x;
                    *w = k;
                }
            }
        }
        self.means.push(mean_sd(npv).0);
    }

    /// The chance each option is best, and its expected loss.
    pub fn finish(self) -> Decision {
        let n = self.best.len().max(1) as f64;
        let mut wins = vec![0usize; self.means.len()];
        for &w in &self.which {
            wins[w as usize] += 1;
        }
        let best = mean_sd(&self.best).0;
        Decision {
            prob_best_npv: wins.iter().map(|&w| w as f64 / n).collect(),
            expected_loss: self.means.iter().map(|m| (best - m).max(0.0)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_options_worked_by_hand() {
        // Four draws of three options' NPVs:
        //   draw  A   B   C    best  (which)
        //   0     10  12   5   12    B
        //   1     10   8  20   20    C
        //   2     10  11  11   11    B (tie with C goes to the earlier)
        //   3     10   9   9   10    A
        // Mean best = (12 + 20 + 11 + 10) / 4 = 13.25; means A 10, B 10, C 11.25.
        let mut t = Tracker::default();
        t.add(&[10.0, 10.0, 10.0, 10.0]);
        t.add(&[12.0, 8.0, 11.0, 9.0]);
        t.add(&[5.0, 20.0, 11.0, 9.0]);
        let d = t.finish();
        assert_eq!(d.prob_best_npv, vec![0.25, 0.5, 0.25]);
        assert_eq!(d.expected_loss, vec![3.25, 3.25, 2.0]);
    }

    #[test]
    fn an_option_best_in_every_draw_loses_nothing() {
        let mut t = Tracker::default();
        t.add(&[1.0, 2.0, 3.0]);
        t.add(&[11.0, 12.0, 13.0]);
        let d = t.finish();
        assert_eq!(d.prob_best_npv, vec![0.0, 1.0]);
        assert_eq!(d.expected_loss, vec![10.0, 0.0]);
    }
}
