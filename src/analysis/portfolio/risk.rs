//! The best mix for an objective that weighs risk: the chance the portfolio's NPV is
//! positive, or a low percentile of it. Neither is a sum over candidates (the chance of a
//! sum is not the sum of chances), so the knapsack's bound does not apply; the search is
//! a branch and bound over the same tree, with the draws.
//!
//! Every candidate's NPV is known draw by draw (the same draws for all: common random
//! numbers), and the portfolio's NPV in draw d is Σ units × NPV_i[d]. Both objectives only
//! rise when the portfolio's NPV rises in some draws and falls in none. So at a node with
//! sum S and budget `room` left, no completion can do better than the objective of
//! S[d] + min(Σ_{j≥k} max_units_j × NPV_j[d]⁺, room × max_{j≥k} NPV_j[d]⁺ / cost_j): in each
//! draw the undecided candidates add at most their positive parts, and at most `room`
//! pounds' worth at the best return per pound that draw. A node whose bound cannot beat the
//! best mix found so far is pruned. Ties on the objective go to the higher expected NPV,
//! bounded by the knapsack's relaxation.
//!
//! The search starts from the best mix for expected NPV and visits at most `node_limit`
//! nodes (each costs a pass over the draws). Within the limit the answer is proven best;
//! if the limit is reached the best mix found is returned and marked unproven, and the
//! report says so.

use rayon::prelude::*;

use super::knapsack::{Item, fitting, relaxation, within};
use crate::analysis::stats::percentiles;

/// What a draw-based search maximises.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DrawObjective {
    /// The share of draws whose portfolio NPV is above 0.
    ProbPositive,
    /// This percentile (in (0, 1)) of the portfolio NPV.
    Percentile(f64),
}

impl DrawObjective {
    /// The objective of a portfolio's NPV draws (`scratch` is reordered for percentiles).
    pub fn of(self, sum: &[f64], scratch: &mut Vec<f64>) -> f64 {
        match self {
            DrawObjective::ProbPositive => share_positive(sum),
            DrawObjective::Percentile(p) => {
                scratch.clear();
                scratch.extend_from_slice(sum);
                percentiles(scratch, [p])[0]
            }
        }
    }
}

impl DrawObjective {
    /// The objective of `sum` if it may reach `floor` (ties included), or `None` when it
    /// surely falls below. For a percentile the test is a count (no sorting): with
    /// h = (n − 1)p, the type-7 percentile lies below `floor` whenever at least ⌊h⌋ + 2
    /// draws do, and the exact value is only taken otherwise.
    pub fn at_least(self, sum: &[f64], floor: f64, scratch: &mut Vec<f64>) -> Option<f64> {
        if let DrawObjective::Percentile(p) = self {
            let n = sum.len();
            if n > 1 {
                let below: usize = sum
                    .par_chunks(8192)
                    .map(|c| c.iter().filter(|&&x| x < floor).count())
                    .sum();
                let h = ((n - 1) as f64 * p).floor() as usize;
                if below >= h + 2 {
                    return None;
                }
            }
        }
        let value = self.of(sum, scratch);
        (value >= floor).then_some(value)
    }
}

fn share_positive(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let n: usize = xs
        .par_chunks(8192)
        .map(|c| c.iter().filter(|&&x| x > 0.0).count())
        .sum();
    n as f64 / xs.len() as f64
}

/// A candidate as this search sees it.
#[derive(Debug, Clone, Copy)]
pub struct DrawItem<'a> {
    /// Its NPV (or weighted NPV) per unit, draw by draw.
    pub draws: &'a [f64],
    /// Its mean: the tie-break.
    pub mean: f64,
    /// Its cost per unit (mean discounted investment), positive.
    pub cost: f64,
    /// The most units allowed.
    pub max_units: u32,
}

/// The best mix found.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawSolution {
    /// Units of each candidate, in the order given.
    pub units: Vec<u32>,
    /// Its objective.
    pub objective: f64,
    /// Nodes visited.
    pub nodes: u64,
    /// Whether the search finished within its node limit (the mix is then a best one).
    pub proven: bool,
}

