//! The distributions of a model's uncertain quantities (spec §1): checking the fields of a
//! `dist` table, then sampling, quantiles, means and base-case values.
//!
//! Sampling is by inversion wherever the quantile function is closed-form or tabulated: one
//! uniform from the quantity's per-draw stream goes through the quantile function. A draw's
//! value then moves monotonically when a scenario changes the parameters, so common random
//! numbers compare like with like (the draw at the 90th percentile stays there). Beta, gamma
//! and PERT have no cheap inverse and use rand_distr's rejection samplers, which consume a
//! varying number of random numbers; each quantity has its own stream in each draw
//! ([`crate::rng`]), so that never shifts any other draw. Everything that can be is computed
//! once in [`Dist::from_fields`], and [`Dist::sample`] allocates nothing.

use std::f64::consts::{PI, SQRT_2};

use rand_distr::Distribution;
use statrs::distribution::ContinuousCDF;
use statrs::function::beta::inv_beta_reg;
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::ln_gamma;

use crate::rng::DrawRng;
use crate::suggest::did_you_mean;

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

/// Largest Poisson mean: its cumulative table then has about 17,000 entries.
const MAX_POISSON_LAMBDA: f64 = 1e6;
/// Poisson probabilities below this are left out of the table (their total is negligible).
const POISSON_CUT: f64 = 1e-17;
/// Least probability a truncated normal may keep: less is almost surely a mistake in the
/// bounds, and the inversion would lose its precision.
const MIN_TRUNCATED_MASS: f64 = 1e-10;

/// A checked distribution, ready to sample.
#[derive(Debug, Clone)]
pub struct Dist {
    kind: Kind,
    base: Option<f64>,
}

/// Each kind with its parameters and the constants precomputed for sampling.
#[derive(Debug, Clone)]
enum Kind {
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
    Pert {
        min: f64,
        mode: f64,
        max: f64,
        lambda: f64,
        alpha: f64,
        beta: f64,
        sampler: rand_distr::Beta<f64>,
    },
    Normal(TruncNormal),
    LogNormal {
        mean: f64,
        sd: f64,
        mu: f64,
        sigma: f64,
    },
    /// `moments` is the (mean, sd) the user gave instead of alpha and beta.
    Beta {
        alpha: f64,
        beta: f64,
        moments: Option<(f64, f64)>,
        sampler: rand_distr::Beta<f64>,
    },
    Gamma {
        shape: f64,
        scale: f64,
        moments: Option<(f64, f64)>,
        sampler: rand_distr::Gamma<f64>,
    },
    /// `cdf[i]` is P(X <= first + i), the last entry exactly 1.
    Poisson {
        lambda: f64,
        first: f64,
        cdf: Box<[f64]>,
    },
    /// Sorted by value; `cum` holds the running sums of `weights`, `total` the last one.
    Discrete {
        values: Box<[f64]>,
        weights: Box<[f64]>,
        cum: Box<[f64]>,
        total: f64,
    },
    Empirical {
        sorted: Box<[f64]>,
    },
}

/// A normal distribution truncated to [lo, hi] (infinite bounds for none), inverted as
/// z = Phi^-1(c0 + u (c1 - c0)) with c = Phi at the standardised bounds. When the lower
/// bound lies above the mean (`upper`), c holds upper-tail probabilities Q = 1 - Phi and
/// z = -Phi^-1(...): Phi there is close to 1 and differences of it lose their digits.
#[derive(Debug, Clone)]
struct TruncNormal {
    mean: f64,
    sd: f64,
    lo: f64,
    hi: f64,
    upper: bool,
    c0: f64,
    c1: f64,
}

impl TruncNormal {
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

    /// mean + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)), a and b the standardised bounds.
    fn mean(&self) -> f64 {
        let (a, b) = (
            (self.lo - self.mean) / self.sd,
            (self.hi - self.mean) / self.sd,
        );
        self.mean + self.sd * (std_normal_pdf(a) - std_normal_pdf(b)) / self.mass()
    }
}

