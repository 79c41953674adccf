//! The distributions of a model's uncertain quantities (spec §1): checking the fields of a
//! `dist` table, and each distribution's quantiles, mean, support and base-case value.
//!
//! Everything sampling needs is computed once here, in [`Dist::from_fields`]: for beta,
//! gamma and pert, a table of the quantile function (`inverse`), so that every kind is
//! sampled by inverting one uniform; drawing itself belongs to the sampling stage
//! (`sample::draw`). Quantiles of beta and gamma come from incomplete beta and gamma
//! functions of our own on `libm` (`incomplete`, `quantile`), so a printed percentile and
//! a draw are the same on every machine.

use std::f64::consts::PI;

/// The uniform(min, max) quantile at p: min (1 − p) + max p, which never overflows for
/// finite bounds, as min + p (max − min) does when max − min is beyond the largest float.
#[inline(always)]
fn uniform_at(min: f64, max: f64, p: f64) -> f64 {
    (min * (1.0 - p) + max * p).clamp(min, max)
}

/// The triangular(min, mode, max) quantile at p, inverting F(x) = (x − min)² / (w (mode −
/// min)) up to the mode and 1 − (max − x)² / (w (max − mode)) above it (w = max − min).
#[inline(always)]
fn triangular_at(min: f64, mode: f64, max: f64, p: f64) -> f64 {
    let w = max - min;
    if p * w < mode - min {
        min + (p * w * (mode - min)).sqrt()
    } else {
        max - ((1.0 - p) * w * (max - mode)).sqrt()
    }
}

/// [`triangular_at`] of each of `ps`, in place, by the code compiled for `width`: both
/// sides' roots, then the one `triangular_at` takes, so that there is no branch to
/// mispredict and the loop is vector instructions. The same numbers in every width.
fn triangular_each(width: Width, min: f64, mode: f64, max: f64, ps: &mut [f64]) {
    let (w, below, above) = (max - min, mode - min, max - mode);
    width.map(ps, |p| {
        let low = min + (p * w * below).sqrt();
        let high = max - ((1.0 - p) * w * above).sqrt();
        if p * w < below { low } else { high }
    });
}

/// The lognormal quantile at p: exp(μ + σ Φ⁻¹(p)).
#[inline(always)]
fn lognormal_at(mu: f64, sigma: f64, p: f64) -> f64 {
    libm::exp(mu + sigma * std_normal_inv(p))
}

#[cfg(test)]
mod accuracy;
mod build;
mod incomplete;
mod inverse;
mod quantile;
mod tables;

use crate::model::num::num;
use crate::model::suggest::did_you_mean;
use crate::width::Width;
pub use build::allowed_fields;
use build::{Fields, a, build, check_field, invalid};
use incomplete::{beta_reg, gamma_lr};
use inverse::Law;
pub(crate) use quantile::{std_normal_cdf, std_normal_inv};
use std::sync::Arc;
use tables::Table;

/// A value given to a field of a distribution table in the model file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// A number (TOML integers are converted by the caller).
    Number(f64),
    /// A list of numbers (`values` and `weights`).
    Numbers(&'a [f64]),
}

/// Every distribution name, in the spec's order.
pub const KINDS: &[&str] = &[
    "fixed",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "beta",
    "gamma",
    "poisson",
    "discrete",
    "empirical",
];

/// Largest Poisson mean: its table then has about 17,000 entries.
const MAX_POISSON_LAMBDA: f64 = 1e6;
/// Poisson probabilities below this are left out of the table (their total is negligible).
const POISSON_CUT: f64 = 1e-17;
/// The shapes of gamma and beta (and so of PERT) lie within [MIN_SHAPE, MAX_SHAPE]. Below,
/// 1 / shape overflows for subnormal shapes and draws go wrong; above, the sampler's
/// acceptance test and the incomplete gamma's series lose their precision (a gamma of
/// shape 1e8 has sd one ten-thousandth of its mean: a fixed number or a normal says the
/// same thing).
pub const MIN_SHAPE: f64 = 1e-100;
/// See [`MIN_SHAPE`].
pub const MAX_SHAPE: f64 = 1e8;
/// Least probability a truncated normal may keep: less is almost surely a mistake in the
/// bounds, and the inversion would lose its precision.
const MIN_TRUNCATED_MASS: f64 = 1e-10;

/// A checked distribution, ready to sample.
#[derive(Debug, Clone)]
pub struct Dist {
    kind: &'static str,
    pub(crate) how: Sampler,
    mean: f64,
    pub(crate) support: (f64, f64),
    base: f64,
    label: String,
}

