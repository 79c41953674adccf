//! The best mix of whole units for a linear objective (expected NPV, expected weighted NPV):
//! a bounded integer knapsack with real-valued costs, solved exactly by branch and bound.
//!
//! A dynamic programme over a discretised budget is exact only when every cost is a whole
//! multiple of the step; mean investments from Monte Carlo draws are not, so rounding them
//! would answer a slightly different question. Branch and bound needs no rounding:
//!
//! - Items with a value of 0 or less are never worth a unit (every cost is positive), so
//!   they are left at 0; the rest are sorted by value per pound, highest first.
//! - Depth-first, item by item, each node tries the most units that fit down to none.
//! - The bound of a node is its value plus the linear-programming relaxation of the items
//!   not yet decided (Dantzig's bound: fill the remaining budget greedily by value per
//!   pound, the last item fractionally). No mix of whole units below the node can beat it,
//!   so a node whose bound does not exceed the best mix found so far is pruned, and what is
//!   returned is a best mix, not an approximation. The tests check this against brute force.

/// One candidate as the search sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// The objective per unit (e.g. expected NPV).
    pub value: f64,
    /// The cost per unit (mean discounted investment), positive.
    pub cost: f64,
    /// The most units allowed.
    pub max_units: u32,
}

/// A best mix and how hard it was to find.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Units of each item, in the order given.
    pub units: Vec<u32>,
    /// Their total value.
    pub value: f64,
    /// Their total cost.
    pub cost: f64,
    /// Nodes of the search tree visited.
    pub nodes: u64,
}

/// How far over the budget a sum of costs may come through rounding alone.
pub fn within(cost: f64, budget: f64) -> bool {
    cost <= budget * (1.0 + 1e-12)
}

/// The mix of whole units with the highest total value whose total cost is within
/// `budget` (ties: the first found, which favours the higher value per pound).
pub fn best_mix(items: &[Item], budget: f64) -> Solution {
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].value > 0.0 && items[i].max_units > 0)
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        (y.value / y.cost)
            .total_cmp(&(x.value / x.cost))
            .then(a.cmp(&b))
    });
    let sorted: Vec<Item> = order.iter().map(|&i| items[i]).collect();
    let mut search = Search {
        items: &sorted,
        budget,
        units: vec![0; sorted.len()],
        best_units: vec![0; sorted.len()],
        best_value: 0.0,
        nodes: 0,
    };
    search.descend(0, 0.0, 0.0);
    let mut units = vec![0; items.len()];
    for (k, &i) in order.iter().enumerate() {
        units[i] = search.best_units[k];
    }
    let cost = units
        .iter()
        .zip(items)
        .map(|(&u, it)| f64::from(u) * it.cost)
        .sum();
    Solution {
        units,
        value: search.best_value,
        cost,
        nodes: search.nodes,
    }
}

struct Search<'a> {
    items: &'a [Item],
    budget: f64,
    units: Vec<u32>,
    best_units: Vec<u32>,
    best_value: f64,
    nodes: u64,
}

impl Search<'_> {
    fn descend(&mut self, k: usize, value: f64, spent: f64) {
        self.nodes += 1;
        if value > self.best_value {
            self.best_value = value;
            self.best_units.copy_from_slice(&self.units);
            self.best_units[k..].fill(0);
        }
        if k == self.items.len() {
            return;
        }
        if value + relaxation(&self.items[k..], self.budget - spent) <= self.best_value {
            return;
        }
        let item = self.items[k];
        let fits = fitting(item, self.budget - spent);
        for u in (0..=fits).rev() {
            let u_f = f64::from(u);
            if !within(spent + u_f * item.cost, self.budget) {
                continue;
            }
            self.units[k] = u;
            self.descend(k + 1, value + u_f * item.value, spent + u_f * item.cost);
        }
        self.units[k] = 0;
    }
}

/// The most units of `item` that `room` pays for (within its maximum).
pub fn fitting(item: Item, room: f64) -> u32 {
    if room <= 0.0 {
        return 0;
    }
    // One more than the quotient allows, so rounding never hides a unit that fits; the
    // caller checks each against the budget.
    let q = (room / item.cost).floor() + 1.0;
    if q >= f64::from(item.max_units) {
        item.max_units
    } else {
        q as u32
    }
}

