//! Building a [`Dist`] from a `dist` table: which fields each kind takes, checking every
//! value, and precomputing what sampling needs.

use super::*;
use crate::model::num::num;

/// The fields each kind accepts, in the spec's order. `price_year` is read (and taken
/// out) with the table, before the distribution is built.
pub fn allowed_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "fixed" => &["value", "base", "price_year"],
        "uniform" => &["min", "max", "base", "price_year"],
        "triangular" => &["min", "mode", "max", "base", "price_year"],
        "pert" => &["min", "mode", "max", "lambda", "base", "price_year"],
        "normal" => &["mean", "sd", "min", "max", "base", "price_year"],
        "lognormal" => &["mean", "sd", "base", "price_year"],
        "beta" => &["alpha", "beta", "mean", "sd", "base", "price_year"],
        "gamma" => &["shape", "scale", "mean", "sd", "base", "price_year"],
        "poisson" => &["lambda", "min", "max", "base", "price_year"],
        "discrete" => &["values", "weights", "base", "price_year"],
        "empirical" => &["values", "base", "price_year"],
        _ => &[],
    }
}

/// One field's name, type and finiteness.
pub(super) fn check_field(
    kind: &'static str,
    name: &str,
    value: FieldValue<'_>,
) -> Result<(), DistError> {
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
                a(kind),
                x = num(x)
            );
            return Err(invalid(kind, name, msg));
        }
        FieldValue::Numbers(xs) => match xs.iter().position(|x| !x.is_finite()) {
            Some(i) => {
                let (x, at) = (xs[i], i + 1);
                let msg = format!(
                    "`{name}` of {} distribution must be finite numbers, got {x} at position {at}",
                    a(kind),
                    x = num(x)
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
pub(super) fn a(kind: &str) -> String {
    format!("{} {kind}", if kind == "empirical" { "an" } else { "a" })
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(super) fn and_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

pub(super) fn invalid(kind: &'static str, field: &str, message: String) -> DistError {
    DistError::Invalid {
        kind,
        field: Some(field.to_string()),
        message,
    }
}

/// "1, 2, 5", or "12 values from 1 to 40" for a long list.
pub(super) fn list_label(xs: &[f64]) -> String {
    match xs {
        [first, .., last] if xs.len() > 5 => format!(
            "{} values from {first} to {last}",
            xs.len(),
            first = num(*first),
            last = num(*last)
        ),
        _ => xs.iter().map(|&x| num(x)).collect::<Vec<_>>().join(", "),
    }
}

/// The fields of one table, already checked for names, types and finiteness.
pub(super) struct Fields<'s, 'a>(pub(super) &'s [(&'s str, FieldValue<'a>)]);

impl<'a> Fields<'_, 'a> {
    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|&(n, _)| n == name)
    }

    pub(super) fn num(&self, name: &str) -> Option<f64> {
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
pub(super) fn build(kind: &'static str, f: &Fields<'_, '_>) -> Result<Dist, DistError> {
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
            format!(
                "{} distribution needs {field} > 0, got {x}",
                a(kind),
                x = num(x)
            ),
        )
    };
    let made = |how, mean, support, label| made(kind, how, mean, support, label);
    // Derived parameters can overflow or underflow for absurd inputs (sd = 1e-200).
    let extreme = || {
        let message = format!("these {kind} parameters are too extreme to compute with");
        DistError::Invalid {
            kind,
            field: None,
            message,
        }
    };
    // Shapes computed from other fields (PERT's, beta's and gamma's mean and sd) are
    // named with what gave them.
    let shapes = |named: &[(&str, f64)], from: &str| {
        if named
            .iter()
            .all(|(_, v)| (MIN_SHAPE..=MAX_SHAPE).contains(v))
        {
            return Ok(());
        }
        let listed: Vec<String> = named
            .iter()
            .map(|(n, v)| format!("{n} {}", num(*v)))
            .collect();
        let narrow = named.iter().any(|&(_, v)| v > MAX_SHAPE);
        let message = format!(
            "{} distribution{from} has {}: shapes must lie from {MIN_SHAPE:e} to {MAX_SHAPE:e} to be sampled exactly{}",
            a(kind),
            listed.join(", "),
            if narrow {
                "; a spread this narrow is better written as a fixed number or a normal"
            } else {
                ""
            }
        );
        Err(DistError::Invalid {
            kind,
            field: None,
            message,
        })
    };
    let beta = |lo: f64, width: f64, alpha: f64, beta: f64, from: &str| {
        if !(alpha > 0.0 && beta > 0.0 && alpha.is_finite() && beta.is_finite()) {
            return Err(extreme());
        }
        shapes(&[("alpha", alpha), ("beta", beta)], from)?;
        let inverse = Table::of(Law::beta(alpha, beta));
        Ok::<_, DistError>(Sampler::Beta {
            lo,
            width,
            alpha,
            beta,
            inverse,
        })
    };
    Ok(match kind {
        "fixed" => Dist::fixed(f.require(kind, ["value"])?[0]),
        "uniform" => {
            let [min, max] = f.require(kind, ["min", "max"])?;
            need(
                min < max,
                "max",
                format!(
                    "a uniform distribution needs min < max, got min {min}, max {max}",
                    min = num(min),
                    max = num(max)
                ),
            )?;
            made(
                Sampler::Uniform { min, max },
                (min + max) / 2.0,
                (min, max),
                format!("{min}, {max}", min = num(min), max = num(max)),
            )
        }
        "triangular" | "pert" => {
            let [min, mode, max] = f.require(kind, ["min", "mode", "max"])?;
            need(
                min < max,
                "max",
                format!(
                    "{kind} needs min < max, got min {min}, max {max}",
                    min = num(min),
                    max = num(max)
                ),
            )?;
            let msg = format!(
                "{kind} needs min <= mode <= max, got min {min}, mode {mode}, max {max}",
                min = num(min),
                mode = num(mode),
                max = num(max)
            );
            need(min <= mode && mode <= max, "mode", msg)?;
            let mut label = format!(
                "{min}, {mode}, {max}",
                min = num(min),
                mode = num(mode),
                max = num(max)
            );
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
                    label += &format!(", lambda {lambda}", lambda = num(lambda));
                }
                let alpha = 1.0 + lambda * (mode - min) / (max - min);
                let b = 1.0 + lambda * (max - mode) / (max - min);
                let mean = (min + lambda * mode + max) / (lambda + 2.0);
                made(
                    beta(min, max - min, alpha, b, &format!(" ({label})"))?,
                    mean,
                    (min, max),
                    label,
                )
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
                format!(
                    "a normal distribution needs min < max, got min {lo}, max {hi}",
                    lo = num(lo),
                    hi = num(hi)
                ),
            )?;
            let n = TruncNormal::new(mean, sd, lo, hi);
            let mass = n.mass();
            let msg = format!(
                "normal(mean {mean}, sd {sd}) has probability {mass:.1e} between min {lo} and max {hi}, too little to \
                 sample (at least {MIN_TRUNCATED_MASS:e} is needed); check the bounds, mean and sd",
                mean = num(mean),
                sd = num(sd),
                lo = num(lo),
                hi = num(hi)
            );
            need(
                mass >= MIN_TRUNCATED_MASS,
                if f.has("min") { "min" } else { "max" },
                msg,
            )?;
            let mut label = format!("mean {mean}, sd {sd}", mean = num(mean), sd = num(sd));
            for name in ["min", "max"] {
                if let Some(x) = f.num(name) {
                    label += &format!(", {name} {x}", x = num(x));
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
            let s2 = libm::log1p((sd / mean) * (sd / mean));
            let how = Sampler::LogNormal {
                mu: libm::log(mean) - s2 / 2.0,
                sigma: s2.sqrt(),
            };
            made(
                how,
                mean,
                (0.0, f64::INFINITY),
                format!("mean {mean}, sd {sd}", mean = num(mean), sd = num(sd)),
            )
        }
        "beta" | "gamma" => {
            let direct = if kind == "beta" {
                ["alpha", "beta"]
            } else {
                ["shape", "scale"]
            };
            let (names, [x, y]) = f.either(kind, direct, ["mean", "sd"])?;
            let label = format!("{} {x}, {} {y}", names[0], names[1], x = num(x), y = num(y));
            if kind == "beta" && names[0] == "mean" {
                need(
                    x > 0.0 && x < 1.0,
                    "mean",
                    format!(
                        "a beta distribution needs 0 < mean < 1, got {x}",
                        x = num(x)
                    ),
                )?;
            }
            positive(names[0], x)?;
            positive(names[1], y)?;
            if kind == "gamma" {
                // mean = shape scale, sd^2 = shape scale^2.
                let (shape, scale) = if names == direct {
                    (x, y)
                } else {
                    ((x / y) * (x / y), y * y / x)
                };
                let usable = |v: f64| v > 0.0 && v.is_finite();
                if !(usable(shape) && usable(scale)) {
                    return Err(extreme());
                }
                let from = if names == direct {
                    String::new()
                } else {
                    format!(" with mean {x}, sd {y}", x = num(x), y = num(y))
                };
                shapes(&[("shape", shape)], &from)?;
                let inverse = Table::of(Law::Gamma { a: shape });
                made(
                    Sampler::Gamma {
                        shape,
                        scale,
                        inverse,
                    },
                    shape * scale,
                    (0.0, f64::INFINITY),
                    label,
                )
            } else if names == direct {
                made(beta(0.0, 1.0, x, y, "")?, x / (x + y), (0.0, 1.0), label)
            } else {
                let (mean, sd) = (x, y);
                // alpha = mean k, beta = (1 - mean) k with k = mean (1 - mean) / sd^2 - 1 > 0.
                let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
                let root = (mean * (1.0 - mean)).sqrt();
                let msg = format!(
                    "beta mean {mean} with sd {sd} has no solution: sd must be below sqrt(mean * (1 - mean)) = {root}",
                    mean = num(mean),
                    sd = num(sd),
                    root = num(root)
                );
                need(k > 0.0, "sd", msg)?;
                made(
                    beta(
                        0.0,
                        1.0,
                        mean * k,
                        (1.0 - mean) * k,
                        &format!(" with mean {mean}, sd {sd}", mean = num(mean), sd = num(sd)),
                    )?,
                    mean,
                    (0.0, 1.0),
                    label,
                )
            }
        }
        "poisson" => {
            let [lambda] = f.require(kind, ["lambda"])?;
            let msg = format!(
                "a poisson distribution needs 0 < lambda <= {MAX_POISSON_LAMBDA}, got {lambda}",
                lambda = num(lambda)
            );
            need(lambda > 0.0 && lambda <= MAX_POISSON_LAMBDA, "lambda", msg)?;
            let (min, max) = (f.num("min"), f.num("max"));
            if min.is_none() && max.is_none() {
                return Ok(made(
                    poisson_table(lambda),
                    lambda,
                    (0.0, f64::INFINITY),
                    lambda.to_string(),
                ));
            }
            let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(f64::INFINITY));
            let msg = format!("a poisson distribution needs min <= max, got {lo} and {hi}");
            need(lo <= hi, "max", msg)?;
            let Some((table, mean, support)) = truncate_table(poisson_table(lambda), lo, hi) else {
                let msg = format!(
                    "a poisson distribution with lambda {lambda} keeps no probability within [{lo}, {hi}]"
                );
                return Err(invalid(
                    kind,
                    if min.is_some() { "min" } else { "max" },
                    msg,
                ));
            };
            let bounds = [("min", min), ("max", max)]
                .iter()
                .filter_map(|&(k, v)| v.map(|v| format!(", {k} {v}")))
                .collect::<String>();
            made(table, mean, support, format!("{lambda}{bounds}"))
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
pub(super) fn table(kind: &'static str, values: &[f64], weights: &[f64]) -> Dist {
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
    made(kind, how, mean, support, label)
}

/// A distribution whose base value is its mean until a `base` field says otherwise.
fn made(kind: &'static str, how: Sampler, mean: f64, support: (f64, f64), label: String) -> Dist {
    Dist {
        kind,
        how,
        mean,
        support,
        base: mean,
        label,
    }
}

/// A table's values within [lo, hi], renormalised, with its mean and its support (the
/// least and greatest values kept); `None` if the table keeps no probability there.
fn truncate_table(table: Sampler, lo: f64, hi: f64) -> Option<(Sampler, f64, (f64, f64))> {
    let Sampler::Table { values, cum } = table else {
        unreachable!("only tables are truncated")
    };
    let mut kept = Vec::new();
    let mut before = 0.0;
    for (&v, &c) in values.iter().zip(cum.iter()) {
        if lo <= v && v <= hi && c > before {
            kept.push((v, c - before));
        }
        before = c;
    }
    let total: f64 = kept.iter().map(|&(_, p)| p).sum();
    if kept.is_empty() || total < MIN_TRUNCATED_MASS {
        return None;
    }
    let mean = kept.iter().map(|&(v, p)| v * p).sum::<f64>() / total;
    let support = (kept[0].0, kept[kept.len() - 1].0);
    let mut running = 0.0;
    let cum: Vec<f64> = kept
        .iter()
        .map(|&(_, p)| {
            running += p;
            running / total
        })
        .collect();
    let values: Vec<f64> = kept.iter().map(|&(v, _)| v).collect();
    Some((
        Sampler::Table {
            values: values.into(),
            cum: cum.into(),
        },
        mean,
        support,
    ))
}

/// The Poisson(lambda) table: pmf from the mode outwards by the ratios
/// p(k+1) = p(k) lambda / (k+1) and p(k-1) = p(k) k / lambda (p(mode), at least about
/// 1 / sqrt(2 pi lambda), does not underflow), cut where p < 1e-17, normalised.
pub(super) fn poisson_table(lambda: f64) -> Sampler {
    let mode = lambda.floor();
    let p_mode = libm::exp(-lambda + mode * libm::log(lambda) - libm::lgamma(mode + 1.0));
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

#[cfg(test)]
mod truncation_tests {
    use super::*;

    fn poisson(fields: &[(&str, f64)]) -> Result<Dist, DistError> {
        let fields: Vec<(&str, FieldValue<'_>)> = fields
            .iter()
            .map(|&(k, v)| (k, FieldValue::Number(v)))
            .collect();
        Dist::from_fields("poisson", &fields)
    }

    #[test]
    fn poisson_truncated_at_one_has_the_zero_truncated_mean() {
        // Zero-truncated Poisson: mean λ / (1 − e^−λ); P(1) = λ e^−λ / (1 − e^−λ).
        let lambda: f64 = 2.0;
        let d = poisson(&[("lambda", lambda), ("min", 1.0)]).unwrap();
        let mean = lambda / (1.0 - (-lambda).exp());
        assert!((d.mean() - mean).abs() < 1e-12, "{} != {mean}", d.mean());
        assert_eq!(d.support().0, 1.0);
        assert!(d.is_whole());
        let p1 = lambda * (-lambda).exp() / (1.0 - (-lambda).exp());
        // The smallest value whose cumulative probability reaches p: 1 just below P(1).
        assert_eq!(d.quantile(p1 * 0.999), 1.0);
        assert_eq!(d.quantile(p1 * 1.001), 2.0);
        assert_eq!(d.describe(), "poisson(2, min 1)");
    }

    #[test]
    fn poisson_truncated_on_both_sides() {
        // λ = 3 within [2, 4]: weights 9/2, 27/6, 81/24 (times e^−3), mean by hand.
        let d = poisson(&[("lambda", 3.0), ("min", 2.0), ("max", 4.0)]).unwrap();
        let w = [4.5, 4.5, 3.375];
        let mean = (2.0 * w[0] + 3.0 * w[1] + 4.0 * w[2]) / (w[0] + w[1] + w[2]);
        assert!((d.mean() - mean).abs() < 1e-12);
        assert_eq!(d.support(), (2.0, 4.0));
        // Nothing within the bounds, or bounds the wrong way round.
        assert!(poisson(&[("lambda", 2.0), ("min", 1e6)]).is_err());
        assert!(poisson(&[("lambda", 2.0), ("min", 3.0), ("max", 2.0)]).is_err());
        // Without bounds: as before.
        assert_eq!(
            poisson(&[("lambda", 2.0)]).unwrap().support(),
            (0.0, f64::INFINITY)
        );
    }
}