/// How to sample and invert, with everything precomputed.
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    Fixed(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Normal(TruncNormal),
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    /// lo + width * beta(alpha, beta): beta itself on [0, 1], or pert.
    Beta {
        lo: f64,
        width: f64,
        alpha: f64,
        beta: f64,
        /// beta(alpha, beta)'s quantile function, shared by rescaled copies.
        inverse: Arc<Table>,
    },
    /// scale * gamma(shape, 1).
    Gamma {
        shape: f64,
        scale: f64,
        /// gamma(shape, 1)'s quantile function, shared by rescaled copies.
        inverse: Arc<Table>,
    },
    /// Poisson, discrete and empirical: values in increasing order with the running sums
    /// of their weights (for empirical, weights of 1).
    Table {
        values: Box<[f64]>,
        cum: Box<[f64]>,
    },
}

/// A normal distribution truncated to [lo, hi] (infinite bounds for none), inverted as
/// z = Phi^-1(c0 + u (c1 - c0)) with c = Phi at the standardised bounds. When the lower
/// bound lies above the mean (`upper`), c holds upper-tail probabilities Q = 1 - Phi and
/// z = -Phi^-1(...): there Phi is close to 1 and differences of it lose their digits.
#[derive(Debug, Clone)]
pub(crate) struct TruncNormal {
    mean: f64,
    sd: f64,
    lo: f64,
    hi: f64,
    upper: bool,
    c0: f64,
    c1: f64,
}

impl TruncNormal {
    fn new(mean: f64, sd: f64, lo: f64, hi: f64) -> Self {
        let (a, b) = ((lo - mean) / sd, (hi - mean) / sd);
        let upper = a > 0.0;
        let (c0, c1) = match upper {
            true => (std_normal_cdf(-a), std_normal_cdf(-b)),
            false => (std_normal_cdf(a), std_normal_cdf(b)),
        };
        TruncNormal {
            mean,
            sd,
            lo,
            hi,
            upper,
            c0,
            c1,
        }
    }

    fn at(&self, p: f64) -> f64 {
        let t = self.c0 + p * (self.c1 - self.c0);
        let z = if self.upper {
            -std_normal_inv(t)
        } else {
            std_normal_inv(t)
        };
        (self.mean + self.sd * z).clamp(self.lo, self.hi)
    }

    fn mass(&self) -> f64 {
        (self.c1 - self.c0).abs()
    }

    /// The distribution function at x: the share of the kept probability below x, with
    /// Phi (or, when `upper`, Q = 1 − Phi) read as `at` reads it.
    fn cdf(&self, x: f64) -> f64 {
        let z = (x.clamp(self.lo, self.hi) - self.mean) / self.sd;
        let c = if self.upper {
            std_normal_cdf(-z)
        } else {
            std_normal_cdf(z)
        };
        ((c - self.c0) / (self.c1 - self.c0)).clamp(0.0, 1.0)
    }

    /// mean + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)), a and b the standardised bounds.
    fn mean(&self) -> f64 {
        let (a, b) = (
            (self.lo - self.mean) / self.sd,
            (self.hi - self.mean) / self.sd,
        );
        let phi = |x: f64| libm::exp(-0.5 * x * x) / (2.0 * PI).sqrt();
        self.mean + self.sd * (phi(a) - phi(b)) / self.mass()
    }
}