fn std_normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the lower tail.
fn std_normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Phi^-1(p) = -sqrt 2 erfc^-1(2p), accurate for small p.
fn std_normal_inv(p: f64) -> f64 {
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// The first index whose cumulative value reaches `t`.
fn search(cum: &[f64], t: f64) -> usize {
    cum.partition_point(|&c| c < t).min(cum.len() - 1)
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
        let allowed = allowed_fields(kind);
        for (i, &(name, value)) in fields.iter().enumerate() {
            if !allowed.contains(&name) {
                return Err(DistError::UnknownField {
                    kind,
                    field: name.to_string(),
                });
            }
            if fields[..i].iter().any(|&(n, _)| n == name) {
                return Err(invalid(kind, name, format!("`{name}` is given twice")));
            }
            let wants_list = matches!(name, "values" | "weights");
            match (value, wants_list) {
                (FieldValue::Number(x), false) if !x.is_finite() => {
                    let msg = format!(
                        "`{name}` of {} distribution must be a finite number, got {x}",
                        a(kind)
                    );
                    return Err(invalid(kind, name, msg));
                }
                (FieldValue::Numbers(xs), true) => {
                    if let Some(j) = xs.iter().position(|x| !x.is_finite()) {
                        let msg = format!(
                            "`{name}` of {} distribution must be finite numbers, got {} at position {}",
                            a(kind),
                            xs[j],
                            j + 1
                        );
                        return Err(invalid(kind, name, msg));
                    }
                }
                (FieldValue::Number(_), false) => {}
                _ => {
                    let expected = if wants_list {
                        "a list of numbers"
                    } else {
                        "a number"
                    };
                    return Err(DistError::WrongType {
                        kind,
                        field: name.to_string(),
                        expected,
                    });
                }
            }
        }
        let f = Fields(fields);
        let dist = Dist {
            kind: build(kind, &f)?,
            base: f.num("base"),
        };
        if let Some(b) = dist.base {
            let (lo, hi) = dist.support();
            if !(lo <= b && b <= hi) {
                let open = if lo.is_finite() { '[' } else { '(' };
                let close = if hi.is_finite() { ']' } else { ')' };
                let msg = format!(
                    "base {b} lies outside the support {open}{lo}, {hi}{close} of this {kind}"
                );
                return Err(invalid(kind, "base", msg));
            }
        }
        Ok(dist)
    }

    /// A fixed number (used for plain numbers in the model).
    pub fn fixed(value: f64) -> Dist {
        Dist {
            kind: Kind::Fixed(value),
            base: None,
        }
    }

    /// One draw from this quantity's per-draw stream: one `open01` for the kinds sampled by
    /// inversion, rand_distr's sampler for beta, gamma and pert, nothing for fixed.
    #[inline]
    pub fn sample(&self, rng: &mut DrawRng) -> f64 {
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Pert {
                min, max, sampler, ..
            } => (min + (max - min) * sampler.sample(rng)).min(*max),
            Kind::Beta { sampler, .. } => sampler.sample(rng),
            Kind::Gamma { sampler, .. } => sampler.sample(rng),
            _ => self.at(rng.open01()),
        }
    }

    /// The p-quantile, 0 < p < 1: for discrete kinds the smallest value whose cumulative
    /// probability is at least p. Outside (0, 1) it gives the ends of the support.
    /// Beta, gamma and pert solve their CDFs numerically (accurate, slower than sampling).
    pub fn quantile(&self, p: f64) -> f64 {
        let (lo, hi) = self.support();
        match p {
            _ if p.is_nan() => f64::NAN,
            _ if p <= 0.0 => lo,
            _ if p >= 1.0 => hi,
            _ => self.at(p),
        }
    }

    /// The quantile function for p strictly inside (0, 1).
    fn at(&self, p: f64) -> f64 {
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Uniform { min, max } => (min + p * (max - min)).min(*max),
            Kind::Triangular { min, mode, max } => {
                // F(x) = (x-min)^2 / (w (mode-min)) up to the mode, 1 - (max-x)^2 / (w (max-mode)) after.
                let w = max - min;
                if p * w < mode - min {
                    min + (p * w * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - p) * w * (max - mode)).sqrt()
                }
            }
            Kind::Pert {
                min,
                max,
                alpha,
                beta,
                ..
            } => min + (max - min) * inv_beta_reg(*alpha, *beta, p),
            Kind::Normal(n) => n.at(p),
            Kind::LogNormal { mu, sigma, .. } => (mu + sigma * std_normal_inv(p)).exp(),
            Kind::Beta { alpha, beta, .. } => inv_beta_reg(*alpha, *beta, p),
            Kind::Gamma { shape, scale, .. } => statrs::distribution::Gamma::new(*shape, 1.0)
                .map_or(f64::NAN, |g| g.inverse_cdf(p) * scale),
            Kind::Poisson { first, cdf, .. } => first + search(cdf, p) as f64,
            Kind::Discrete {
                values, cum, total, ..
            } => values[search(cum, p * total)],
            Kind::Empirical { sorted } => {
                // Index ceil(p n) - 1: the smallest value with i/n >= p, each value 1/n.
                let n = sorted.len();
                sorted[((p * n as f64).ceil() as usize)
                    .saturating_sub(1)
                    .min(n - 1)]
            }
        }
    }

    /// The base-case value: `base` if given, else mode for triangular and pert, value for
    /// fixed, the mean otherwise.
    pub fn base(&self) -> f64 {
        self.base.unwrap_or_else(|| match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Triangular { mode, .. } | Kind::Pert { mode, .. } => *mode,
            _ => self.mean(),
        })
    }

    /// The mean (of the truncated distribution for a truncated normal).
    pub fn mean(&self) -> f64 {
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Uniform { min, max } => (min + max) / 2.0,
            Kind::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Kind::Pert {
                min,
                mode,
                max,
                lambda,
                ..
            } => (min + lambda * mode + max) / (lambda + 2.0),
            Kind::Normal(n) => n.mean(),
            Kind::LogNormal { mean, .. } => *mean,
            Kind::Beta {
                moments: Some((m, _)),
                ..
            }
            | Kind::Gamma {
                moments: Some((m, _)),
                ..
            } => *m,
            Kind::Beta { alpha, beta, .. } => alpha / (alpha + beta),
            Kind::Gamma { shape, scale, .. } => shape * scale,
            Kind::Poisson { lambda, .. } => *lambda,
            Kind::Discrete {
                values,
                weights,
                total,
                ..
            } => {
                values
                    .iter()
                    .zip(weights.iter())
                    .map(|(v, w)| v * w)
                    .sum::<f64>()
                    / total
            }
            Kind::Empirical { sorted } => sorted.iter().sum::<f64>() / sorted.len() as f64,
        }
    }

    /// The closed support [lo, hi] (infinite bounds as f64::INFINITY/NEG_INFINITY); for
    /// discrete, the smallest and largest values with positive weight.
    pub fn support(&self) -> (f64, f64) {
        match &self.kind {
            Kind::Fixed(v) => (*v, *v),
            Kind::Uniform { min, max }
            | Kind::Triangular { min, max, .. }
            | Kind::Pert { min, max, .. } => (*min, *max),
            Kind::Normal(n) => (n.lo, n.hi),
            Kind::LogNormal { .. } | Kind::Gamma { .. } | Kind::Poisson { .. } => {
                (0.0, f64::INFINITY)
            }
            Kind::Beta { .. } => (0.0, 1.0),
            Kind::Discrete {
                values, weights, ..
            } => values
                .iter()
                .zip(weights.iter())
                .filter(|&(_, &w)| w > 0.0)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (&v, _)| {
                    (lo.min(v), hi.max(v))
                }),
            Kind::Empirical { sorted } => (sorted[0], sorted[sorted.len() - 1]),
        }
    }

    /// The spec's name of the kind, e.g. "beta".
    pub fn kind(&self) -> &'static str {
        match &self.kind {
            Kind::Fixed(_) => "fixed",
            Kind::Uniform { .. } => "uniform",
            Kind::Triangular { .. } => "triangular",
            Kind::Pert { .. } => "pert",
            Kind::Normal(_) => "normal",
            Kind::LogNormal { .. } => "lognormal",
            Kind::Beta { .. } => "beta",
            Kind::Gamma { .. } => "gamma",
            Kind::Poisson { .. } => "poisson",
            Kind::Discrete { .. } => "discrete",
            Kind::Empirical { .. } => "empirical",
        }
    }

    /// True for `fixed` (and plain numbers): sampling needs no randomness.
    pub fn is_fixed(&self) -> bool {
        matches!(self.kind, Kind::Fixed(_))
    }

    /// A one-line human description in the model's own terms, e.g.
    /// "beta(mean 0.2, sd 0.05)", "triangular(2000, 3249, 4000)", "12" for fixed.
    pub fn describe(&self) -> String {
        let inner = match &self.kind {
            Kind::Fixed(v) => return v.to_string(),
            Kind::Uniform { min, max } => format!("{min}, {max}"),
            Kind::Triangular { min, mode, max } => format!("{min}, {mode}, {max}"),
            Kind::Pert {
                min,
                mode,
                max,
                lambda,
                ..
            } if *lambda == 4.0 => format!("{min}, {mode}, {max}"),
            Kind::Pert {
                min,
                mode,
                max,
                lambda,
                ..
            } => format!("{min}, {mode}, {max}, lambda {lambda}"),
            Kind::Normal(n) => {
                let mut s = format!("mean {}, sd {}", n.mean, n.sd);
                if n.lo.is_finite() {
                    s += &format!(", min {}", n.lo);
                }
                if n.hi.is_finite() {
                    s += &format!(", max {}", n.hi);
                }
                s
            }
            Kind::LogNormal { mean, sd, .. } => format!("mean {mean}, sd {sd}"),
            Kind::Beta {
                moments: Some((m, s)),
                ..
            }
            | Kind::Gamma {
                moments: Some((m, s)),
                ..
            } => {
                format!("mean {m}, sd {s}")
            }
            Kind::Beta { alpha, beta, .. } => format!("alpha {alpha}, beta {beta}"),
            Kind::Gamma { shape, scale, .. } => format!("shape {shape}, scale {scale}"),
            Kind::Poisson { lambda, .. } => lambda.to_string(),
            Kind::Discrete {
                values, weights, ..
            } if values.len() <= 5 => {
                format!("values {}; weights {}", join(values), join(weights))
            }
            Kind::Empirical { sorted: values } | Kind::Discrete { values, .. }
                if values.len() > 5 =>
            {
                format!(
                    "{} values from {} to {}",
                    values.len(),
                    values[0],
                    values[values.len() - 1]
                )
            }
            Kind::Empirical { sorted } | Kind::Discrete { values: sorted, .. } => join(sorted),
        };
        let base = self.base.map_or(String::new(), |b| format!(", base {b}"));
        format!("{}({inner}{base})", self.kind())
    }
}