/// Searches for the mix within `budget` with the highest objective (ties: higher expected
/// value), starting from the feasible mix `start`.
pub fn best_mix_by_draws(
    items: &[DrawItem<'_>],
    budget: f64,
    objective: DrawObjective,
    start: &[u32],
    node_limit: u64,
) -> DrawSolution {
    let n = items.first().map_or(0, |i| i.draws.len());
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].max_units > 0)
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        (y.mean / y.cost)
            .total_cmp(&(x.mean / x.cost))
            .then(a.cmp(&b))
    });
    let sorted: Vec<DrawItem<'_>> = order.iter().map(|&i| items[i]).collect();
    let (suffix_pos, suffix_density) = suffix_bounds(&sorted, n);
    // The knapsack view of the same candidates, for the tie-break's bound: positive means
    // only, in the same order, and where each depth's suffix starts among them.
    let positive: Vec<Item> = sorted
        .iter()
        .filter(|it| it.mean > 0.0)
        .map(|it| Item {
            value: it.mean,
            cost: it.cost,
            max_units: it.max_units,
        })
        .collect();
    let mut positive_from = Vec::with_capacity(sorted.len() + 1);
    let mut count = 0;
    for it in &sorted {
        positive_from.push(count);
        count += usize::from(it.mean > 0.0);
    }
    positive_from.push(count);

    let mut scratch = Vec::with_capacity(n);
    let start_sum = sum_of(items, start, n);
    let start_mean: f64 = items
        .iter()
        .zip(start)
        .map(|(it, &u)| f64::from(u) * it.mean)
        .sum();
    let mut search = Search {
        items: &sorted,
        objective,
        budget,
        suffix_pos,
        suffix_density,
        positive,
        positive_from,
        units: vec![0; sorted.len()],
        best_units: order.iter().map(|&i| start[i]).collect(),
        best: (objective.of(&start_sum, &mut scratch), start_mean),
        nodes: 0,
        node_limit,
        stopped: false,
        pool: Vec::new(),
        scratch,
        bounded: vec![0.0; n],
    };
    let zero = vec![0.0; n];
    search.descend(0, &zero, 0.0, 0.0, true);
    let mut units = vec![0; items.len()];
    for (k, &i) in order.iter().enumerate() {
        units[i] = search.best_units[k];
    }
    DrawSolution {
        units,
        objective: search.best.0,
        nodes: search.nodes,
        proven: !search.stopped,
    }
}

/// Σ units × draws, draw by draw.
pub fn sum_of(items: &[DrawItem<'_>], units: &[u32], n: usize) -> Vec<f64> {
    let mut sum = vec![0.0; n];
    for (it, &u) in items.iter().zip(units) {
        if u > 0 {
            let u = f64::from(u);
            for (s, x) in sum.iter_mut().zip(it.draws) {
                *s += u * x;
            }
        }
    }
    sum
}

/// For each depth k, draw by draw: Σ_{j≥k} max_units × NPV⁺ and max_{j≥k} NPV⁺ / cost, kept
/// as f32 rounded up (they are upper bounds, and half the memory of f64).
fn suffix_bounds(items: &[DrawItem<'_>], n: usize) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let up = |x: f64| {
        let f = x as f32;
        if f64::from(f) < x { f.next_up() } else { f }
    };
    let mut pos = vec![vec![0.0f32; n]; items.len() + 1];
    let mut dens = vec![vec![0.0f32; n]; items.len() + 1];
    let mut acc_pos = vec![0.0f64; n];
    let mut acc_dens = vec![0.0f64; n];
    for k in (0..items.len()).rev() {
        let it = items[k];
        let m = f64::from(it.max_units);
        for d in 0..n {
            let x = it.draws[d].max(0.0);
            acc_pos[d] += m * x;
            acc_dens[d] = acc_dens[d].max(x / it.cost);
        }
        pos[k] = acc_pos.iter().map(|&x| up(x)).collect();
        dens[k] = acc_dens.iter().map(|&x| up(x)).collect();
    }
    (pos, dens)
}

struct Search<'a> {
    items: &'a [DrawItem<'a>],
    objective: DrawObjective,
    budget: f64,
    suffix_pos: Vec<Vec<f32>>,
    suffix_density: Vec<Vec<f32>>,
    positive: Vec<Item>,
    positive_from: Vec<usize>,
    units: Vec<u32>,
    best_units: Vec<u32>,
    /// (objective, expected value) of the best mix so far.
    best: (f64, f64),
    nodes: u64,
    node_limit: u64,
    stopped: bool,
    pool: Vec<Vec<f64>>,
    scratch: Vec<f64>,
    bounded: Vec<f64>,
}

