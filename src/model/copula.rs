//! Correlated quantities (spec §11): Spearman rank correlations between random quantities,
//! kept by a Gaussian copula, so that each quantity keeps its own distribution exactly.
//!
//! In each draw every correlated quantity's own stream gives an independent standard
//! normal; the normals of a group of quantities linked by correlations are multiplied by
//! the Cholesky factor L of their Pearson correlation matrix, turned into uniforms by Φ and
//! sent through each quantity's quantile function. A Gaussian copula with Pearson
//! correlation r has Spearman correlation (6/π) asin(r/2) (Kruskal 1958), so the matrix
//! holds r = 2 sin(π ρ_s / 6) for each requested ρ_s, and 1 on the diagonal; pairs not
//! given are 0. The first member of a group in leaf order keeps its own normal (L's first
//! row is (1, 0, …)); quantities in no correlation are untouched (common random numbers).

use std::f64::consts::PI;

use nalgebra::DMatrix;

use crate::model::checked::{Correlation, QId};

/// The Pearson correlation of a Gaussian copula with Spearman correlation `rho`.
pub fn pearson_of_spearman(rho: f64) -> f64 {
    2.0 * (PI * rho / 6.0).sin()
}

/// The quantities linked by correlations, in groups that share none (connected
/// components), each group in increasing order, groups by their first member.
pub fn components(correlations: &[Correlation]) -> Vec<Vec<QId>> {
    let mut groups: Vec<Vec<QId>> = Vec::new();
    for c in correlations {
        let [a, b] = c.between;
        let ga = groups.iter().position(|g| g.contains(&a));
        let gb = groups.iter().position(|g| g.contains(&b));
        match (ga, gb) {
            (Some(x), Some(y)) if x != y => {
                let other = groups.remove(x.max(y));
                groups[x.min(y)].extend(other);
            }
            (Some(_), Some(_)) => {}
            (Some(x), None) => groups[x].push(b),
            (None, Some(y)) => groups[y].push(a),
            (None, None) => groups.push(vec![a, b]),
        }
    }
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_by_key(|g| g[0]);
    groups
}

/// The lower Cholesky factor (row-major, p × p) of the Pearson matrix of `members` under
/// `correlations`, or `None` if that matrix is not positive definite.
pub fn factor(members: &[QId], correlations: &[Correlation]) -> Option<Vec<f64>> {
    let p = members.len();
    let mut r = DMatrix::<f64>::identity(p, p);
    for c in correlations {
        let [a, b] = c.between;
        let (Some(i), Some(j)) = (
            members.iter().position(|&m| m == a),
            members.iter().position(|&m| m == b),
        ) else {
            continue;
        };
        let x = pearson_of_spearman(c.rank);
        r[(i, j)] = x;
        r[(j, i)] = x;
    }
    let l = r.cholesky()?.l();
    // A matrix on the edge of singular factors with a vanishing pivot: treat it as not
    // positive definite, as the quantile transform would then divide by nothing useful.
    if (0..p).any(|i| l[(i, i)] < 1e-6) {
        return None;
    }
    Some(
        (0..p)
            .flat_map(|i| (0..p).map(move |j| (i, j)))
            .map(|(i, j)| l[(i, j)])
            .collect(),
    )
}

/// The copula of a plan: for each group, its leaves (in leaf order) and their factor.
#[derive(Debug, Clone, Default)]
pub struct Copula {
    /// For each leaf of the plan, its group and position there, if it is correlated.
    pub of_leaf: Vec<Option<(u32, u32)>>,
    /// Each group's leaves and the row-major lower Cholesky factor of their matrix.
    pub groups: Vec<(Vec<usize>, Vec<f64>)>,
}

impl Copula {
    /// The copula of a model's correlations, `leaf_of` giving each quantity's leaf.
    pub fn new(
        correlations: &[Correlation],
        n_leaves: usize,
        leaf_of: impl Fn(QId) -> Option<usize>,
    ) -> Copula {
        let mut copula = Copula {
            of_leaf: vec![None; n_leaves],
            groups: Vec::new(),
        };
        for mut members in components(correlations) {
            members.sort_by_key(|&q| leaf_of(q));
            // Checked when the model was compiled: every member is a leaf and the matrix
            // is positive definite.
            let Some(factor) = factor(&members, correlations) else {
                continue;
            };
            let leaves: Vec<usize> = members.iter().filter_map(|&q| leaf_of(q)).collect();
            if leaves.len() != members.len() {
                continue;
            }
            let g = copula.groups.len() as u32;
            for (pos, &l) in leaves.iter().enumerate() {
                copula.of_leaf[l] = Some((g, pos as u32));
            }
            copula.groups.push((leaves, factor));
        }
        copula
    }

    /// True if no quantity is correlated.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: QId, b: QId, rank: f64) -> Correlation {
        Correlation {
            between: [a, b],
            rank,
        }
    }

    #[test]
    fn spearman_to_pearson() {
        // The ends and the middle are fixed points; 0.5 maps to 2 sin(π/12) = 0.5176.
        assert_eq!(pearson_of_spearman(0.0), 0.0);
        assert!((pearson_of_spearman(1.0) - 1.0).abs() < 1e-15);
        assert!((pearson_of_spearman(0.5) - 0.517_638_090_205_041_5).abs() < 1e-15);
    }

    #[test]
    fn groups_join_through_shared_members() {
        let g = components(&[c(5, 1, 0.3), c(7, 8, 0.2), c(1, 7, 0.1), c(2, 3, 0.4)]);
        assert_eq!(g, vec![vec![1, 5, 7, 8], vec![2, 3]]);
    }

    #[test]
    fn impossible_matrices_are_found() {
        // a~b and b~c strongly positive, a~c strongly negative: not positive definite.
        let bad = [c(0, 1, 0.9), c(1, 2, 0.9), c(0, 2, -0.9)];
        assert!(factor(&[0, 1, 2], &bad).is_none());
        let l = factor(&[0, 1], &[c(0, 1, 0.5)]).unwrap();
        let r = pearson_of_spearman(0.5);
        assert_eq!(l[0], 1.0);
        assert_eq!(l[1], 0.0);
        assert!((l[2] - r).abs() < 1e-15 && (l[3] - (1.0 - r * r).sqrt()).abs() < 1e-15);
    }
}