fn join(xs: &[f64]) -> String {
    xs.iter().map(f64::to_string).collect::<Vec<_>>().join(", ")
}

/// The fields each kind accepts, in the spec's order.
fn allowed_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "fixed" => &["value", "base"],
        "uniform" => &["min", "max", "base"],
        "triangular" => &["min", "mode", "max", "base"],
        "pert" => &["min", "mode", "max", "lambda", "base"],
        "normal" => &["mean", "sd", "min", "max", "base"],
        "lognormal" => &["mean", "sd", "base"],
        "beta" => &["alpha", "beta", "mean", "sd", "base"],
        "gamma" => &["shape", "scale", "mean", "sd", "base"],
        "poisson" => &["lambda", "base"],
        "discrete" => &["values", "weights", "base"],
        "empirical" => &["values", "base"],
        _ => &[],
    }
}

/// "a beta", "an empirical".
fn a(kind: &str) -> String {
    format!("{} {kind}", if kind == "empirical" { "an" } else { "a" })
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn and_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

fn invalid(kind: &'static str, field: &str, message: String) -> DistError {
    DistError::Invalid {
        kind,
        field: Some(field.to_string()),
        message,
    }
}

/// The fields of one table, already checked for names, types and finiteness.
struct Fields<'s, 'a>(&'s [(&'s str, FieldValue<'a>)]);

impl<'a> Fields<'_, 'a> {
    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|&(n, _)| n == name)
    }

    fn num(&self, name: &str) -> Option<f64> {
        self.0.iter().find_map(|&(n, v)| match v {
            FieldValue::Number(x) if n == name => Some(x),
            _ => None,
        })
    }

    fn list(&self, name: &str) -> &'a [f64] {
        let found = self.0.iter().find_map(|&(n, v)| match v {
            FieldValue::Numbers(xs) if n == name => Some(xs),
            _ => None,
        });
        found.unwrap_or(&[])
    }

    /// Every one of `names`, or a [`DistError::MissingField`] naming those missing.
    fn require<const N: usize>(
        &self,
        kind: &'static str,
        names: [&str; N],
    ) -> Result<[f64; N], DistError> {
        let missing: Vec<&str> = names.iter().copied().filter(|n| !self.has(n)).collect();
        if !missing.is_empty() {
            return Err(DistError::MissingField {
                kind,
                needs: and_list(&missing),
            });
        }
        Ok(names.map(|n| self.num(n).unwrap_or(f64::NAN)))
    }

    /// One of two alternative pairs (beta's `alpha`, `beta` or `mean`, `sd`), never fields
    /// of both; `true` with the first pair's values, `false` with the second's.
    fn either(
        &self,
        kind: &'static str,
        first: [&str; 2],
        second: [&str; 2],
    ) -> Result<(bool, [f64; 2]), DistError> {
        let given = |pair: [&str; 2]| pair.iter().any(|n| self.has(n));
        match (given(first), given(second)) {
            (true, true) => {
                let got: Vec<&str> = self
                    .0
                    .iter()
                    .map(|&(n, _)| n)
                    .filter(|n| first.contains(n) || second.contains(n))
                    .collect();
                let message = format!(
                    "{} distribution takes either {} or {}, not fields of both (got {})",
                    a(kind),
                    and_list(&first),
                    and_list(&second),
                    and_list(&got)
                );
                let field = second.iter().find(|n| self.has(n)).map(|n| n.to_string());
                Err(DistError::Invalid {
                    kind,
                    field,
                    message,
                })
            }
            (false, false) => Err(DistError::MissingField {
                kind,
                needs: format!("{}, or {}", and_list(&first), and_list(&second)),
            }),
            (is_first, _) => {
                let [x, y] = if is_first { first } else { second };
                match (self.has(x), self.has(y)) {
                    (false, _) => Err(DistError::MissingField {
                        kind,
                        needs: format!("`{x}` to go with `{y}`"),
                    }),
                    (_, false) => Err(DistError::MissingField {
                        kind,
                        needs: format!("`{y}` to go with `{x}`"),
                    }),
                    _ => Ok((is_first, [x, y].map(|n| self.num(n).unwrap_or(f64::NAN)))),
                }
            }
        }
    }
}

