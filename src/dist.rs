//! The distributions of a model's uncertain quantities (spec §1): checking the fields of a
//! `dist` table, then sampling, quantiles, means and base-case values.
//!
//! Sampling is by inversion wherever the quantile function is closed-form or tabulated: one
//! uniform from the quantity's per-draw stream goes through the quantile function. A draw's
//! value then moves monotonically when a scenario changes the parameters, so common random
//! numbers compare like with like (the draw at the 90th percentile stays there). Beta, gamma
//! and PERT have no cheap inverse and use rejection samplers (rand_distr's), which consume a
//! varying number of random numbers; each quantity has its own stream in each draw
//! ([`crate::rng`]), so that never shifts any other draw. Everything that can be is computed
//! once in [`Dist::from_fields`], and [`Dist::sample`] allocates nothing.

use std::f64::consts::{PI, SQRT_2};

use rand_distr::Distribution;
use statrs::function::beta::{checked_beta_reg, ln_beta};
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_lr, ln_gamma};

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

/// Largest Poisson mean: its table then has about 17,000 entries.
const MAX_POISSON_LAMBDA: f64 = 1e6;
/// Poisson probabilities below this are left out of the table (their total is negligible).
const POISSON_CUT: f64 = 1e-17;
/// Least probability a truncated normal may keep: less is almost surely a mistake in the
/// bounds, and the inversion would lose its precision.
const MIN_TRUNCATED_MASS: f64 = 1e-10;

/// A checked distribution, ready to sample.
#[derive(Debug, Clone)]
pub struct Dist {
    kind: &'static str,
    how: Sampler,
    mean: f64,
    support: (f64, f64),
    base: f64,
    label: String,
}

/// How to sample and invert, with everything precomputed.
#[derive(Debug, Clone)]
enum Sampler {
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
        sampler: BetaSampler,
    },
    Gamma {
        shape: f64,
        scale: f64,
        sampler: rand_distr::Gamma<f64>,
    },
    /// Poisson, discrete and empirical: values in increasing order with the running sums
    /// of their weights (for empirical, weights of 1).
    Table {
        values: Box<[f64]>,
        cum: Box<[f64]>,
    },
}

/// How a beta is drawn. With both shapes at least 1 (every PERT, most betas given by mean
/// and sd) as X / (X + Y) for X ~ gamma(alpha), Y ~ gamma(beta), each by Marsaglia and
/// Tsang's method (2000), which needs a logarithm in only about 2% of draws; otherwise by
/// Cheng's algorithms (1978), which stay accurate for shapes below 1.
#[derive(Debug, Clone)]
enum BetaSampler {
    GammaRatio(rand_distr::Gamma<f64>, rand_distr::Gamma<f64>),
    Cheng(rand_distr::Beta<f64>),
}

impl BetaSampler {
    fn new(alpha: f64, beta: f64) -> Option<BetaSampler> {
        if alpha >= 1.0 && beta >= 1.0 {
            Some(BetaSampler::GammaRatio(
                rand_distr::Gamma::new(alpha, 1.0).ok()?,
                rand_distr::Gamma::new(beta, 1.0).ok()?,
            ))
        } else {
            rand_distr::Beta::new(alpha, beta)
                .ok()
                .map(BetaSampler::Cheng)
        }
    }

    #[inline]
    fn sample(&self, rng: &mut DrawRng) -> f64 {
        match self {
            BetaSampler::GammaRatio(x, y) => {
                let x = x.sample(rng);
                x / (x + y.sample(rng))
            }
            BetaSampler::Cheng(b) => b.sample(rng),
        }
    }
}

/// A normal distribution truncated to [lo, hi] (infinite bounds for none), inverted as
/// z = Phi^-1(c0 + u (c1 - c0)) with c = Phi at the standardised bounds. When the lower
/// bound lies above the mean (`upper`), c holds upper-tail probabilities Q = 1 - Phi and
/// z = -Phi^-1(...): there Phi is close to 1 and differences of it lose their digits.
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

    /// mean + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)), a and b the standardised bounds.
    fn mean(&self) -> f64 {
        let (a, b) = (
            (self.lo - self.mean) / self.sd,
            (self.hi - self.mean) / self.sd,
        );
        let phi = |x: f64| (-0.5 * x * x).exp() / (2.0 * PI).sqrt();
        self.mean + self.sd * (phi(a) - phi(b)) / self.mass()
    }
}

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the lower tail.
fn std_normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Phi^-1(p) = -sqrt 2 erfc^-1(2p), accurate for small p.
fn std_normal_inv(p: f64) -> f64 {
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// The p-quantile of beta(a, b), solved for y = logit x so that quantiles near 0 or 1 keep
/// their relative precision (statrs' `inv_beta_reg` goes wrong for shapes well below 1).
fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    let ln_b = ln_beta(a, b);
    let x = |y: f64| 1.0 / (1.0 + (-y).exp());
    // ln x = -softplus(-y), ln(1 - x) = -softplus(y), so dF/dy = x^a (1 - x)^b / B(a, b).
    let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
    let cdf = |y: f64| checked_beta_reg(a, b, x(y)).unwrap_or(f64::NAN);
    let slope = |y: f64| (-a * softplus(-y) - b * softplus(y) - ln_b).exp();
    x(invert(p, (a / b).ln(), cdf, slope))
}

/// The p-quantile of gamma(shape a, scale 1), solved for y = ln x.
fn gamma_quantile(a: f64, p: f64) -> f64 {
    let ln_ga = ln_gamma(a);
    let cdf = |y: f64| checked_gamma_lr(a, y.exp()).unwrap_or(f64::NAN);
    // dF/dy = x f(x) = x^a e^-x / Gamma(a).
    let slope = |y: f64| (a * y - y.exp() - ln_ga).exp();
    invert(p, a.ln(), cdf, slope).exp()
}