impl Search<'_> {
    /// Visits the node whose first `k` candidates are decided (`self.units[..k]`), with
    /// portfolio NPV `sum`; `fresh` when `sum` differs from the parent's.
    fn descend(&mut self, k: usize, sum: &[f64], mean: f64, spent: f64, fresh: bool) {
        if self.nodes >= self.node_limit {
            self.stopped = true;
            return;
        }
        self.nodes += 1;
        if fresh
            && let Some(value) = self.objective.at_least(sum, self.best.0, &mut self.scratch)
            && (value, mean) > self.best
        {
            self.best = (value, mean);
            self.best_units.copy_from_slice(&self.units);
            self.best_units[k..].fill(0);
        }
        if k == self.items.len() {
            return;
        }
        let room = self.budget - spent;
        let (pos, dens) = (&self.suffix_pos[k], &self.suffix_density[k]);
        self.bounded
            .par_iter_mut()
            .with_min_len(8192)
            .enumerate()
            .for_each(|(d, b)| {
                let add = f64::from(pos[d]).min(room.max(0.0) * f64::from(dens[d]));
                *b = sum[d] + add;
            });
        let Some(bound) = self
            .objective
            .at_least(&self.bounded, self.best.0, &mut self.scratch)
        else {
            return;
        };
        let mean_bound = mean + relaxation(&self.positive[self.positive_from[k]..], room);
        if bound == self.best.0 && mean_bound <= self.best.1 {
            return;
        }
        let item = self.items[k];
        let fits = fitting(
            Item {
                value: item.mean,
                cost: item.cost,
                max_units: item.max_units,
            },
            room,
        );
        for u in (0..=fits).rev() {
            let u_f = f64::from(u);
            if !within(spent + u_f * item.cost, self.budget) {
                continue;
            }
            self.units[k] = u;
            let (m, s) = (mean + u_f * item.mean, spent + u_f * item.cost);
            if u == 0 {
                self.descend(k + 1, sum, m, s, false);
            } else {
                let mut child = self.pool.pop().unwrap_or_else(|| vec![0.0; sum.len()]);
                child
                    .par_iter_mut()
                    .with_min_len(8192)
                    .zip(sum.par_iter())
                    .zip(item.draws.par_iter())
                    .for_each(|((c, s), x)| *c = s + u_f * x);
                self.descend(k + 1, &child, m, s, true);
                self.pool.push(child);
            }
            if self.stopped {
                break;
            }
        }
        self.units[k] = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every mix within budget, by enumeration, with the same tie-break.
    fn brute_force(items: &[DrawItem<'_>], budget: f64, objective: DrawObjective) -> (f64, f64) {
        let n = items[0].draws.len();
        let mut best = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        let mut units = vec![0u32; items.len()];
        let mut scratch = Vec::new();
        loop {
            let cost: f64 = units
                .iter()
                .zip(items)
                .map(|(&u, i)| f64::from(u) * i.cost)
                .sum();
            if within(cost, budget) {
                let mean: f64 = units
                    .iter()
                    .zip(items)
                    .map(|(&u, i)| f64::from(u) * i.mean)
                    .sum();
                let key = (objective.of(&sum_of(items, &units, n), &mut scratch), mean);
                if key > best {
                    best = key;
                }
            }
            // Next mix, like an odometer.
            let mut k = 0;
            loop {
                if k == items.len() {
                    return best;
                }
                if units[k] < items[k].max_units {
                    units[k] += 1;
                    break;
                }
                units[k] = 0;
                k += 1;
            }
        }
    }

    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn the_chance_of_a_positive_npv_can_prefer_the_safer_mix() {
        // Four equally likely draws; budget for one unit. A safe scheme returns 1 in every
        // draw (mean 1); a risky one loses 10 three times and gains 50 once (mean 5). The
        // expected-NPV mix is the risky one; its chance of a positive NPV is 25%, the safe
        // one's 100%.
        let safe = [1.0, 1.0, 1.0, 1.0];
        let risky = [-10.0, -10.0, -10.0, 50.0];
        let items = [
            DrawItem {
                draws: &safe,
                mean: mean(&safe),
                cost: 1.0,
                max_units: 1,
            },
            DrawItem {
                draws: &risky,
                mean: mean(&risky),
                cost: 1.0,
                max_units: 1,
            },
        ];
        let s = best_mix_by_draws(&items, 1.0, DrawObjective::ProbPositive, &[0, 1], 1000);
        assert_eq!(s.units, vec![1, 0]);
        assert_eq!(s.objective, 1.0);
        assert!(s.proven);
        // The 25th percentile (type 7 over four draws: the 0.75th order statistic) agrees.
        let s = best_mix_by_draws(&items, 1.0, DrawObjective::Percentile(0.25), &[0, 1], 1000);
        assert_eq!(s.units, vec![1, 0]);
    }

    #[test]
    fn a_node_limit_returns_the_best_found_marked_unproven() {
        let a = [1.0, -1.0, 2.0];
        let items = [DrawItem {
            draws: &a,
            mean: mean(&a),
            cost: 1.0,
            max_units: 3,
        }; 4];
        let s = best_mix_by_draws(&items, 5.0, DrawObjective::ProbPositive, &[0; 4], 2);
        assert!(!s.proven);
        assert_eq!(s.nodes, 2);
    }

    proptest! {
        #[test]
        fn the_counting_test_agrees_with_the_exact_percentile(
            xs in proptest::collection::vec(-10i32..10, 1..40),
            floor in -10i32..10,
            p in 0.01f64..0.5,
        ) {
            // Whole numbers, so ties with the floor are common.
            let xs: Vec<f64> = xs.into_iter().map(f64::from).collect();
            let objective = DrawObjective::Percentile(p);
            let mut scratch = Vec::new();
            let exact = objective.of(&xs, &mut scratch);
            match objective.at_least(&xs, f64::from(floor), &mut scratch) {
                None => prop_assert!(exact < f64::from(floor)),
                Some(v) => prop_assert!(v == exact && v >= f64::from(floor)),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn branch_and_bound_equals_brute_force_on_the_draws(
            raw in proptest::collection::vec(
                (proptest::collection::vec(-100.0f64..120.0, 7), 1.0f64..50.0, 1u32..3), 1..5),
            share in 0.0f64..1.1,
            which in 0usize..3,
        ) {
            let items: Vec<DrawItem<'_>> = raw
                .iter()
                .map(|(d, c, m)| DrawItem { draws: d, mean: mean(d), cost: *c, max_units: *m })
                .collect();
            let total: f64 = items.iter().map(|i| i.cost * f64::from(i.max_units)).sum();
            let budget = share * total;
            let objective = [
                DrawObjective::ProbPositive,
                DrawObjective::Percentile(0.1),
                DrawObjective::Percentile(0.5),
            ][which];
            let start = vec![0; items.len()];
            let s = best_mix_by_draws(&items, budget, objective, &start, u64::MAX);
            let (best, best_mean) = brute_force(&items, budget, objective);
            prop_assert!(s.proven);
            prop_assert!((s.objective - best).abs() <= 1e-9 * best.abs().max(1.0),
                "search {} brute force {}", s.objective, best);
            let got_mean: f64 = s.units.iter().zip(&items).map(|(&u, i)| f64::from(u) * i.mean).sum();
            prop_assert!((got_mean - best_mean).abs() <= 1e-9 * best_mean.abs().max(1.0));
            let cost: f64 = s.units.iter().zip(&items).map(|(&u, i)| f64::from(u) * i.cost).sum();
            prop_assert!(within(cost, budget));
        }
    }
}