/// Checks one kind's parameters and precomputes what sampling needs.
fn build(kind: &'static str, f: &Fields<'_, '_>) -> Result<Kind, DistError> {
    let positive = |field: &str, x: f64| match x > 0.0 {
        true => Ok(()),
        false => Err(invalid(
            kind,
            field,
            format!("{} distribution needs {field} > 0, got {x}", a(kind)),
        )),
    };
    let beta_sampler = |alpha: f64, beta: f64| {
        rand_distr::Beta::new(alpha, beta).map_err(|e| DistError::Invalid {
            kind,
            field: None,
            message: e.to_string(),
        })
    };
    Ok(match kind {
        "fixed" => Kind::Fixed(f.require(kind, ["value"])?[0]),
        "uniform" => {
            let [min, max] = f.require(kind, ["min", "max"])?;
            if !(min < max) {
                let msg =
                    format!("a uniform distribution needs min < max, got min {min}, max {max}");
                return Err(invalid(kind, "max", msg));
            }
            Kind::Uniform { min, max }
        }
        "triangular" | "pert" => {
            let [min, mode, max] = f.require(kind, ["min", "mode", "max"])?;
            if !(min < max) {
                return Err(invalid(
                    kind,
                    "max",
                    format!("{kind} needs min < max, got min {min}, max {max}"),
                ));
            }
            if !(min <= mode && mode <= max) {
                let msg = format!(
                    "{kind} needs min <= mode <= max, got min {min}, mode {mode}, max {max}"
                );
                return Err(invalid(kind, "mode", msg));
            }
            if kind == "triangular" {
                return Ok(Kind::Triangular { min, mode, max });
            }
            let lambda = f.num("lambda").unwrap_or(4.0);
            positive("lambda", lambda)?;
            let alpha = 1.0 + lambda * (mode - min) / (max - min);
            let beta = 1.0 + lambda * (max - mode) / (max - min);
            Kind::Pert {
                min,
                mode,
                max,
                lambda,
                alpha,
                beta,
                sampler: beta_sampler(alpha, beta)?,
            }
        }
        "normal" => {
            let [mean, sd] = f.require(kind, ["mean", "sd"])?;
            positive("sd", sd)?;
            let lo = f.num("min").unwrap_or(f64::NEG_INFINITY);
            let hi = f.num("max").unwrap_or(f64::INFINITY);
            if !(lo < hi) {
                return Err(invalid(
                    kind,
                    "max",
                    format!("a normal distribution needs min < max, got min {lo}, max {hi}"),
                ));
            }
            let (za, zb) = ((lo - mean) / sd, (hi - mean) / sd);
            let upper = za > 0.0;
            let (c0, c1) = if upper {
                (std_normal_cdf(-za), std_normal_cdf(-zb))
            } else {
                (std_normal_cdf(za), std_normal_cdf(zb))
            };
            let n = TruncNormal {
                mean,
                sd,
                lo,
                hi,
                upper,
                c0,
                c1,
            };
            if !(n.mass() >= MIN_TRUNCATED_MASS) {
                let msg = format!(
                    "normal(mean {mean}, sd {sd}) has probability {:.1e} between min {lo} and max {hi}, too little \
                     to sample (at least {MIN_TRUNCATED_MASS:e} is needed); check the bounds, mean and sd",
                    n.mass()
                );
                return Err(invalid(kind, if f.has("min") { "min" } else { "max" }, msg));
            }
            Kind::Normal(n)
        }
        "lognormal" => {
            let [mean, sd] = f.require(kind, ["mean", "sd"])?;
            positive("mean", mean)?;
            positive("sd", sd)?;
            // sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2: the moments of exp(N(mu, sigma^2)).
            let s2 = (sd / mean).powi(2).ln_1p();
            Kind::LogNormal {
                mean,
                sd,
                mu: mean.ln() - s2 / 2.0,
                sigma: s2.sqrt(),
            }
        }
        "beta" => {
            let (direct, [x, y]) = f.either(kind, ["alpha", "beta"], ["mean", "sd"])?;
            let (alpha, beta, moments) = if direct {
                positive("alpha", x)?;
                positive("beta", y)?;
                (x, y, None)
            } else {
                let (mean, sd) = (x, y);
                if !(mean > 0.0 && mean < 1.0) {
                    return Err(invalid(
                        kind,
                        "mean",
                        format!("a beta distribution needs 0 < mean < 1, got {mean}"),
                    ));
                }
                positive("sd", sd)?;
                let var_max = mean * (1.0 - mean);
                // alpha = mean k, beta = (1 - mean) k with k = mean (1 - mean) / sd^2 - 1 > 0.
                let k = var_max / (sd * sd) - 1.0;
                if !(k > 0.0) {
                    let msg = format!(
                        "beta mean {mean} with sd {sd} has no solution: sd must be below sqrt(mean * (1 - mean)) = {}",
                        var_max.sqrt()
                    );
                    return Err(invalid(kind, "sd", msg));
                }
                (mean * k, (1.0 - mean) * k, Some((mean, sd)))
            };
            extreme(kind, alpha * beta)?;
            Kind::Beta {
                alpha,
                beta,
                moments,
                sampler: beta_sampler(alpha, beta)?,
            }
        }
        "gamma" => {
            let (direct, [x, y]) = f.either(kind, ["shape", "scale"], ["mean", "sd"])?;
            let (shape, scale, moments) = if direct {
                positive("shape", x)?;
                positive("scale", y)?;
                (x, y, None)
            } else {
                positive("mean", x)?;
                positive("sd", y)?;
                // mean = shape scale, variance = shape scale^2.
                ((x / y).powi(2), y * y / x, Some((x, y)))
            };
            extreme(kind, shape * scale)?;
            let sampler = rand_distr::Gamma::new(shape, scale).map_err(|e| DistError::Invalid {
                kind,
                field: None,
                message: e.to_string(),
            })?;
            Kind::Gamma {
                shape,
                scale,
                moments,
                sampler,
            }
        }
        "poisson" => {
            let [lambda] = f.require(kind, ["lambda"])?;
            if !(lambda > 0.0 && lambda <= MAX_POISSON_LAMBDA) {
                let msg = format!(
                    "a poisson distribution needs 0 < lambda <= {MAX_POISSON_LAMBDA}, got {lambda}"
                );
                return Err(invalid(kind, "lambda", msg));
            }
            let (first, cdf) = poisson_table(lambda);
            Kind::Poisson { lambda, first, cdf }
        }
        "discrete" => {
            f.require(kind, ["values", "weights"])?;
            let (values, weights) = (f.list("values"), f.list("weights"));
            if values.is_empty() {
                return Err(invalid(
                    kind,
                    "values",
                    "a discrete distribution needs at least one value".into(),
                ));
            }
            if values.len() != weights.len() {
                let msg = format!(
                    "a discrete distribution needs one weight per value, got {} values and {} weights",
                    values.len(),
                    weights.len()
                );
                return Err(invalid(kind, "weights", msg));
            }
            if let Some(i) = weights.iter().position(|&w| w < 0.0) {
                let msg = format!(
                    "a discrete distribution needs weights >= 0, got {} at position {}",
                    weights[i],
                    i + 1
                );
                return Err(invalid(kind, "weights", msg));
            }
            // Sorted by value, so that sampling by inversion is monotone too.
            let mut pairs: Vec<(f64, f64)> = values
                .iter()
                .copied()
                .zip(weights.iter().copied())
                .collect();
            pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
            let cum: Box<[f64]> = pairs
                .iter()
                .scan(0.0, |s, &(_, w)| Some(*s + w).inspect(|&t| *s = t))
                .collect();
            let total = cum[cum.len() - 1];
            if !(total > 0.0 && total.is_finite()) {
                let msg =
                    "a discrete distribution needs weights with a positive, finite sum".to_string();
                return Err(invalid(kind, "weights", msg));
            }
            let (values, weights) = pairs.into_iter().unzip::<f64, f64, Vec<f64>, Vec<f64>>();
            Kind::Discrete {
                values: values.into(),
                weights: weights.into(),
                cum,
                total,
            }
        }
        _ => {
            f.require(kind, ["values"])?;
            let mut sorted = f.list("values").to_vec();
            if sorted.is_empty() {
                return Err(invalid(
                    kind,
                    "values",
                    "an empirical distribution needs at least one value".into(),
                ));
            }
            sorted.sort_by(f64::total_cmp);
            Kind::Empirical {
                sorted: sorted.into(),
            }
        }
    })
}

/// Parameters derived from extreme inputs can overflow; refuse them rather than sample NaN.
fn extreme(kind: &'static str, product: f64) -> Result<(), DistError> {
    match product.is_finite() && product > 0.0 {
        true => Ok(()),
        false => Err(DistError::Invalid {
            kind,
            field: None,
            message: format!("these {kind} parameters are too extreme to compute with"),
        }),
    }
}