impl Dist {
    /// Build from the table's `dist` name and its other fields (every field except `dist`,
    /// including an optional `base`), validating everything.
    pub fn from_fields(kind: &str, fields: &[(&str, FieldValue<'_>)]) -> Result<Dist, DistError> {
        let Some(&kind) = KINDS.iter().find(|&&k| k == kind) else {
            return Err(DistError::UnknownKind {
                given: kind.to_string(),
            });
        };
        for (i, &(name, value)) in fields.iter().enumerate() {
            check_field(kind, name, value)?;
            if fields[..i].iter().any(|&(n, _)| n == name) {
                return Err(invalid(kind, name, format!("`{name}` is given twice")));
            }
        }
        let f = Fields(fields);
        let mut dist = build(kind, &f)?;
        if let Some(why) = dist.beyond_floats() {
            return Err(DistError::Invalid {
                kind,
                field: None,
                message: format!(
                    "{kind}({}) ({why}) cannot be computed with: its draws would overflow to \
                     infinity or lose all precision; rescale the figure (thousands, millions) or narrow it",
                    dist.label
                ),
            });
        }
        let base = f.num("base");
        if let Some(b) = base {
            let (lo, hi) = dist.support;
            if !(lo <= b && b <= hi) {
                let open = if lo.is_finite() { '[' } else { '(' };
                let close = if hi.is_finite() { ']' } else { ')' };
                let msg = format!(
                    "base {b} lies outside the support {open}{lo}, {hi}{close} of this {kind}",
                    b = num(b),
                    lo = num(lo),
                    hi = num(hi)
                );
                return Err(invalid(kind, "base", msg));
            }
            dist.base = b;
        }
        if kind != "fixed" {
            let base = base.map_or(String::new(), |b| format!(", base {b}", b = num(b)));
            dist.label = format!("{kind}({}{base})", dist.label);
        }
        Ok(dist)
    }

    /// Why a distribution's draws cannot be computed in floating point, if they cannot:
    /// its mean, its width (max − min), or the reach of its draws (normal: 40 sd either
    /// side; lognormal: its log-scale parameters) is not a finite number.
    fn beyond_floats(&self) -> Option<&'static str> {
        let (lo, hi) = self.support;
        if !self.mean.is_finite() {
            return Some("its mean is not a finite number");
        }
        if lo.is_finite() && hi.is_finite() && !(hi - lo).is_finite() {
            return Some("max − min is not a finite number");
        }
        match &self.how {
            Sampler::Normal(n) if !(n.mean.abs() + 40.0 * n.sd).is_finite() => {
                Some("mean ± 40 sd is not a finite number")
            }
            Sampler::LogNormal { mu, sigma } if !(mu.is_finite() && sigma.is_finite()) => {
                Some("sd / mean is too large")
            }
            _ => None,
        }
    }

    /// A fixed number (used for plain numbers in the model).
    pub fn fixed(value: f64) -> Dist {
        let (how, label) = (Sampler::Fixed(value), num(value));
        Dist {
            kind: "fixed",
            how,
            mean: value,
            support: (value, value),
            base: value,
            label,
        }
    }

    /// The same distribution with every value multiplied by `factor` (> 0): money
    /// rebased to another price year. Sampling draws the same uniforms, so a draw's value
    /// is the original draw times `factor`, up to rounding.
    pub fn rescaled(&self, factor: f64) -> Dist {
        debug_assert!(factor > 0.0 && factor.is_finite());
        let f = factor;
        let how = match &self.how {
            Sampler::Fixed(v) => Sampler::Fixed(v * f),
            Sampler::Uniform { min, max } => Sampler::Uniform {
                min: min * f,
                max: max * f,
            },
            Sampler::Triangular { min, mode, max } => Sampler::Triangular {
                min: min * f,
                mode: mode * f,
                max: max * f,
            },
            // The standardised bounds, and so c0 and c1, do not change.
            Sampler::Normal(n) => Sampler::Normal(TruncNormal {
                mean: n.mean * f,
                sd: n.sd * f,
                lo: n.lo * f,
                hi: n.hi * f,
                ..n.clone()
            }),
            Sampler::LogNormal { mu, sigma } => Sampler::LogNormal {
                mu: mu + libm::log(f),
                sigma: *sigma,
            },
            Sampler::Beta {
                lo,
                width,
                alpha,
                beta,
                inverse,
            } => Sampler::Beta {
                lo: lo * f,
                width: width * f,
                alpha: *alpha,
                beta: *beta,
                inverse: inverse.clone(),
            },
            Sampler::Gamma {
                shape,
                scale,
                inverse,
            } => Sampler::Gamma {
                shape: *shape,
                scale: scale * f,
                inverse: inverse.clone(),
            },
            Sampler::Table { values, cum } => Sampler::Table {
                values: values.iter().map(|v| v * f).collect(),
                cum: cum.clone(),
            },
        };
        Dist {
            kind: self.kind,
            how,
            mean: self.mean * f,
            support: (self.support.0 * f, self.support.1 * f),
            base: self.base * f,
            label: self.label.clone(),
        }
    }

    /// The same distribution with a note added to its description, e.g. "at 2019 prices".
    pub fn noted(mut self, note: &str) -> Dist {
        self.label = format!("{} {note}", self.label);
        self
    }

    /// The p-quantile, 0 < p < 1; for poisson, discrete and empirical the smallest value
    /// whose cumulative probability is at least p. Outside (0, 1), the ends of the support.
    /// Beta, gamma and pert read their tables (`inverse`): within about 1e-14 of the exact
    /// quantile, solved exactly in the far tails. Every draw is this function of one uniform.
    pub fn quantile(&self, p: f64) -> f64 {
        match p {
            _ if p.is_nan() => f64::NAN,
            _ if p <= 0.0 => self.support.0,
            _ if p >= 1.0 => self.support.1,
            _ => self.at(p),
        }
    }

    /// The quantile function for p strictly inside (0, 1).
    pub(crate) fn at(&self, p: f64) -> f64 {
        match &self.how {
            Sampler::Fixed(v) => *v,
            // min (1 − p) + max p never overflows for finite bounds, as min + p (max − min)
            // does when max − min is beyond the largest float.
            Sampler::Uniform { min, max } => uniform_at(*min, *max, p),
            Sampler::Triangular { min, mode, max } => triangular_at(*min, *mode, *max, p),
            Sampler::Normal(n) => n.at(p),
            Sampler::LogNormal { mu, sigma } => lognormal_at(*mu, *sigma, p),
            Sampler::Beta {
                lo, width, inverse, ..
            } => (lo + width * inverse.inverse().at(p)).min(self.support.1),
            Sampler::Gamma { scale, inverse, .. } => inverse.inverse().at(p) * scale,
            Sampler::Table { values, cum } => {
                let target = p * cum[cum.len() - 1];
                values[cum.partition_point(|&c| c < target).min(cum.len() - 1)]
            }
        }
    }

    /// Builds this distribution's quantile table now, if it has one not yet built (beta,
    /// PERT and gamma build theirs when first used; see `tables`).
    pub fn prepare(&self) {
        if let Sampler::Beta { inverse, .. } | Sampler::Gamma { inverse, .. } = &self.how {
            inverse.inverse();
        }
    }

    /// Replaces each uniform of `xs` (strictly inside (0, 1)) by its quantile: [`Dist::at`]
    /// of each, with the kind settled once for the slice, so that the loop over the draws
    /// is tight and the processor overlaps the table reads of successive draws.
    #[inline]
    pub(crate) fn at_each(&self, xs: &mut [f64]) {
        match &self.how {
            Sampler::Beta {
                lo, width, inverse, ..
            } => {
                let (table, hi) = (inverse.inverse(), self.support.1);
                for x in xs {
                    *x = (lo + width * table.at(*x)).min(hi);
                }
            }
            Sampler::Gamma { scale, inverse, .. } => {
                let table = inverse.inverse();
                for x in xs {
                    *x = table.at(*x) * scale;
                }
            }
            // The others too have a loop each, with no choice of kind inside it.
            Sampler::Uniform { min, max } => {
                for x in xs {
                    *x = uniform_at(*min, *max, *x);
                }
            }
            Sampler::Triangular { min, mode, max } => {
                triangular_each(Width::widest(), *min, *mode, *max, xs);
            }
            Sampler::Normal(n) => {
                for x in xs {
                    *x = n.at(*x);
                }
            }
            Sampler::LogNormal { mu, sigma } => {
                for x in xs {
                    *x = lognormal_at(*mu, *sigma, *x);
                }
            }
            Sampler::Fixed(_) | Sampler::Table { .. } => {
                for x in xs {
                    *x = self.at(*x);
                }
            }
        }
    }

    /// True if draws read a quantile table (beta, PERT and gamma), which
    /// [`Dist::at_ascending`] walks rather than searches.
    pub fn tabulated(&self) -> bool {
        matches!(self.how, Sampler::Beta { .. } | Sampler::Gamma { .. })
    }

    /// Writes the quantile of each of `us` (strictly inside (0, 1), in increasing order)
    /// to `out[to[i]]`: [`Dist::at`] of each, by one walk along the table for a
    /// [tabulated](Dist::tabulated) distribution.
    pub(crate) fn at_ascending(&self, us: &[f64], to: &[u16], out: &mut [f64]) {
        match &self.how {
            Sampler::Beta {
                lo, width, inverse, ..
            } => {
                let hi = self.support.1;
                inverse
                    .inverse()
                    .at_ascending(us, to, out, |x| (lo + width * x).min(hi));
            }
            Sampler::Gamma { scale, inverse, .. } => {
                inverse.inverse().at_ascending(us, to, out, |x| x * scale);
            }
            _ => {
                for (&u, &t) in us.iter().zip(to) {
                    out[usize::from(t)] = self.at(u);
                }
            }
        }
    }

    /// The distribution function at x: the probability of a value at most x (0 below the
    /// support, 1 above it). Beta, pert and gamma use the regularised incomplete beta and
    /// gamma functions the quantiles invert, so `cdf(quantile(p))` is p to their precision.
    pub fn cdf(&self, x: f64) -> f64 {
        let (lo, hi) = self.support;
        if x.is_nan() {
            return f64::NAN;
        }
        if x < lo {
            return 0.0;
        }
        if x >= hi {
            return 1.0;
        }
        match &self.how {
            Sampler::Fixed(v) => f64::from(u8::from(x >= *v)),
            Sampler::Uniform { min, max } => (x - min) / (max - min),
            Sampler::Triangular { min, mode, max } => {
                let w = max - min;
                if x <= *mode {
                    (x - min).powi(2) / (w * (mode - min))
                } else {
                    1.0 - (max - x).powi(2) / (w * (max - mode))
                }
            }
            Sampler::Normal(n) => n.cdf(x),
            Sampler::LogNormal { mu, sigma } => std_normal_cdf((libm::log(x) - mu) / sigma),
            Sampler::Beta {
                lo,
                width,
                alpha,
                beta,
                ..
            } => beta_reg(*alpha, *beta, ((x - lo) / width).clamp(0.0, 1.0)),
            Sampler::Gamma { shape, scale, .. } => gamma_lr(*shape, x / scale),
            Sampler::Table { values, cum } => {
                let below = values.partition_point(|&v| v <= x);
                match below {
                    0 => 0.0,
                    k => cum[k - 1] / cum[cum.len() - 1],
                }
            }
        }
    }

    /// The base-case value: `base` if given, else mode for triangular and pert, value for
    /// fixed, the mean otherwise.
    pub fn base(&self) -> f64 {
        self.base
    }

    /// The mean (of the truncated distribution for a truncated normal).
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The closed support [lo, hi] (infinite bounds as f64::INFINITY/NEG_INFINITY); for
    /// discrete, the smallest and largest values with positive weight.
    pub fn support(&self) -> (f64, f64) {
        self.support
    }

    /// The spec's name of the kind, e.g. "beta".
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// True if every value it can take is a whole number: a fixed whole number, or a
    /// poisson, discrete or empirical distribution of whole numbers.
    pub fn is_whole(&self) -> bool {
        match &self.how {
            Sampler::Fixed(v) => v.fract() == 0.0,
            Sampler::Table { values, .. } => values.iter().all(|v| v.fract() == 0.0),
            _ => false,
        }
    }

    /// True for `fixed` (and plain numbers): sampling needs no randomness.
    pub fn is_fixed(&self) -> bool {
        matches!(self.how, Sampler::Fixed(_))
    }

    /// A one-line human description in the model's own terms, e.g.
    /// "beta(mean 0.2, sd 0.05)", "triangular(2000, 3249, 4000)", "12" for fixed; with
    /// ", base x" when a base is given.
    pub fn describe(&self) -> String {
        self.label.clone()
    }
}

/// What is wrong with a distribution table. The caller adds the file, item, field and line,
/// so messages here speak only of the distribution and its fields, say what is allowed,
/// and suggest the nearest name for a typo.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// The `dist` name is not one of [`KINDS`].
    #[error("unknown distribution `{given}` (allowed: {}){}", KINDS.join(", "), did_you_mean(given, KINDS.iter().copied()))]
    UnknownKind { given: String },
    /// A field this kind does not take.
    #[error(
        "unknown field `{field}` for {} distribution (allowed: {}){}",
        a(kind),
        allowed_fields(kind).join(", "),
        did_you_mean(field, allowed_fields(kind).iter().copied())
    )]
    UnknownField { kind: &'static str, field: String },
    /// Required fields are absent; `needs` says which, e.g. "`alpha` and `beta`, or `mean` and `sd`".
    #[error("{} distribution needs {needs}", a(kind))]
    MissingField { kind: &'static str, needs: String },
    /// A number where a list belongs or the reverse; `expected` is "a number" or "a list of numbers".
    #[error("`{field}` of {} distribution must be {expected}", a(kind))]
    WrongType {
        kind: &'static str,
        field: String,
        expected: &'static str,
    },
    /// Impossible parameters (or a non-finite number, a repeated field, a base outside the support).
    #[error("{message}")]
    Invalid {
        kind: &'static str,
        field: Option<String>,
        message: String,
    },
}

impl DistError {
    /// The field the error is about, if any (for the caller to find its line): `dist` for
    /// an unknown kind, none for missing fields.
    pub fn field(&self) -> Option<&str> {
        match self {
            DistError::UnknownKind { .. } => Some("dist"),
            DistError::UnknownField { field, .. } | DistError::WrongType { field, .. } => {
                Some(field)
            }
            DistError::MissingField { .. } => None,
            DistError::Invalid { field, .. } => field.as_deref(),
        }
    }
}

#[cfg(test)]
mod cdf_tests;