/// Solves cdf(y) = p for y, cdf increasing with derivative `slope`, starting at `y0`: a
/// bracket grown outwards in doubling steps, then Newton's method, falling back to
/// bisection whenever a step would leave the bracket. y stays within ±700, where e^y and
/// the logistic function are finite and positive.
fn invert(p: f64, y0: f64, cdf: impl Fn(f64) -> f64, slope: impl Fn(f64) -> f64) -> f64 {
    const LIMIT: f64 = 700.0;
    let y0 = y0.clamp(-LIMIT, LIMIT);
    let (mut lo, mut hi, mut step) = (y0, y0, 1.0);
    while lo > -LIMIT && cdf(lo) > p {
        (lo, step) = ((lo - step).max(-LIMIT), step * 2.0);
    }
    step = 1.0;
    while hi < LIMIT && cdf(hi) < p {
        (hi, step) = ((hi + step).min(LIMIT), step * 2.0);
    }
    let mut y = 0.5 * (lo + hi);
    for _ in 0..200 {
        let f = cdf(y) - p;
        if f == 0.0 || f.is_nan() {
            return y;
        }
        (lo, hi) = if f > 0.0 { (lo, y) } else { (y, hi) };
        let mut next = y - f / slope(y);
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        // After a Newton step this small the error is far smaller still (quadratic
        // convergence); a bisection step this small means the bracket is that narrow.
        if (next - y).abs() <= 1e-11 * y.abs().max(1.0) {
            return next;
        }
        y = next;
    }
    y
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
        let base = f.num("base");
        if let Some(b) = base {
            let (lo, hi) = dist.support;
            if !(lo <= b && b <= hi) {
                let open = if lo.is_finite() { '[' } else { '(' };
                let close = if hi.is_finite() { ']' } else { ')' };
                let msg = format!(
                    "base {b} lies outside the support {open}{lo}, {hi}{close} of this {kind}"
                );
                return Err(invalid(kind, "base", msg));
            }
            dist.base = b;
        }
        if kind != "fixed" {
            let base = base.map_or(String::new(), |b| format!(", base {b}"));
            dist.label = format!("{kind}({}{base})", dist.label);
        }
        Ok(dist)
    }

    /// A fixed number (used for plain numbers in the model).
    pub fn fixed(value: f64) -> Dist {
        let (how, label) = (Sampler::Fixed(value), value.to_string());
        Dist {
            kind: "fixed",
            how,
            mean: value,
            support: (value, value),
            base: value,
            label,
        }
    }

    /// One draw from this quantity's per-draw stream: one `open01` for the kinds sampled by
    /// inversion, rand_distr's sampler for beta, gamma and pert, nothing for fixed.
    #[inline]
    pub fn sample(&self, rng: &mut DrawRng) -> f64 {
        match &self.how {
            Sampler::Fixed(v) => *v,
            Sampler::Beta {
                lo, width, sampler, ..
            } => (lo + width * sampler.sample(rng)).min(self.support.1),
            Sampler::Gamma { sampler, .. } => sampler.sample(rng),
            _ => self.at(rng.open01()),
        }
    }

    /// Fills `out` with draws `first`, `first + 1`, … of the quantity whose stream key is
    /// `key`: the same values as [`Dist::sample`] on each draw's stream, with the choice of
    /// method made once for the whole slice rather than once per draw.
    #[inline]
    pub fn fill(&self, out: &mut [f64], key: u64, first: u64) {
        let stream = |k: usize| DrawRng::new(key, first + k as u64);
        match &self.how {
            Sampler::Fixed(v) => out.fill(*v),
            Sampler::Beta {
                lo, width, sampler, ..
            } => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = (lo + width * sampler.sample(&mut stream(k))).min(self.support.1);
                }
            }
            Sampler::Gamma { sampler, .. } => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = sampler.sample(&mut stream(k));
                }
            }
            _ => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = self.at(stream(k).open01());
                }
            }
        }
    }

    /// The p-quantile, 0 < p < 1; for poisson, discrete and empirical the smallest value
    /// whose cumulative probability is at least p. Outside (0, 1), the ends of the support.
    /// Beta, gamma and pert solve their CDFs numerically (accurate, slower than sampling).
    pub fn quantile(&self, p: f64) -> f64 {
        match p {
            _ if p.is_nan() => f64::NAN,
            _ if p <= 0.0 => self.support.0,
            _ if p >= 1.0 => self.support.1,
            _ => self.at(p),
        }
    }

    /// The quantile function for p strictly inside (0, 1).
    fn at(&self, p: f64) -> f64 {
        match &self.how {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform { min, max } => (min + p * (max - min)).min(*max),
            Sampler::Triangular { min, mode, max } => {
                // F(x) = (x - min)^2 / (w (mode - min)) up to the mode,
                // 1 - (max - x)^2 / (w (max - mode)) above it.
                let w = max - min;
                if p * w < mode - min {
                    min + (p * w * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - p) * w * (max - mode)).sqrt()
                }
            }
            Sampler::Normal(n) => n.at(p),
            Sampler::LogNormal { mu, sigma } => (mu + sigma * std_normal_inv(p)).exp(),
            Sampler::Beta {
                lo,
                width,
                alpha,
                beta,
                ..
            } => lo + width * beta_quantile(*alpha, *beta, p),
            Sampler::Gamma { shape, scale, .. } => gamma_quantile(*shape, p) * scale,
            Sampler::Table { values, cum } => {
                let target = p * cum[cum.len() - 1];
                values[cum.partition_point(|&c| c < target).min(cum.len() - 1)]
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

/// One field's name, type and finiteness.
fn check_field(kind: &'static str, name: &str, value: FieldValue<'_>) -> Result<(), DistError> {
    if !allowed_fields(kind).contains(&name) {
        return Err(DistError::UnknownField {
            kind,
            field: name.to_string(),
        });
    }
    let wants_list = matches!(name, "values" | "weights");
    let bad = match value {
        FieldValue::Number(_) if wants_list => "a list of numbers",
        FieldValue::Numbers(_) if !wants_list => "a number",
        FieldValue::Number(x) if !x.is_finite() => {
            let msg = format!(
                "`{name}` of {} distribution must be a finite number, got {x}",
                a(kind)
            );
            return Err(invalid(kind, name, msg));
        }
        FieldValue::Numbers(xs) => match xs.iter().position(|x| !x.is_finite()) {
            Some(i) => {
                let (x, at) = (xs[i], i + 1);
                let msg = format!(
                    "`{name}` of {} distribution must be finite numbers, got {x} at position {at}",
                    a(kind)
                );
                return Err(invalid(kind, name, msg));
            }
            None => return Ok(()),
        },
        FieldValue::Number(_) => return Ok(()),
    };
    Err(DistError::WrongType {
        kind,
        field: name.to_string(),
        expected: bad,
    })
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

/// "1, 2, 5", or "12 values from 1 to 40" for a long list.
fn list_label(xs: &[f64]) -> String {
    match xs {
        [first, .., last] if xs.len() > 5 => format!("{} values from {first} to {last}", xs.len()),
        _ => xs.iter().map(f64::to_string).collect::<Vec<_>>().join(", "),
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

    /// The numbers of all `names`, or a [`DistError::MissingField`] naming those missing.
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
    /// of both: the names of the pair given, with its numbers.
    fn either(
        &self,
        kind: &'static str,
        first: [&'static str; 2],
        second: [&'static str; 2],
    ) -> Result<([&'static str; 2], [f64; 2]), DistError> {
        let given = |pair: [&str; 2]| pair.iter().any(|n| self.has(n));
        let pair = match (given(first), given(second)) {
            (true, true) => {
                let ours = |n: &&str| first.contains(n) || second.contains(n);
                let got: Vec<&str> = self.0.iter().map(|&(n, _)| n).filter(ours).collect();
                let (one, other, got) = (and_list(&first), and_list(&second), and_list(&got));
                let message = format!(
                    "{} distribution takes either {one} or {other}, not fields of both (got {got})",
                    a(kind)
                );
                let field = second.iter().find(|n| self.has(n)).map(|n| n.to_string());
                return Err(DistError::Invalid {
                    kind,
                    field,
                    message,
                });
            }
            (false, false) => {
                let needs = format!("{}, or {}", and_list(&first), and_list(&second));
                return Err(DistError::MissingField { kind, needs });
            }
            (true, false) => first,
            (false, true) => second,
        };
        let [x, y] = pair;
        match (self.has(x), self.has(y)) {
            (false, _) => Err(DistError::MissingField {
                kind,
                needs: format!("`{x}` to go with `{y}`"),
            }),
            (_, false) => Err(DistError::MissingField {
                kind,
                needs: format!("`{y}` to go with `{x}`"),
            }),
            _ => Ok((pair, self.require(kind, pair)?)),
        }
    }
}

/// Checks one kind's parameters and precomputes sampling, mean, support and the inside of
/// the description. The base is the mode for triangular and pert, the mean otherwise.
fn build(kind: &'static str, f: &Fields<'_, '_>) -> Result<Dist, DistError> {
    let need = |ok: bool, field: &str, message: String| {
        if ok {
            Ok(())
        } else {
            Err(invalid(kind, field, message))
        }
    };
    let positive = |field: &str, x: f64| {
        need(
            x > 0.0,
            field,
            format!("{} distribution needs {field} > 0, got {x}", a(kind)),
        )
    };
    let made = |how, mean, support, label| Dist {
        kind,
        how,
        mean,
        support,
        base: mean,
        label,
    };
    // Derived parameters can overflow or underflow for absurd inputs (sd = 1e-200).
    let extreme = || {
        let message = format!("these {kind} parameters are too extreme to compute with");
        DistError::Invalid {
            kind,
            field: None,
            message,
        }
    };
    let beta = |lo: f64, width: f64, alpha: f64, beta: f64| {
        let sampler = BetaSampler::new(alpha, beta).ok_or_else(extreme)?;
        if !(alpha.is_finite() && beta.is_finite()) {
            return Err(extreme());
        }
        Ok::<_, DistError>(Sampler::Beta {
            lo,
            width,
            alpha,
            beta,
            sampler,
        })
    };
    Ok(match kind {
        "fixed" => Dist::fixed(f.require(kind, ["value"])?[0]),
        "uniform" => {
            let [min, max] = f.require(kind, ["min", "max"])?;
            need(
                min < max,
                "max",
                format!("a uniform distribution needs min < max, got min {min}, max {max}"),
            )?;
            made(
                Sampler::Uniform { min, max },
                (min + max) / 2.0,
                (min, max),
                format!("{min}, {max}"),
            )
        }
        "triangular" | "pert" => {
            let [min, mode, max] = f.require(kind, ["min", "mode", "max"])?;
            need(
                min < max,
                "max",
                format!("{kind} needs min < max, got min {min}, max {max}"),
            )?;
            let msg =
                format!("{kind} needs min <= mode <= max, got min {min}, mode {mode}, max {max}");
            need(min <= mode && mode <= max, "mode", msg)?;
            let mut label = format!("{min}, {mode}, {max}");
            let dist = if kind == "triangular" {
                made(
                    Sampler::Triangular { min, mode, max },
                    (min + mode + max) / 3.0,
                    (min, max),
                    label,
                )
            } else {
                let lambda = f.num("lambda").unwrap_or(4.0);
                positive("lambda", lambda)?;
                if f.has("lambda") {
                    label += &format!(", lambda {lambda}");
                }
                let alpha = 1.0 + lambda * (mode - min) / (max - min);
                let b = 1.0 + lambda * (max - mode) / (max - min);
                let mean = (min + lambda * mode + max) / (lambda + 2.0);
                made(beta(min, max - min, alpha, b)?, mean, (min, max), label)
            };
            Dist { base: mode, ..dist }
        }
        "normal" => {
            let [mean, sd] = f.require(kind, ["mean", "sd"])?;
            positive("sd", sd)?;
            let lo = f.num("min").unwrap_or(f64::NEG_INFINITY);
            let hi = f.num("max").unwrap_or(f64::INFINITY);
            need(
                lo < hi,
                "max",
                format!("a normal distribution needs min < max, got min {lo}, max {hi}"),
            )?;
            let n = TruncNormal::new(mean, sd, lo, hi);
            let mass = n.mass();
            let msg = format!(
                "normal(mean {mean}, sd {sd}) has probability {mass:.1e} between min {lo} and max {hi}, too little to \
                 sample (at least {MIN_TRUNCATED_MASS:e} is needed); check the bounds, mean and sd"
            );
            need(
                mass >= MIN_TRUNCATED_MASS,
                if f.has("min") { "min" } else { "max" },
                msg,
            )?;
            let mut label = format!("mean {mean}, sd {sd}");
            for name in ["min", "max"] {
                if let Some(x) = f.num(name) {
                    label += &format!(", {name} {x}");
                }
            }
            let mean = n.mean();
            made(Sampler::Normal(n), mean, (lo, hi), label)
        }
        "lognormal" => {
            let [mean, sd] = f.require(kind, ["mean", "sd"])?;
            positive("mean", mean)?;
            positive("sd", sd)?;
            // sigma^2 = ln(1 + (sd/mean)^2), mu = ln(mean) - sigma^2/2: the moments of exp(N(mu, sigma^2)).
            let s2 = (sd / mean).powi(2).ln_1p();
            let how = Sampler::LogNormal {
                mu: mean.ln() - s2 / 2.0,
                sigma: s2.sqrt(),
            };
            made(
                how,
                mean,
                (0.0, f64::INFINITY),
                format!("mean {mean}, sd {sd}"),
            )
        }
        "beta" | "gamma" => {
            let direct = if kind == "beta" {
                ["alpha", "beta"]
            } else {
                ["shape", "scale"]
            };
            let (names, [x, y]) = f.either(kind, direct, ["mean", "sd"])?;
            let label = format!("{} {x}, {} {y}", names[0], names[1]);
            if kind == "beta" && names[0] == "mean" {
                need(
                    x > 0.0 && x < 1.0,
                    "mean",
                    format!("a beta distribution needs 0 < mean < 1, got {x}"),
                )?;
            }
            positive(names[0], x)?;
            positive(names[1], y)?;
            if kind == "gamma" {
                // mean = shape scale, sd^2 = shape scale^2.
                let (shape, scale) = if names == direct {
                    (x, y)
                } else {
                    ((x / y).powi(2), y * y / x)
                };
                let sampler = rand_distr::Gamma::new(shape, scale).map_err(|_| extreme())?;
                if !(shape.is_finite() && scale.is_finite()) {
                    return Err(extreme());
                }
                made(
                    Sampler::Gamma {
                        shape,
                        scale,
                        sampler,
                    },
                    shape * scale,
                    (0.0, f64::INFINITY),
                    label,
                )
            } else if names == direct {
                made(beta(0.0, 1.0, x, y)?, x / (x + y), (0.0, 1.0), label)
            } else {
                let (mean, sd) = (x, y);
                // alpha = mean k, beta = (1 - mean) k with k = mean (1 - mean) / sd^2 - 1 > 0.
                let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
                let root = (mean * (1.0 - mean)).sqrt();
                let msg = format!(
                    "beta mean {mean} with sd {sd} has no solution: sd must be below sqrt(mean * (1 - mean)) = {root}"
                );
                need(k > 0.0, "sd", msg)?;
                made(
                    beta(0.0, 1.0, mean * k, (1.0 - mean) * k)?,
                    mean,
                    (0.0, 1.0),
                    label,
                )
            }
        }
        "poisson" => {
            let [lambda] = f.require(kind, ["lambda"])?;
            let msg = format!(
                "a poisson distribution needs 0 < lambda <= {MAX_POISSON_LAMBDA}, got {lambda}"
            );
            need(lambda > 0.0 && lambda <= MAX_POISSON_LAMBDA, "lambda", msg)?;
            made(
                poisson_table(lambda),
                lambda,
                (0.0, f64::INFINITY),
                lambda.to_string(),
            )
        }
        "discrete" => {
            f.require(kind, ["values", "weights"])?;
            let (values, weights) = (f.list("values"), f.list("weights"));
            need(
                !values.is_empty(),
                "values",
                "a discrete distribution needs at least one value".into(),
            )?;
            let count =
                |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
            let (nv, nw) = (count(values.len(), "value"), count(weights.len(), "weight"));
            let msg =
                format!("a discrete distribution needs one weight per value, got {nv} and {nw}");
            need(values.len() == weights.len(), "weights", msg)?;
            if let Some(i) = weights.iter().position(|&w| w < 0.0) {
                let msg = format!(
                    "a discrete distribution needs weights >= 0, got {} at position {}",
                    weights[i],
                    i + 1
                );
                return Err(invalid(kind, "weights", msg));
            }
            let total: f64 = weights.iter().sum();
            let msg =
                "a discrete distribution needs weights with a positive, finite sum".to_string();
            need(total > 0.0 && total.is_finite(), "weights", msg)?;
            table(kind, values, weights)
        }
        _ => {
            f.require(kind, ["values"])?;
            let values = f.list("values");
            need(
                !values.is_empty(),
                "values",
                "an empirical distribution needs at least one value".into(),
            )?;
            table(kind, values, &vec![1.0; values.len()])
        }
    })
}

/// A discrete or empirical distribution from values and weights (non-negative, with a
/// positive finite sum), sorted by value so that inversion is monotone too.
fn table(kind: &'static str, values: &[f64], weights: &[f64]) -> Dist {
    let mut pairs: Vec<(f64, f64)> = values
        .iter()
        .copied()
        .zip(weights.iter().copied())
        .collect();
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (values, weights): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
    let cum: Box<[f64]> = weights
        .iter()
        .scan(0.0, |s, &w| Some(*s + w).inspect(|&t| *s = t))
        .collect();
    let mean = values.iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>() / cum[cum.len() - 1];
    let positive = values
        .iter()
        .zip(&weights)
        .filter(|p| *p.1 > 0.0)
        .map(|p| *p.0);
    let support = (
        positive.clone().fold(f64::INFINITY, f64::min),
        positive.fold(f64::NEG_INFINITY, f64::max),
    );
    let label = match values.len() {
        ..=5 if kind == "discrete" => format!(
            "values {}; weights {}",
            list_label(&values),
            list_label(&weights)
        ),
        _ => list_label(&values),
    };
    let how = Sampler::Table {
        values: values.into(),
        cum,
    };
    Dist {
        kind,
        how,
        mean,
        support,
        base: mean,
        label,
    }
}

/// The Poisson(lambda) table: pmf from the mode outwards by the ratios
/// p(k+1) = p(k) lambda / (k+1) and p(k-1) = p(k) k / lambda (p(mode), at least about
/// 1 / sqrt(2 pi lambda), does not underflow), cut where p < 1e-17, normalised.
fn poisson_table(lambda: f64) -> Sampler {
    let mode = lambda.floor();
    let p_mode = (-lambda + mode * lambda.ln() - ln_gamma(mode + 1.0)).exp();
    let (mut below, mut above) = (Vec::new(), Vec::new());
    let (mut k, mut p) = (mode, p_mode);
    while k > 0.0 && p * k / lambda >= POISSON_CUT {
        (p, k) = (p * k / lambda, k - 1.0);
        below.push(p);
    }
    (k, p) = (mode, p_mode);
    while p * lambda / (k + 1.0) >= POISSON_CUT {
        (p, k) = (p * lambda / (k + 1.0), k + 1.0);
        above.push(p);
    }
    let first = mode - below.len() as f64;
    let pmf = below.iter().rev().chain([&p_mode]).chain(&above);
    let mut cum: Vec<f64> = pmf
        .scan(0.0, |s, &p| Some(*s + p).inspect(|&t| *s = t))
        .collect();
    let total = cum[cum.len() - 1];
    cum.iter_mut().for_each(|c| *c /= total);
    let values = (0..cum.len()).map(|i| first + i as f64).collect();
    Sampler::Table {
        values,
        cum: cum.into(),
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
mod tests {

    #[test]
    fn fill_gives_what_sample_gives_draw_by_draw() {
        let key = stream_key(3, "fill");
        for dist in [
            Dist::fixed(2.5),
            Dist::from_fields(
                "beta",
                &[
                    ("alpha", FieldValue::Number(2.0)),
                    ("beta", FieldValue::Number(5.0)),
                ],
            )
            .unwrap(),
            Dist::from_fields(
                "beta",
                &[
                    ("alpha", FieldValue::Number(0.5)),
                    ("beta", FieldValue::Number(0.5)),
                ],
            )
            .unwrap(),
            Dist::from_fields(
                "gamma",
                &[
                    ("shape", FieldValue::Number(3.0)),
                    ("scale", FieldValue::Number(2.0)),
                ],
            )
            .unwrap(),
            Dist::from_fields(
                "triangular",
                &[
                    ("min", FieldValue::Number(0.0)),
                    ("mode", FieldValue::Number(1.0)),
                    ("max", FieldValue::Number(4.0)),
                ],
            )
            .unwrap(),
        ] {
            let mut out = [0.0; 37];
            dist.fill(&mut out, key, 1000);
            for (k, x) in out.iter().enumerate() {
                assert_eq!(
                    *x,
                    dist.sample(&mut DrawRng::new(key, 1000 + k as u64)),
                    "{}",
                    dist.describe()
                );
            }
        }
    }
    use super::*;
    use crate::rng::stream_key;

    /// A table in a compact notation: "normal mean=0 sd=1", "discrete values=[1,2] weights=[1,3]".
    fn parse(spec: &str) -> Result<Dist, DistError> {
        let mut words = spec.split_whitespace();
        let kind = words.next().unwrap();
        let pairs: Vec<(&str, &str)> = words.map(|w| w.split_once('=').unwrap()).collect();
        let numbers = |v: &str| -> Vec<f64> {
            let inner = v.trim_matches(['[', ']']);
            inner
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect()
        };
        let lists: Vec<Vec<f64>> = pairs.iter().map(|&(_, v)| numbers(v)).collect();
        let fields: Vec<(&str, FieldValue<'_>)> = (pairs.iter().zip(&lists))
            .map(|(&(name, v), xs)| match v.starts_with('[') {
                true => (name, FieldValue::Numbers(xs)),
                false => (name, FieldValue::Number(xs[0])),
            })
            .collect();
        Dist::from_fields(kind, &fields)
    }

    fn d(spec: &str) -> Dist {
        parse(spec).unwrap()
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

    // Standard normal quantiles Phi^-1(0.975) and Phi^-1(0.75) (published tables).
    const Z975: f64 = 1.959963984540054;
    const Z75: f64 = 0.674489750196082;

    #[test]
    fn uniform_and_fixed() {
        // uniform(2, 6): mean 4, sd 4 / sqrt(12) = 1.1547, quantile 2 + 4p.
        let u = d("uniform min=2 max=6");
        check_draws(&u, 100_000, 4.0, 1.1547, &[(0.25, 3.0), (0.9, 5.6)]);
        close(u.quantile(0.9), 5.6, 1e-12);
        let f = d("fixed value=12");
        assert!(f.is_fixed() && !u.is_fixed());
        assert_eq!(
            (f.quantile(0.05), f.base(), f.mean(), f.support()),
            (12.0, 12.0, 12.0, (12.0, 12.0))
        );
        assert_eq!(
            (f.describe(), Dist::fixed(3.5).describe()),
            ("12".into(), "3.5".into())
        );
        // Fixed consumes nothing from the stream.
        let mut rng = DrawRng::new(1, 2);
        assert_eq!(f.sample(&mut rng), 12.0);
        assert_eq!(rng.open01(), DrawRng::new(1, 2).open01());
    }

    #[test]
    fn triangular() {
        // min 0, mode 1, max 3: F(x) = x^2 / 3 up to 1, then 1 - (3 - x)^2 / 6, so F(0.6) =
        // 0.12, F(1) = 1/3, F(2) = 5/6. Mean 4/3; variance (0 + 1 + 9 - 0 - 0 - 3) / 18 =
        // 7/18, sd 0.6236.
        let t = d("triangular min=0 mode=1 max=3");
        check_draws(
            &t,
            100_000,
            4.0 / 3.0,
            0.6236,
            &[(0.12, 0.6), (1.0 / 3.0, 1.0), (5.0 / 6.0, 2.0)],
        );
        close(t.quantile(0.12), 0.6, 1e-12);
        close(t.quantile(1.0 / 3.0), 1.0, 1e-12);
        close(t.quantile(5.0 / 6.0), 2.0, 1e-12);
        assert_eq!(
            (t.base(), t.support(), t.describe().as_str()),
            (1.0, (0.0, 3.0), "triangular(0, 1, 3)")
        );
        close(t.mean(), 4.0 / 3.0, 1e-15);
    }

    #[test]
    fn pert() {
        // Mode at the centre, lambda 4: beta(3, 3) on [0, 10], symmetric with mean 5;
        // variance 100 * 9 / (36 * 7) = 3.571, sd 1.890. I_0.2(3, 3) = 10 * 0.2^3 * 0.8^2
        // + 5 * 0.2^4 * 0.8 + 0.2^5 = 0.05792, so F(2) = 0.05792 and F(8) = 0.94208.
        let p = d("pert min=0 mode=5 max=10");
        check_draws(
            &p,
            100_000,
            5.0,
            1.890,
            &[(0.05792, 2.0), (0.5, 5.0), (0.94208, 8.0)],
        );
        close(p.quantile(0.05792), 2.0, 1e-9);
        close(p.quantile(0.5), 5.0, 1e-9);
        assert_eq!(
            (p.base(), p.mean(), p.describe().as_str()),
            (5.0, 5.0, "pert(0, 5, 10)")
        );
        // Mode 2, lambda 5: beta(2, 5) on [0, 10], mean (0 + 5 * 2 + 10) / 7 = 20/7;
        // I_0.2(2, 5) = 1 - 0.8^6 - 6 * 0.2 * 0.8^5 = 0.34464.
        let p = d("pert min=0 mode=2 max=10 lambda=5");
        close(p.quantile(0.34464), 2.0, 1e-9);
        close(p.mean(), 20.0 / 7.0, 1e-12);
        assert_eq!(
            (p.base(), p.describe().as_str()),
            (2.0, "pert(0, 2, 10, lambda 5)")
        );
    }

    #[test]
    fn normal_and_truncated_normal() {
        // normal(10, 2): quantiles 10 -/+ 2 * 1.959963985.
        let n = d("normal mean=10 sd=2");
        check_draws(
            &n,
            100_000,
            10.0,
            2.0,
            &[
                (0.025, 10.0 - 2.0 * Z975),
                (0.5, 10.0),
                (0.975, 10.0 + 2.0 * Z975),
            ],
        );
        close(n.quantile(0.975), 10.0 + 2.0 * Z975, 1e-9);
        close(n.quantile(0.5), 10.0, 1e-12);
        assert_eq!(
            (n.support(), n.base()),
            ((f64::NEG_INFINITY, f64::INFINITY), 10.0)
        );
        // Truncated at min = mean: a half-normal, mean 5 + 2 sqrt(2 / pi) = 6.5957691216,
        // sd 2 sqrt(1 - 2 / pi) = 1.2056, median 5 + 2 Phi^-1(0.75), 95th percentile
        // 5 + 2 Phi^-1(0.975).
        let h = d("normal mean=5 sd=2 min=5");
        check_draws(
            &h,
            100_000,
            6.5957691216,
            1.2056,
            &[(0.5, 5.0 + 2.0 * Z75), (0.95, 5.0 + 2.0 * Z975)],
        );
        close(h.mean(), 6.5957691216, 1e-9);
        close(h.quantile(0.5), 5.0 + 2.0 * Z75, 1e-9);
        close(h.quantile(0.95), 5.0 + 2.0 * Z975, 1e-9);
        assert_eq!((h.support(), h.base()), ((5.0, f64::INFINITY), h.mean()));
        // Mirror image, truncated above.
        let m = d("normal mean=5 sd=2 max=5");
        close(m.mean(), 5.0 - 2.0 * (2.0 / PI).sqrt(), 1e-12);
        close(m.quantile(0.5), 5.0 - 2.0 * Z75, 1e-9);
        assert_eq!(m.describe(), "normal(mean 5, sd 2, max 5)");
    }

    #[test]
    fn normal_truncated_far_in_the_upper_tail_stays_accurate() {
        // Standard normal above 6: Q(6) = 9.8658765e-10, so 1 - Phi would keep only 6
        // digits. Median -Phi^-1(Q(6) / 2) = 6.111565061813, 95th percentile
        // -Phi^-1(Q(6) / 20) = 6.468992083074, mean phi(6) / Q(6) = 6.158482604545 (from
        // Python's statistics.NormalDist and math.erfc).
        let t = d("normal mean=0 sd=1 min=6");
        close(t.quantile(0.5), 6.111565061813, 1e-9);
        close(t.quantile(0.95), 6.468992083074, 1e-9);
        close(t.mean(), 6.158482604545, 1e-9);
        // Between 3 and 20: median 3.2051549206, mean 3.2830986549, sd 0.26563.
        let t = d("normal mean=0 sd=1 min=3 max=20");
        check_draws(&t, 100_000, 3.2830986549, 0.26563, &[(0.5, 3.2051549206)]);
        close(t.quantile(0.5), 3.2051549206, 1e-9);
        assert_eq!(t.describe(), "normal(mean 0, sd 1, min 3, max 20)");
    }

    #[test]
    fn lognormal() {
        // mean 10, sd 5: sigma^2 = ln 1.25, median exp(mu) = 10 / sqrt(1.25) = 8.94427191;
        // 97.5th percentile exp(mu + sigma * 1.959963985) = 22.5754386387.
        let l = d("lognormal mean=10 sd=5");
        check_draws(
            &l,
            100_000,
            10.0,
            5.0,
            &[(0.5, 8.94427191), (0.975, 22.5754386387)],
        );
        close(l.quantile(0.5), 8.94427191, 1e-8);
        close(l.quantile(0.975), 22.5754386387, 1e-9);
        assert_eq!((l.base(), l.support()), (10.0, (0.0, f64::INFINITY)));
    }

    #[test]
    fn beta_both_ways() {
        // beta(2, 1): CDF x^2, quantile sqrt(p); mean 2/3, variance 2 / (9 * 4), sd 0.2357.
        let b = d("beta alpha=2 beta=1");
        check_draws(&b, 100_000, 2.0 / 3.0, 0.2357, &[(0.25, 0.5), (0.81, 0.9)]);
        close(b.quantile(0.25), 0.5, 1e-9);
        close(b.quantile(0.81), 0.9, 1e-9);
        assert_eq!(
            (b.describe().as_str(), b.support()),
            ("beta(alpha 2, beta 1)", (0.0, 1.0))
        );
        // beta(1, 1) is uniform on [0, 1].
        let u = d("beta alpha=1 beta=1");
        check_draws(&u, 100_000, 0.5, 0.288675, &[(0.3, 0.3)]);
        close(u.quantile(0.3), 0.3, 1e-9);
        // beta(0.05, 1) has CDF x^0.05, quantile p^20: 0.05^20 = 9.5367431640625e-27.
        close(
            d("beta alpha=0.05 beta=1").quantile(0.05) / 9.5367431640625e-27,
            1.0,
            1e-9,
        );
        // mean 0.2, sd 0.05: k = 0.16 / 0.0025 - 1 = 63, so beta(12.6, 50.4).
        let m = d("beta mean=0.2 sd=0.05");
        check_draws(&m, 100_000, 0.2, 0.05, &[]);
        close(
            m.quantile(0.95),
            d("beta alpha=12.6 beta=50.4").quantile(0.95),
            1e-12,
        );
        assert_eq!(
            (m.base(), m.describe().as_str()),
            (0.2, "beta(mean 0.2, sd 0.05)")
        );
    }

    #[test]
    fn gamma_both_ways() {
        // shape 1, scale 3 is exponential: mean 3, sd 3, quantile -3 ln(1 - p).
        let e = d("gamma shape=1 scale=3");
        check_draws(
            &e,
            100_000,
            3.0,
            3.0,
            &[(0.5, 3.0 * 2f64.ln()), (0.9, 3.0 * 10f64.ln())],
        );
        close(e.quantile(0.5), 3.0 * 2f64.ln(), 1e-9);
        close(e.quantile(0.9), 3.0 * 10f64.ln(), 1e-9);
        assert_eq!(e.describe(), "gamma(shape 1, scale 3)");
        // mean 6, sd 3: shape 4, scale 1.5. P(X <= 6) = 1 - e^-4 (1 + 4 + 8 + 64/6) = 0.5665298796.
        let g = d("gamma mean=6 sd=3");
        check_draws(&g, 100_000, 6.0, 3.0, &[(0.5665298796, 6.0)]);
        close(g.quantile(0.5665298796), 6.0, 1e-9);
        assert_eq!(
            (g.describe().as_str(), g.base()),
            ("gamma(mean 6, sd 3)", 6.0)
        );
        // shape 1/2, scale 2 is chi-squared with 1 degree of freedom, Z^2: its 95th
        // percentile is 1.959963985^2, its 1e-6 quantile (sqrt(2 pi) 5e-7)^2 = pi/2 * 1e-12.
        let c = d("gamma shape=0.5 scale=2");
        close(c.quantile(0.95), Z975 * Z975, 1e-9);
        close(c.quantile(1e-6) / (PI / 2.0 * 1e-12), 1.0, 1e-9);
    }

    #[test]
    fn poisson() {
        // P(X <= 2) = e^-3 (1 + 3 + 9/2) = 8.5 e^-3 = 0.42319008; P(X <= 4) adds 27/6 and
        // 81/24: 16.375 e^-3 = 0.81526324.
        let p = d("poisson lambda=3");
        check_draws(
            &p,
            100_000,
            3.0,
            3f64.sqrt(),
            &[(0.42319008, 2.0), (0.81526324, 4.0)],
        );
        let q: Vec<f64> = [0.001, 0.4, 0.42, 0.43, 0.81, 0.82]
            .iter()
            .map(|&x| p.quantile(x))
            .collect();
        assert_eq!(q, [0.0, 2.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            (p.describe().as_str(), p.support()),
            ("poisson(3)", (0.0, f64::INFINITY))
        );
        // For whole lambda the median is lambda (Choi 1994).
        assert_eq!(d("poisson lambda=1000000").quantile(0.5), 1e6);
        assert_eq!(d("poisson lambda=1e-9").quantile(0.99), 0.0);
    }

    #[test]
    fn discrete_and_empirical() {
        // values 1, 5, 2 with weights 1, 1, 2: P(1) = 1/4, P(2) = 1/2, P(5) = 1/4; mean 2.5,
        // variance (1 + 25 + 4 * 2) / 4 - 6.25 = 2.25, sd 1.5.
        let x = d("discrete values=[1,5,2] weights=[1,1,2]");
        check_draws(&x, 100_000, 2.5, 1.5, &[(0.25, 1.0), (0.75, 2.0)]);
        let q: Vec<f64> = [0.25, 0.26, 0.75, 0.76]
            .iter()
            .map(|&p| x.quantile(p))
            .collect();
        assert_eq!(q, [1.0, 2.0, 2.0, 5.0]);
        assert_eq!((x.mean(), x.support()), (2.5, (1.0, 5.0)));
        assert_eq!(x.describe(), "discrete(values 1, 2, 5; weights 1, 2, 1)");
        let z = d("discrete values=[1,2,3] weights=[0,5,0]");
        check_draws(&z, 1000, 2.0, 0.0, &[]);
        assert_eq!(z.support(), (2.0, 2.0));
        // Empirical 3, 1, 2, 4: each 1/4; mean 2.5, sd sqrt(1.25) = 1.118.
        let e = d("empirical values=[3,1,2,4]");
        check_draws(&e, 100_000, 2.5, 1.118, &[(0.25, 1.0), (0.5, 2.0)]);
        let q: Vec<f64> = [0.25, 0.26, 0.5, 0.99]
            .iter()
            .map(|&p| e.quantile(p))
            .collect();
        assert_eq!(q, [1.0, 2.0, 2.0, 4.0]);
        assert_eq!(
            (e.support(), e.describe().as_str()),
            ((1.0, 4.0), "empirical(1, 2, 3, 4)")
        );
        assert_eq!(
            d("empirical values=[8,2,3,4,5,6,7,1]").describe(),
            "empirical(8 values from 1 to 8)"
        );
    }

    #[test]
    fn inversion_samples_are_the_quantile_of_one_uniform() {
        let specs = [
            "uniform min=2 max=6",
            "triangular min=0 mode=1 max=3",
            "normal mean=0 sd=1 min=0.5",
            "lognormal mean=1 sd=2",
            "poisson lambda=7.5",
            "discrete values=[3,1] weights=[1,3]",
            "empirical values=[3,1,2]",
        ];
        for spec in specs {
            let x = d(spec);
            for i in 0..200 {
                let u = DrawRng::new(9, i).open01();
                assert_eq!(x.sample(&mut DrawRng::new(9, i)), x.quantile(u), "{spec}");
            }
        }
    }

    #[test]
    fn explicit_base_overrides_the_default() {
        let t = d("triangular min=2000 mode=3249 max=4000 base=3000");
        assert_eq!(
            (t.base(), t.mean()),
            (3000.0, (2000.0 + 3249.0 + 4000.0) / 3.0)
        );
        assert_eq!(t.describe(), "triangular(2000, 3249, 4000, base 3000)");
        assert_eq!(d("uniform min=0.1 max=0.3").base(), 0.2);
        assert_eq!(d("beta alpha=2 beta=6 base=0.3").base(), 0.3);
        assert_eq!(d("fixed value=4 base=4").base(), 4.0);
        assert_eq!(d("poisson lambda=3 base=2").base(), 2.0);
    }

    /// Builds `spec`, expecting exactly `message` about `field`.
    fn fails(spec: &str, field: Option<&str>, message: &str) {
        let e = parse(spec).unwrap_err();
        assert_eq!(
            (e.to_string().as_str(), e.field()),
            (message, field),
            "{spec}"
        );
    }

    #[test]
    fn unknown_names_missing_fields_and_wrong_types() {
        fails(
            "normla mean=0",
            Some("dist"),
            "unknown distribution `normla` (allowed: fixed, uniform, triangular, pert, normal, \
             lognormal, beta, gamma, poisson, discrete, empirical); did you mean `normal`?",
        );
        let allowed = "(allowed: mean, sd, min, max, base)";
        let msg =
            format!("unknown field `sdd` for a normal distribution {allowed}; did you mean `sd`?");
        fails("normal mean=0 sdd=1", Some("sdd"), &msg);
        let msg = "unknown field `colour` for an empirical distribution (allowed: values, base)";
        fails("empirical colour=1", Some("colour"), msg);
        fails("normal mean=1", None, "a normal distribution needs `sd`");
        fails(
            "triangular min=1",
            None,
            "a triangular distribution needs `mode` and `max`",
        );
        fails(
            "beta",
            None,
            "a beta distribution needs `alpha` and `beta`, or `mean` and `sd`",
        );
        fails(
            "beta alpha=1",
            None,
            "a beta distribution needs `beta` to go with `alpha`",
        );
        fails(
            "gamma sd=1",
            None,
            "a gamma distribution needs `mean` to go with `sd`",
        );
        fails(
            "discrete values=[1]",
            None,
            "a discrete distribution needs `weights`",
        );
        fails(
            "empirical",
            None,
            "an empirical distribution needs `values`",
        );
        fails(
            "normal mean=[1] sd=1",
            Some("mean"),
            "`mean` of a normal distribution must be a number",
        );
        let msg = "`values` of an empirical distribution must be a list of numbers";
        fails("empirical values=3", Some("values"), msg);
        fails(
            "poisson lambda=1 lambda=2",
            Some("lambda"),
            "`lambda` is given twice",
        );
    }

    #[test]
    fn impossible_parameters() {
        fails(
            "normal mean=0 sd=-1",
            Some("sd"),
            "a normal distribution needs sd > 0, got -1",
        );
        fails(
            "lognormal mean=1 sd=0",
            Some("sd"),
            "a lognormal distribution needs sd > 0, got 0",
        );
        fails(
            "gamma shape=-2 scale=1",
            Some("shape"),
            "a gamma distribution needs shape > 0, got -2",
        );
        let msg = "triangular needs min <= mode <= max, got min 5, mode 3, max 10";
        fails("triangular min=5 mode=3 max=10", Some("mode"), msg);
        fails(
            "pert min=5 mode=5 max=5",
            Some("max"),
            "pert needs min < max, got min 5, max 5",
        );
        let msg = "a uniform distribution needs min < max, got min 3, max 3";
        fails("uniform min=3 max=3", Some("max"), msg);
        let msg = "a normal distribution needs min < max, got min 2, max 1";
        fails("normal mean=0 sd=1 min=2 max=1", Some("max"), msg);
        let msg = "beta mean 0.5 with sd 0.6 has no solution: sd must be below sqrt(mean * (1 - mean)) = 0.5";
        fails("beta mean=0.5 sd=0.6", Some("sd"), msg);
        fails(
            "beta mean=1.2 sd=0.1",
            Some("mean"),
            "a beta distribution needs 0 < mean < 1, got 1.2",
        );
        let msg = "a beta distribution takes either `alpha` and `beta` or `mean` and `sd`, not fields of \
                   both (got `alpha`, `beta`, `mean` and `sd`)";
        fails("beta alpha=2 beta=3 mean=0.5 sd=0.1", Some("mean"), msg);
        let msg = "a gamma distribution takes either `shape` and `scale` or `mean` and `sd`, not fields \
                   of both (got `shape` and `sd`)";
        fails("gamma shape=2 sd=0.1", Some("sd"), msg);
        fails(
            "pert min=0 mode=1 max=2 lambda=0",
            Some("lambda"),
            "a pert distribution needs lambda > 0, got 0",
        );
        let msg = "a poisson distribution needs 0 < lambda <= 1000000, got 0";
        fails("poisson lambda=0", Some("lambda"), msg);
        let msg = "a poisson distribution needs 0 < lambda <= 1000000, got 2000000";
        fails("poisson lambda=2e6", Some("lambda"), msg);
        // Q(8) - Q(9) = 6.2e-16 (Python: math.erfc).
        let msg = "normal(mean 0, sd 1) has probability 6.2e-16 between min 8 and max 9, too little to \
                   sample (at least 1e-10 is needed); check the bounds, mean and sd";
        fails("normal mean=0 sd=1 min=8 max=9", Some("min"), msg);
        let msg = "these beta parameters are too extreme to compute with";
        fails("beta mean=0.5 sd=1e-200", None, msg);
    }

    #[test]
    fn bad_lists_numbers_and_bases() {
        let msg = "a discrete distribution needs weights >= 0, got -1 at position 2";
        fails("discrete values=[1,2] weights=[1,-1]", Some("weights"), msg);
        let msg = "a discrete distribution needs one weight per value, got 2 values and 1 weight";
        fails("discrete values=[1,2] weights=[1]", Some("weights"), msg);
        let msg = "a discrete distribution needs weights with a positive, finite sum";
        fails("discrete values=[1,2] weights=[0,0]", Some("weights"), msg);
        let msg = "a discrete distribution needs at least one value";
        fails("discrete values=[] weights=[]", Some("values"), msg);
        let msg = "an empirical distribution needs at least one value";
        fails("empirical values=[]", Some("values"), msg);
        let msg = "`mean` of a normal distribution must be a finite number, got NaN";
        fails("normal mean=NaN sd=1", Some("mean"), msg);
        let msg =
            "`values` of an empirical distribution must be finite numbers, got inf at position 2";
        fails("empirical values=[1,inf]", Some("values"), msg);
        let msg = "base 1.5 lies outside the support [0, 1] of this beta";
        fails("beta alpha=2 beta=2 base=1.5", Some("base"), msg);
        let msg = "base -1 lies outside the support [0, inf) of this gamma";
        fails("gamma mean=2 sd=1 base=-1", Some("base"), msg);
        let msg = "base 3 lies outside the support [2, 2] of this fixed";
        fails("fixed value=2 base=3", Some("base"), msg);
    }
}