/// Dantzig's bound: the best value of `items` (sorted by value per pound, all positive)
/// within `room` if units could be split.
pub fn relaxation(items: &[Item], mut room: f64) -> f64 {
    let mut bound = 0.0;
    for it in items {
        if room <= 0.0 {
            break;
        }
        let all = f64::from(it.max_units) * it.cost;
        if all <= room {
            bound += f64::from(it.max_units) * it.value;
            room -= all;
        } else {
            bound += it.value * room / it.cost;
            break;
        }
    }
    bound
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every mix, by enumeration: the reference the search must match.
    pub(crate) fn brute_force(items: &[Item], budget: f64) -> f64 {
        fn go(items: &[Item], budget: f64, k: usize, value: f64, cost: f64) -> f64 {
            if k == items.len() {
                return if within(cost, budget) {
                    value
                } else {
                    f64::NEG_INFINITY
                };
            }
            (0..=items[k].max_units)
                .map(|u| {
                    let u = f64::from(u);
                    go(
                        items,
                        budget,
                        k + 1,
                        value + u * items[k].value,
                        cost + u * items[k].cost,
                    )
                })
                .fold(f64::NEG_INFINITY, f64::max)
        }
        go(items, budget, 0, 0.0, 0.0)
    }

    fn item(value: f64, cost: f64, max_units: u32) -> Item {
        Item {
            value,
            cost,
            max_units,
        }
    }

    #[test]
    fn a_small_knapsack_whose_best_mix_is_known_by_enumeration() {
        // Budget 10. A: value 7 at cost 6 (1.17 a pound), one allowed; B: 5 at 5 (1.0), two
        // allowed; C: 2.9 at 4 (0.725), one allowed. Every mix within 10 by enumeration:
        // A 7, A+C 9.9, B 5, 2B 10, B+C 7.9, C 2.9 (A+B costs 11). The best is 2B = 10;
        // greedy by value per pound takes A then C and misses it.
        let items = [item(7.0, 6.0, 1), item(5.0, 5.0, 2), item(2.9, 4.0, 1)];
        let s = best_mix(&items, 10.0);
        assert_eq!(s.units, vec![0, 2, 0]);
        assert_eq!(s.value, 10.0);
        assert_eq!(s.cost, 10.0);
        assert_eq!(brute_force(&items, 10.0), 10.0);
    }

    #[test]
    fn real_valued_costs_are_not_rounded() {
        // Two units of cost 3.3 fit in 6.6 exactly; a third does not.
        let items = [item(1.0, 3.3, 5)];
        assert_eq!(best_mix(&items, 6.6).units, vec![2]);
        assert_eq!(best_mix(&items, 6.599).units, vec![1]);
    }

    #[test]
    fn losing_candidates_and_a_budget_below_every_cost_give_nothing() {
        let items = [item(-1.0, 1.0, 3), item(0.0, 1.0, 3), item(5.0, 2.0, 1)];
        assert_eq!(best_mix(&items, 1.5).units, vec![0, 0, 0]);
        assert_eq!(best_mix(&items, 1.5).value, 0.0);
        assert_eq!(best_mix(&items, 2.0).units, vec![0, 0, 1]);
    }

    #[test]
    fn the_relaxation_fills_greedily_then_splits() {
        let items = [item(6.0, 2.0, 2), item(2.0, 2.0, 3)];
        // Room 5: both units of the first (cost 4, value 12), then half a unit of the second.
        assert_eq!(relaxation(&items, 5.0), 13.0);
        assert_eq!(relaxation(&items, 0.0), 0.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn branch_and_bound_equals_brute_force(
            raw in proptest::collection::vec((-50.0f64..200.0, 1.0f64..100.0, 1u32..4), 1..7),
            share in 0.0f64..1.2,
        ) {
            let items: Vec<Item> = raw.iter().map(|&(v, c, m)| item(v, c, m)).collect();
            let total: f64 = items.iter().map(|i| i.cost * f64::from(i.max_units)).sum();
            let budget = share * total;
            let s = best_mix(&items, budget);
            let expected = brute_force(&items, budget);
            prop_assert!((s.value - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "search {} brute force {}", s.value, expected);
            // The mix it returns is real: within budget and worth what it says.
            let value: f64 = s.units.iter().zip(&items).map(|(&u, i)| f64::from(u) * i.value).sum();
            prop_assert!((value - s.value).abs() <= 1e-9 * value.abs().max(1.0));
            prop_assert!(within(s.cost, budget));
            for (u, i) in s.units.iter().zip(&items) {
                prop_assert!(*u <= i.max_units);
            }
        }
    }
}