/// The cumulative table of a Poisson(lambda): pmf from the mode outwards by the ratios
/// p(k+1) = p(k) lambda / (k+1) and p(k-1) = p(k) k / lambda (no underflow: p(mode) is at
/// least about 1 / sqrt(2 pi lambda)), cut where p < 1e-17, normalised. Returns the first
/// value and the table.
fn poisson_table(lambda: f64) -> (f64, Box<[f64]>) {
    let mode = lambda.floor();
    let p_mode = (-lambda + mode * lambda.ln() - ln_gamma(mode + 1.0)).exp();
    let (mut below, mut above) = (Vec::new(), Vec::new());
    let (mut k, mut p) = (mode, p_mode);
    while k > 0.0 {
        p *= k / lambda;
        k -= 1.0;
        if p < POISSON_CUT {
            break;
        }
        below.push(p);
    }
    let (mut k, mut p) = (mode, p_mode);
    loop {
        k += 1.0;
        p *= lambda / k;
        if p < POISSON_CUT {
            break;
        }
        above.push(p);
    }
    let first = mode - below.len() as f64;
    let pmf = below
        .iter()
        .rev()
        .chain(std::iter::once(&p_mode))
        .chain(above.iter());
    let mut cdf: Vec<f64> = pmf
        .scan(0.0, |s, &p| Some(*s + p).inspect(|&t| *s = t))
        .collect();
    let total = cdf[cdf.len() - 1];
    cdf.iter_mut().for_each(|c| *c /= total);
    let last = cdf.len() - 1;
    cdf[last] = 1.0;
    (first, cdf.into())
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
mod tests {
    use super::*;
    use crate::rng::stream_key;
    use FieldValue::{Number as N, Numbers as L};

    fn dist(kind: &str, fields: &[(&str, FieldValue<'_>)]) -> Dist {
        Dist::from_fields(kind, fields).unwrap()
    }

    fn err(kind: &str, fields: &[(&str, FieldValue<'_>)]) -> DistError {
        Dist::from_fields(kind, fields).unwrap_err()
    }

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
    }

    /// Draws `n` values as the engine does (draw i from stream (key, i)) and compares them
    /// with independently known values. The sample mean has standard error sd / sqrt(n);
    /// the share of draws at or below the known p-quantile is binomial with standard error
    /// sqrt(p (1 - p) / n). Both are allowed 5 standard errors.
    fn check_draws(d: &Dist, n: u64, mean: f64, sd: f64, quantiles: &[(f64, f64)]) {
        let key = stream_key(7, "test");
        let xs: Vec<f64> = (0..n)
            .map(|i| d.sample(&mut DrawRng::new(key, i)))
            .collect();
        let nf = n as f64;
        close(xs.iter().sum::<f64>() / nf, mean, 5.0 * sd / nf.sqrt());
        for &(p, q) in quantiles {
            let share = xs.iter().filter(|&&x| x <= q).count() as f64 / nf;
            close(share, p, 5.0 * (p * (1.0 - p) / nf).sqrt());
        }
        let (lo, hi) = d.support();
        assert!(xs.iter().all(|&x| lo <= x && x <= hi));
    }

    // Standard normal quantiles (published tables): Phi^-1(0.975), Phi^-1(0.75).
    const Z975: f64 = 1.959963985;
    const Z75: f64 = 0.6744897502;

    #[test]
    fn uniform_and_fixed() {
        // uniform(2, 6): mean 4, sd 4 / sqrt(12) = 1.1547, quantile 2 + 4p.
        let d = dist("uniform", &[("min", N(2.0)), ("max", N(6.0))]);
        check_draws(&d, 100_000, 4.0, 1.1547, &[(0.25, 3.0), (0.9, 5.6)]);
        close(d.quantile(0.9), 5.6, 1e-12);
        let f = dist("fixed", &[("value", N(12.0))]);
        assert!(f.is_fixed() && !d.is_fixed());
        assert_eq!(
            (f.quantile(0.05), f.base(), f.mean(), f.support()),
            (12.0, 12.0, 12.0, (12.0, 12.0))
        );
        assert_eq!(Dist::fixed(3.5).describe(), "3.5");
        // Fixed consumes nothing from the stream.
        let mut rng = DrawRng::new(1, 2);
        assert_eq!(f.sample(&mut rng), 12.0);
        assert_eq!(rng.open01(), DrawRng::new(1, 2).open01());
    }

    #[test]
    fn triangular() {
        // min 0, mode 1, max 3: F(x) = x^2 / 3 up to 1, then 1 - (3 - x)^2 / 6. So
        // F(0.6) = 0.12, F(1) = 1/3, F(2) = 5/6. Mean 4/3; variance
        // (0 + 1 + 9 - 0 - 0 - 3) / 18 = 7/18, sd 0.6236.
        let d = dist(
            "triangular",
            &[("min", N(0.0)), ("mode", N(1.0)), ("max", N(3.0))],
        );
        check_draws(
            &d,
            100_000,
            4.0 / 3.0,
            0.6236,
            &[(0.12, 0.6), (1.0 / 3.0, 1.0), (5.0 / 6.0, 2.0)],
        );
        close(d.quantile(0.12), 0.6, 1e-12);
        close(d.quantile(1.0 / 3.0), 1.0, 1e-12);
        close(d.quantile(5.0 / 6.0), 2.0, 1e-12);
        assert_eq!((d.base(), d.support()), (1.0, (0.0, 3.0)));
        close(d.mean(), 4.0 / 3.0, 1e-15);
    }

    #[test]
    fn pert() {
        // Mode at the centre, lambda 4: beta(3, 3) on [0, 10], symmetric with mean 5;
        // variance 100 * 9 / (36 * 7) = 3.571, sd 1.890. I_0.2(3, 3) = 10 * 0.2^3 * 0.8^2
        // + 5 * 0.2^4 * 0.8 + 0.2^5 = 0.05792, so F(2) = 0.05792.
        let d = dist(
            "pert",
            &[("min", N(0.0)), ("mode", N(5.0)), ("max", N(10.0))],
        );
        check_draws(
            &d,
            100_000,
            5.0,
            1.890,
            &[(0.05792, 2.0), (0.5, 5.0), (1.0 - 0.05792, 8.0)],
        );
        close(d.quantile(0.05792), 2.0, 1e-6);
        close(d.quantile(0.5), 5.0, 1e-6);
        // Mode 2, lambda 5: beta(2, 5) on [0, 10], mean (0 + 10 + 10) / 7; I_0.2(2, 5) =
        // 1 - 0.8^6 - 6 * 0.2 * 0.8^5 = 0.34464.
        let d = dist(
            "pert",
            &[
                ("min", N(0.0)),
                ("mode", N(2.0)),
                ("max", N(10.0)),
                ("lambda", N(5.0)),
            ],
        );
        close(d.quantile(0.34464), 2.0, 1e-6);
        close(d.mean(), 20.0 / 7.0, 1e-12);
        assert_eq!(d.base(), 2.0);
    }

    #[test]
    fn normal_and_truncated_normal() {
        // normal(10, 2): quantiles 10 -/+ 2 * 1.959963985.
        let d = dist("normal", &[("mean", N(10.0)), ("sd", N(2.0))]);
        check_draws(
            &d,
            100_000,
            10.0,
            2.0,
            &[
                (0.025, 10.0 - 2.0 * Z975),
                (0.5, 10.0),
                (0.975, 10.0 + 2.0 * Z975),
            ],
        );
        close(d.quantile(0.975), 10.0 + 2.0 * Z975, 1e-8);
        close(d.quantile(0.5), 10.0, 1e-12);
        assert_eq!(
            (d.support(), d.base()),
            ((f64::NEG_INFINITY, f64::INFINITY), 10.0)
        );
        // Truncated at min = mean: a half-normal, mean 5 + 2 sqrt(2 / pi) = 6.5957691216,
        // sd 2 sqrt(1 - 2 / pi) = 1.2056, median 5 + 2 Phi^-1(0.75), 95th percentile
        // 5 + 2 Phi^-1(0.975).
        let h = dist(
            "normal",
            &[("mean", N(5.0)), ("sd", N(2.0)), ("min", N(5.0))],
        );
        check_draws(
            &h,
            100_000,
            6.5957691216,
            1.2056,
            &[(0.5, 5.0 + 2.0 * Z75), (0.95, 5.0 + 2.0 * Z975)],
        );
        close(h.mean(), 6.5957691216, 1e-9);
        close(h.quantile(0.5), 5.0 + 2.0 * Z75, 1e-9);
        close(h.quantile(0.95), 5.0 + 2.0 * Z975, 2e-9);
        assert_eq!(h.support(), (5.0, f64::INFINITY));
        // Mirror image, truncated above.
        let m = dist(
            "normal",
            &[("mean", N(5.0)), ("sd", N(2.0)), ("max", N(5.0))],
        );
        close(m.mean(), 5.0 - 2.0 * (2.0 / PI).sqrt(), 1e-12);
        close(m.quantile(0.5), 5.0 - 2.0 * Z75, 1e-9);
    }

    #[test]
    fn normal_truncated_far_in_the_upper_tail_stays_accurate() {
        // Standard normal above 5: Q(5) = 2.8665157e-7, where 1 - Phi would keep only
        // 9 digits. Median -Phi^-1(Q(5) / 2) = 5.132018332044 and mean phi(5) / Q(5) =
        // 5.186503967126 (Python's statistics.NormalDist and math.erfc).
        let d = dist(
            "normal",
            &[("mean", N(0.0)), ("sd", N(1.0)), ("min", N(5.0))],
        );
        close(d.quantile(0.5), 5.132018332044, 1e-9);
        close(d.mean(), 5.186503967126, 1e-9);
        // Above 3 between bounds: median 3.2051549206, mean 3.2830986549, sd 0.26563.
        let d = dist(
            "normal",
            &[
                ("mean", N(0.0)),
                ("sd", N(1.0)),
                ("min", N(3.0)),
                ("max", N(20.0)),
            ],
        );
        check_draws(&d, 100_000, 3.2830986549, 0.26563, &[(0.5, 3.2051549206)]);
        close(d.quantile(0.5), 3.2051549206, 1e-9);
        assert_eq!(d.describe(), "normal(mean 0, sd 1, min 3, max 20)");
    }

    #[test]
    fn lognormal() {
        // mean 10, sd 5: sigma^2 = ln 1.25, median exp(mu) = 10 / sqrt(1.25) = 8.94427191;
        // 97.5th percentile exp(mu + sigma * 1.959963985) = 22.5754386387.
        let d = dist("lognormal", &[("mean", N(10.0)), ("sd", N(5.0))]);
        check_draws(
            &d,
            100_000,
            10.0,
            5.0,
            &[(0.5, 8.94427191), (0.975, 22.5754386387)],
        );
        close(d.quantile(0.5), 8.94427191, 1e-8);
        close(d.quantile(0.975), 22.5754386387, 1e-8);
        assert_eq!((d.base(), d.support()), (10.0, (0.0, f64::INFINITY)));
    }

    #[test]
    fn beta_both_ways() {
        // beta(2, 1): CDF x^2, quantile sqrt(p); mean 2/3, variance 2 / (9 * 4), sd 0.2357.
        let d = dist("beta", &[("alpha", N(2.0)), ("beta", N(1.0))]);
        check_draws(&d, 100_000, 2.0 / 3.0, 0.2357, &[(0.25, 0.5), (0.81, 0.9)]);
        close(d.quantile(0.25), 0.5, 1e-9);
        close(d.quantile(0.81), 0.9, 1e-9);
        assert_eq!(d.describe(), "beta(alpha 2, beta 1)");
        // beta(1, 1) is uniform on [0, 1].
        let u = dist("beta", &[("alpha", N(1.0)), ("beta", N(1.0))]);
        check_draws(&u, 100_000, 0.5, 0.288675, &[(0.3, 0.3)]);
        close(u.quantile(0.3), 0.3, 1e-9);
        // mean 0.2, sd 0.05: k = 0.16 / 0.0025 - 1 = 63, so beta(12.6, 50.4).
        let m = dist("beta", &[("mean", N(0.2)), ("sd", N(0.05))]);
        check_draws(&m, 100_000, 0.2, 0.05, &[]);
        let direct = dist("beta", &[("alpha", N(12.6)), ("beta", N(50.4))]);
        close(m.quantile(0.95), direct.quantile(0.95), 1e-12);
        assert_eq!((m.base(), m.support()), (0.2, (0.0, 1.0)));
        assert_eq!(m.describe(), "beta(mean 0.2, sd 0.05)");
    }

    #[test]
    fn gamma_both_ways() {
        // shape 1, scale 3 is exponential: mean 3, sd 3, quantile -3 ln(1 - p).
        let d = dist("gamma", &[("shape", N(1.0)), ("scale", N(3.0))]);
        check_draws(
            &d,
            100_000,
            3.0,
            3.0,
            &[(0.5, 3.0 * 2f64.ln()), (0.9, 3.0 * 10f64.ln())],
        );
        close(d.quantile(0.5), 3.0 * 2f64.ln(), 1e-6);
        close(d.quantile(0.9), 3.0 * 10f64.ln(), 1e-6);
        // mean 6, sd 3: shape 4, scale 1.5. P(X <= 6) = 1 - e^-4 (1 + 4 + 8 + 64/6) = 0.56652988.
        let g = dist("gamma", &[("mean", N(6.0)), ("sd", N(3.0))]);
        check_draws(&g, 100_000, 6.0, 3.0, &[(0.5665298796, 6.0)]);
        close(g.quantile(0.5665298796), 6.0, 1e-6);
        assert_eq!(g.describe(), "gamma(mean 6, sd 3)");
        assert_eq!(d.describe(), "gamma(shape 1, scale 3)");
    }

    #[test]
    fn poisson() {
        // P(X <= 2) = e^-3 (1 + 3 + 9/2) = 8.5 e^-3 = 0.42319008; P(X <= 4) adds 27/6 and
        // 81/24: 16.375 e^-3 = 0.81526324.
        let d = dist("poisson", &[("lambda", N(3.0))]);
        check_draws(
            &d,
            100_000,
            3.0,
            3f64.sqrt(),
            &[(0.42319008, 2.0), (0.81526324, 4.0)],
        );
        let q: Vec<f64> = [0.4, 0.42, 0.43, 0.81, 0.82]
            .iter()
            .map(|&p| d.quantile(p))
            .collect();
        assert_eq!(q, [2.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            (d.quantile(0.001), d.describe()),
            (0.0, "poisson(3)".to_string())
        );
        // For whole lambda the median is lambda (Choi 1994); the table stays short.
        let big = dist("poisson", &[("lambda", N(1e6))]);
        assert_eq!(big.quantile(0.5), 1e6);
        let tiny = dist("poisson", &[("lambda", N(1e-9))]);
        assert_eq!(tiny.quantile(0.99), 0.0);
    }

    #[test]
    fn discrete_and_empirical() {
        // values 1, 5, 2 with weights 1, 1, 2: P(1) = 1/4, P(2) = 1/2, P(5) = 1/4; mean 2.5,
        // variance (1 + 25 * 1 + 4 * 2) / 4 - 6.25 = 2.25, sd 1.5.
        let d = dist(
            "discrete",
            &[
                ("values", L(&[1.0, 5.0, 2.0])),
                ("weights", L(&[1.0, 1.0, 2.0])),
            ],
        );
        check_draws(&d, 100_000, 2.5, 1.5, &[(0.25, 1.0), (0.75, 2.0)]);
        let q: Vec<f64> = [0.25, 0.26, 0.75, 0.76]
            .iter()
            .map(|&p| d.quantile(p))
            .collect();
        assert_eq!(q, [1.0, 2.0, 2.0, 5.0]);
        assert_eq!((d.mean(), d.support()), (2.5, (1.0, 5.0)));
        assert_eq!(d.describe(), "discrete(values 1, 2, 5; weights 1, 2, 1)");
        let z = dist(
            "discrete",
            &[
                ("values", L(&[1.0, 2.0, 3.0])),
                ("weights", L(&[0.0, 5.0, 0.0])),
            ],
        );
        check_draws(&z, 1000, 2.0, 0.0, &[]);
        assert_eq!(z.support(), (2.0, 2.0));
        // Empirical 3, 1, 2, 4: each 1/4; mean 2.5, sd sqrt(1.25) = 1.118.
        let e = dist("empirical", &[("values", L(&[3.0, 1.0, 2.0, 4.0]))]);
        check_draws(&e, 100_000, 2.5, 1.118, &[(0.25, 1.0), (0.5, 2.0)]);
        let q: Vec<f64> = [0.25, 0.26, 0.5, 0.99]
            .iter()
            .map(|&p| e.quantile(p))
            .collect();
        assert_eq!(q, [1.0, 2.0, 2.0, 4.0]);
        assert_eq!(
            (e.support(), e.describe()),
            ((1.0, 4.0), "empirical(1, 2, 3, 4)".to_string())
        );
        let many: Vec<f64> = (1..=8).map(f64::from).collect();
        assert_eq!(
            dist("empirical", &[("values", L(&many))]).describe(),
            "empirical(8 values from 1 to 8)"
        );
    }

    #[test]
    fn inversion_samples_are_the_quantile_of_one_uniform() {
        let cases = [
            dist("uniform", &[("min", N(2.0)), ("max", N(6.0))]),
            dist(
                "triangular",
                &[("min", N(0.0)), ("mode", N(1.0)), ("max", N(3.0))],
            ),
            dist(
                "normal",
                &[("mean", N(0.0)), ("sd", N(1.0)), ("min", N(0.5))],
            ),
            dist("lognormal", &[("mean", N(1.0)), ("sd", N(2.0))]),
            dist("poisson", &[("lambda", N(7.5))]),
            dist(
                "discrete",
                &[("values", L(&[3.0, 1.0])), ("weights", L(&[1.0, 3.0]))],
            ),
            dist("empirical", &[("values", L(&[3.0, 1.0, 2.0]))]),
        ];
        for d in &cases {
            for i in 0..200 {
                let u = DrawRng::new(9, i).open01();
                assert_eq!(
                    d.sample(&mut DrawRng::new(9, i)),
                    d.quantile(u),
                    "{}",
                    d.describe()
                );
            }
        }
    }

    #[test]
    fn base_defaults_and_explicit_base() {
        let tri = [("min", N(2000.0)), ("mode", N(3249.0)), ("max", N(4000.0))];
        assert_eq!(dist("triangular", &tri).base(), 3249.0);
        assert_eq!(
            dist("triangular", &tri).describe(),
            "triangular(2000, 3249, 4000)"
        );
        let with_base = dist("triangular", &[tri[0], tri[1], tri[2], ("base", N(3000.0))]);
        assert_eq!(
            (with_base.base(), with_base.mean()),
            (3000.0, (2000.0 + 3249.0 + 4000.0) / 3.0)
        );
        assert_eq!(
            with_base.describe(),
            "triangular(2000, 3249, 4000, base 3000)"
        );
        assert_eq!(
            dist("uniform", &[("min", N(0.1)), ("max", N(0.3))]).base(),
            0.2
        );
        assert_eq!(
            dist(
                "beta",
                &[("alpha", N(2.0)), ("beta", N(6.0)), ("base", N(0.3))]
            )
            .base(),
            0.3
        );
        let p = dist(
            "pert",
            &[
                ("min", N(1.0)),
                ("mode", N(2.0)),
                ("max", N(9.0)),
                ("lambda", N(2.0)),
            ],
        );
        assert_eq!(
            (p.base(), p.mean(), p.describe().as_str()),
            (2.0, 3.5, "pert(1, 2, 9, lambda 2)")
        );
        assert_eq!(
            dist("fixed", &[("value", N(4.0)), ("base", N(4.0))]).base(),
            4.0
        );
        assert_eq!(
            dist("poisson", &[("lambda", N(3.0)), ("base", N(2.0))]).base(),
            2.0
        );
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let e = err("normla", &[]);
        assert_eq!(
            e.to_string(),
            "unknown distribution `normla` (allowed: fixed, uniform, triangular, pert, normal, \
             lognormal, beta, gamma, poisson, discrete, empirical); did you mean `normal`?"
        );
        assert_eq!(e.field(), Some("dist"));
        let e = err("normal", &[("mean", N(0.0)), ("sdd", N(1.0))]);
        assert_eq!(
            e.to_string(),
            "unknown field `sdd` for a normal distribution (allowed: mean, sd, min, max, base); did you mean `sd`?"
        );
        assert_eq!(e.field(), Some("sdd"));
        assert_eq!(
            err("empirical", &[("colour", N(1.0))]).to_string(),
            "unknown field `colour` for an empirical distribution (allowed: values, base)"
        );
    }

    #[test]
    fn missing_and_mistyped_fields() {
        let msg = |kind, fields: &[(&str, FieldValue<'_>)]| err(kind, fields).to_string();
        assert_eq!(
            msg("normal", &[("mean", N(1.0))]),
            "a normal distribution needs `sd`"
        );
        assert_eq!(
            msg("triangular", &[("min", N(1.0))]),
            "a triangular distribution needs `mode` and `max`"
        );
        assert_eq!(
            msg("beta", &[]),
            "a beta distribution needs `alpha` and `beta`, or `mean` and `sd`"
        );
        assert_eq!(
            msg("beta", &[("alpha", N(1.0))]),
            "a beta distribution needs `beta` to go with `alpha`"
        );
        assert_eq!(
            msg("gamma", &[("sd", N(1.0))]),
            "a gamma distribution needs `mean` to go with `sd`"
        );
        assert_eq!(
            msg("discrete", &[("values", L(&[1.0]))]),
            "a discrete distribution needs `weights`"
        );
        assert_eq!(err("empirical", &[]).field(), None);
        let e = err("normal", &[("mean", L(&[1.0])), ("sd", N(1.0))]);
        assert_eq!(
            (e.to_string().as_str(), e.field()),
            (
                "`mean` of a normal distribution must be a number",
                Some("mean")
            )
        );
        assert_eq!(
            msg("empirical", &[("values", N(3.0))]),
            "`values` of an empirical distribution must be a list of numbers"
        );
        assert_eq!(
            msg("poisson", &[("lambda", N(1.0)), ("lambda", N(2.0))]),
            "`lambda` is given twice"
        );
    }

    #[test]
    fn impossible_parameters() {
        let msg = |kind, fields: &[(&str, FieldValue<'_>)]| err(kind, fields).to_string();
        let e = err("normal", &[("mean", N(0.0)), ("sd", N(-1.0))]);
        assert_eq!(
            (e.to_string().as_str(), e.field()),
            ("a normal distribution needs sd > 0, got -1", Some("sd"))
        );
        assert_eq!(
            msg("lognormal", &[("mean", N(1.0)), ("sd", N(0.0))]),
            "a lognormal distribution needs sd > 0, got 0"
        );
        assert_eq!(
            msg("gamma", &[("shape", N(-2.0)), ("scale", N(1.0))]),
            "a gamma distribution needs shape > 0, got -2"
        );
        assert_eq!(
            msg(
                "triangular",
                &[("min", N(5.0)), ("mode", N(3.0)), ("max", N(10.0))]
            ),
            "triangular needs min <= mode <= max, got min 5, mode 3, max 10"
        );
        assert_eq!(
            msg(
                "pert",
                &[("min", N(5.0)), ("mode", N(5.0)), ("max", N(5.0))]
            ),
            "pert needs min < max, got min 5, max 5"
        );
        assert_eq!(
            msg("uniform", &[("min", N(3.0)), ("max", N(3.0))]),
            "a uniform distribution needs min < max, got min 3, max 3"
        );
        assert_eq!(
            msg(
                "normal",
                &[
                    ("mean", N(0.0)),
                    ("sd", N(1.0)),
                    ("min", N(2.0)),
                    ("max", N(1.0))
                ]
            ),
            "a normal distribution needs min < max, got min 2, max 1"
        );
        let e = err("beta", &[("mean", N(0.5)), ("sd", N(0.6))]);
        assert_eq!(
            e.to_string(),
            "beta mean 0.5 with sd 0.6 has no solution: sd must be below sqrt(mean * (1 - mean)) = 0.5"
        );
        assert_eq!(e.field(), Some("sd"));
        assert_eq!(
            msg("beta", &[("mean", N(1.2)), ("sd", N(0.1))]),
            "a beta distribution needs 0 < mean < 1, got 1.2"
        );
        assert_eq!(
            msg(
                "beta",
                &[
                    ("alpha", N(2.0)),
                    ("beta", N(3.0)),
                    ("mean", N(0.5)),
                    ("sd", N(0.1))
                ]
            ),
            "a beta distribution takes either `alpha` and `beta` or `mean` and `sd`, not fields of both \
             (got `alpha`, `beta`, `mean` and `sd`)"
        );
        let e = err("gamma", &[("shape", N(2.0)), ("sd", N(0.1))]);
        assert!(
            e.to_string()
                .ends_with("not fields of both (got `shape` and `sd`)"),
            "{e}"
        );
        assert_eq!(e.field(), Some("sd"));
        assert_eq!(
            msg(
                "pert",
                &[
                    ("min", N(0.0)),
                    ("mode", N(1.0)),
                    ("max", N(2.0)),
                    ("lambda", N(0.0))
                ]
            ),
            "a pert distribution needs lambda > 0, got 0"
        );
        assert_eq!(
            msg("poisson", &[("lambda", N(0.0))]),
            "a poisson distribution needs 0 < lambda <= 1000000, got 0"
        );
        assert_eq!(
            msg(
                "normal",
                &[
                    ("mean", N(0.0)),
                    ("sd", N(1.0)),
                    ("min", N(8.0)),
                    ("max", N(9.0))
                ]
            ),
            "normal(mean 0, sd 1) has probability 6.2e-16 between min 8 and max 9, too little to sample \
             (at least 1e-10 is needed); check the bounds, mean and sd"
        );
    }

    #[test]
    fn bad_lists_numbers_and_bases() {
        let msg = |kind, fields: &[(&str, FieldValue<'_>)]| err(kind, fields).to_string();
        let (v, w) = (L(&[1.0, 2.0]), L(&[1.0, -1.0]));
        assert_eq!(
            msg("discrete", &[("values", v), ("weights", w)]),
            "a discrete distribution needs weights >= 0, got -1 at position 2"
        );
        assert_eq!(
            msg("discrete", &[("values", v), ("weights", L(&[1.0]))]),
            "a discrete distribution needs one weight per value, got 2 values and 1 weights"
        );
        assert_eq!(
            msg("discrete", &[("values", v), ("weights", L(&[0.0, 0.0]))]),
            "a discrete distribution needs weights with a positive, finite sum"
        );
        assert_eq!(
            msg("discrete", &[("values", L(&[])), ("weights", L(&[]))]),
            "a discrete distribution needs at least one value"
        );
        assert_eq!(
            msg("empirical", &[("values", L(&[]))]),
            "an empirical distribution needs at least one value"
        );
        let e = err("normal", &[("mean", N(f64::NAN)), ("sd", N(1.0))]);
        assert_eq!(
            (e.to_string().as_str(), e.field()),
            (
                "`mean` of a normal distribution must be a finite number, got NaN",
                Some("mean")
            )
        );
        assert_eq!(
            msg("empirical", &[("values", L(&[1.0, f64::INFINITY]))]),
            "`values` of an empirical distribution must be finite numbers, got inf at position 2"
        );
        let e = err(
            "beta",
            &[("alpha", N(2.0)), ("beta", N(2.0)), ("base", N(1.5))],
        );
        assert_eq!(
            (e.to_string().as_str(), e.field()),
            (
                "base 1.5 lies outside the support [0, 1] of this beta",
                Some("base")
            )
        );
        assert_eq!(
            msg(
                "gamma",
                &[("mean", N(2.0)), ("sd", N(1.0)), ("base", N(-1.0))]
            ),
            "base -1 lies outside the support [0, inf) of this gamma"
        );
        assert_eq!(
            msg("fixed", &[("value", N(2.0)), ("base", N(3.0))]),
            "base 3 lies outside the support [2, 2] of this fixed"
        );
    }
}
#[cfg(test)]
mod probe {
    use super::*;
    use FieldValue::Number as N;
    #[test]
    fn probe() {
        for (a, b) in [
            (0.05, 1.0),
            (1.0, 0.05),
            (0.01, 1.0),
            (0.5, 0.5),
            (2.0, 1.0),
            (200.0, 300.0),
            (1e5, 2e5),
            (1e-3, 1e-3),
            (1e11, 1e11),
        ] {
            let d = Dist::from_fields("beta", &[("alpha", N(a)), ("beta", N(b))]).unwrap();
            for p in [1e-6, 0.05, 0.5, 0.95, 1.0 - 1e-6] {
                let x = d.quantile(p);
                eprintln!(
                    "beta({a},{b}) p {p} x {x:e} resid {:e}",
                    statrs::function::beta::beta_reg(a, b, x) - p
                );
            }
        }
        for a in [1e-3, 0.01, 0.5, 1.0, 4.0, 1e3, 1e12] {
            let d = Dist::from_fields("gamma", &[("shape", N(a)), ("scale", N(2.0))]).unwrap();
            for p in [1e-6, 0.05, 0.5, 0.9, 0.95, 1.0 - 1e-6] {
                let x = d.quantile(p);
                eprintln!(
                    "gamma({a}) p {p} x {x:e} resid {:e}",
                    if x > 0.0 {
                        statrs::function::gamma::gamma_lr(a, x / 2.0) - p
                    } else {
                        -1.0
                    }
                );
            }
        }
        let d = Dist::from_fields("gamma", &[("shape", N(1.0)), ("scale", N(3.0))]).unwrap();
        for p in [0.001, 0.05, 0.5, 0.9, 0.95, 0.999] {
            eprintln!(
                "exp p {p} err {:e}",
                d.quantile(p) + 3.0 * (1.0f64 - p).ln()
            );
        }
        let d = Dist::from_fields("beta", &[("alpha", N(2.0)), ("beta", N(1.0))]).unwrap();
        for p in [0.001, 0.05, 0.25, 0.5, 0.81, 0.95, 0.999] {
            eprintln!("beta21 p {p} err {:e}", d.quantile(p) - p.sqrt());
        }
    }
}
