//! The distributions against values worked out independently.

use std::f64::consts::PI;

use crate::model::dist::{Dist, DistError, FieldValue};
use crate::sample::rng::{DrawRng, stream_key};

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
        "pert min=0 mode=1 max=3",
        "beta alpha=0.5 beta=2",
        "gamma shape=2.5 scale=3",
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
    let allowed = "(allowed: mean, sd, min, max, base, price_year)";
    let msg =
        format!("unknown field `sdd` for a normal distribution {allowed}; did you mean `sd`?");
    fails("normal mean=0 sdd=1", Some("sdd"), &msg);
    let msg =
        "unknown field `colour` for an empirical distribution (allowed: values, base, price_year)";
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
    let msg =
        "beta mean 0.5 with sd 0.6 has no solution: sd must be below sqrt(mean * (1 - mean)) = 0.5";
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
    let msg = "`values` of an empirical distribution must be finite numbers, got inf at position 2";
    fails("empirical values=[1,inf]", Some("values"), msg);
    let msg = "base 1.5 lies outside the support [0, 1] of this beta";
    fails("beta alpha=2 beta=2 base=1.5", Some("base"), msg);
    let msg = "base -1 lies outside the support [0, inf) of this gamma";
    fails("gamma mean=2 sd=1 base=-1", Some("base"), msg);
    let msg = "base 3 lies outside the support [2, 2] of this fixed";
    fails("fixed value=2 base=3", Some("base"), msg);
}

#[test]
fn fill_gives_what_sample_gives_draw_by_draw() {
    let key = stream_key(3, "fill");
    for spec in [
        "fixed value=2.5",
        "beta alpha=2 beta=5",
        "beta alpha=0.5 beta=0.5",
        "gamma shape=3 scale=2",
        "triangular min=0 mode=1 max=4",
    ] {
        let dist = d(spec);
        let mut out = [0.0; 37];
        dist.fill(&mut out, key, 1000);
        for (k, x) in out.iter().enumerate() {
            assert_eq!(
                *x,
                dist.sample(&mut DrawRng::new(key, 1000 + k as u64)),
                "{spec}"
            );
        }
    }
}

#[test]
fn shapes_below_one_are_drawn_exactly() {
    // Chi-squared with 1 degree of freedom, gamma(1/2, 2): mean 1, sd sqrt 2; median
    // 0.4549364231, 95th percentile 1.959963985^2 = 3.8414588207.
    let c = d("gamma shape=0.5 scale=2");
    check_draws(
        &c,
        100_000,
        1.0,
        2f64.sqrt(),
        &[(0.5, 0.4549364231), (0.95, Z975 * Z975)],
    );
    // beta(1/2, 1/2), the arcsine law: CDF (2/pi) asin(sqrt x), so P(X <= 1/4) = 1/3;
    // mean 1/2, sd sqrt(1/8).
    let a = d("beta alpha=0.5 beta=0.5");
    check_draws(
        &a,
        100_000,
        0.5,
        (0.125f64).sqrt(),
        &[(1.0 / 3.0, 0.25), (0.5, 0.5)],
    );
    // beta(0.05, 1): CDF x^0.05, so a tenth of the draws lie below 1e-20 — values the
    // plain ratio of two gammas would lose to underflow. Mean 0.05 / 1.05, sd
    // sqrt(0.05 / (1.05^2 * 2.05)).
    let t = d("beta alpha=0.05 beta=1");
    let sd = (0.05f64 / (1.05 * 1.05 * 2.05)).sqrt();
    check_draws(
        &t,
        100_000,
        0.05 / 1.05,
        sd,
        &[(0.1, 1e-20), (0.5, 0.5f64.powf(20.0))],
    );
}

/// Rebasing to another price year multiplies every value by the factor: the same
/// uniforms give the original draw times the factor, and the quantiles, mean, support and
/// base move with it.
#[test]
fn rescaled_distributions_are_the_original_times_the_factor() {
    let f = 100.0 / 80.8738;
    for spec in [
        "fixed value=13000",
        "uniform min=10 max=20",
        "triangular min=10000 mode=13000 max=16000",
        "pert min=10000 mode=13000 max=16000",
        "normal mean=194.54 sd=30 min=134.54 max=254.54",
        "normal mean=5 sd=2",
        "lognormal mean=100 sd=40",
        "beta mean=0.3 sd=0.1",
        "gamma mean=5 sd=3",
        "poisson lambda=4",
        "discrete values=[1,2,5] weights=[1,2,1]",
        "empirical values=[3,1,4,1,5]",
        "triangular min=1 mode=2 max=4 base=3",
    ] {
        let a = d(spec);
        let b = a.rescaled(f);
        let rel = |x: f64, y: f64| x == y || (x - y).abs() <= 1e-12 * y.abs().max(1.0);
        assert!(rel(b.mean(), a.mean() * f), "{spec}: mean");
        assert!(rel(b.base(), a.base() * f), "{spec}: base");
        assert!(rel(b.support().0, a.support().0 * f), "{spec}: support");
        assert!(rel(b.support().1, a.support().1 * f), "{spec}: support");
        for p in [0.05, 0.5, 0.95] {
            assert!(
                rel(b.quantile(p), a.quantile(p) * f),
                "{spec}: quantile {p}"
            );
        }
        let key = stream_key(1, "x");
        for i in 0..200 {
            let (x, y) = (
                a.sample(&mut DrawRng::new(key, i)),
                b.sample(&mut DrawRng::new(key, i)),
            );
            assert!(rel(y, x * f), "{spec}: draw {i}: {y} vs {x} * {f}");
        }
    }
}

#[test]
fn shapes_near_the_lower_limit_sample_exactly() {
    // As both shapes go to 0, beta(a, b) puts mass b / (a + b) at 0 and a / (a + b) at 1
    // (its mean is a / (a + b) and its variance tends to mean (1 − mean)): here 2/3 at 0.
    let b = d("beta alpha=1e-100 beta=2e-100");
    let n = 20_000;
    let key = stream_key(7, "test");
    let xs: Vec<f64> = (0..n)
        .map(|i| b.sample(&mut DrawRng::new(key, i)))
        .collect();
    assert!(
        xs.iter()
            .all(|&x| x == 0.0 || x == 1.0 || (0.0..=1.0).contains(&x))
    );
    let low = xs.iter().filter(|&&x| x < 0.5).count() as f64 / n as f64;
    close(low, 2.0 / 3.0, 5.0 * (2.0 / 9.0 / n as f64).sqrt());
    // Subnormal shapes are refused: 1 / shape is infinite and draws went wrong.
    let err = parse("beta alpha=1e-320 beta=1e-320")
        .unwrap_err()
        .to_string();
    assert!(err.contains("shapes must lie from 1e-100 to 1e8"), "{err}");
    let err = parse("gamma mean=10 sd=1e-7").unwrap_err().to_string();
    assert!(err.contains("has shape 1e16"), "{err}");
    // The largest shape allowed: gamma(1e8, 1) has mean 1e8 and sd 1e4.
    check_draws(
        &d("gamma shape=1e8 scale=1"),
        20_000,
        1e8,
        1e4,
        &[(0.975, 1e8 + Z975 * 1e4)],
    );
}

#[test]
fn uniform_draws_do_not_overflow_near_the_largest_floats() {
    // min + p (max − min) overflowed when max − min was beyond f64::MAX, and every draw
    // came out as max; min (1 − p) + max p stays finite. Such a uniform is refused at
    // check now, but the formula must hold for any finite bounds it is given.
    let mut u = d("uniform min=0 max=1");
    u.how = crate::model::dist::Sampler::Uniform {
        min: -1.7e308,
        max: 1.7e308,
    };
    close(u.at(0.25), -0.85e308, 1e293);
    close(u.at(0.5), 0.0, 1e293);
    assert!(u.at(0.999_999) < 1.7e308 && u.at(0.999_999) > 1.69e308);
    assert!(parse("uniform min=-1.7e308 max=1.7e308").is_err());
}

#[test]
fn raising_a_parameter_moves_every_paired_draw_up() {
    // Each draw is the quantile of its own uniform, so raising a PERT's mode, a beta's
    // alpha or a gamma's shape (which raise every quantile) raises every one of 20,000
    // paired draws; rejection samplers moved about 0.5% of them down.
    let pairs = [
        ("pert min=0 mode=4 max=10", "pert min=0 mode=4.5 max=10"),
        (
            "pert min=170 mode=220 max=250",
            "pert min=170 mode=221 max=250",
        ),
        ("beta alpha=2 beta=5", "beta alpha=2.2 beta=5"),
        ("beta alpha=0.5 beta=0.8", "beta alpha=0.55 beta=0.8"),
        ("gamma shape=3 scale=2", "gamma shape=3.3 scale=2"),
        ("gamma shape=0.4 scale=1", "gamma shape=0.44 scale=1"),
    ];
    // The same holds for a Latin hypercube's uniforms, which are the same in both.
    use crate::sample::lhs::Sampling;
    let key = stream_key(11, "paired");
    for sampling in [Sampling::Random, Sampling::Lhs { draws: 20_000 }] {
        for (low, high) in pairs {
            let (a, b) = (d(low), d(high));
            let (mut xs, mut ys) = (vec![0.0; 20_000], vec![0.0; 20_000]);
            a.fill_with(&mut xs, key, 0, sampling);
            b.fill_with(&mut ys, key, 0, sampling);
            let down = xs.iter().zip(&ys).filter(|(x, y)| y < x).count();
            let up = xs.iter().zip(&ys).filter(|(x, y)| y > x).count();
            assert_eq!(down, 0, "{sampling:?}: {low} -> {high}");
            assert!(
                up > 19_900,
                "{sampling:?}: {low} -> {high}: {up} of 20,000 moved up"
            );
        }
    }
}

#[test]
fn latin_hypercube_draws_are_the_quantiles_of_stratified_uniforms() {
    // Each block's uniforms of a quantity fall one in each stratum (`lhs`), and every
    // draw is the quantile of its uniform, so each block's draws fall one in each
    // stratum of probability: here the share of a PERT's 2,048 draws below its median is
    // exactly one half, where plain random draws miss it by about 1/√2048.
    use crate::sample::lhs::Sampling;
    let p = d("pert min=170 mode=220 max=250");
    let key = stream_key(42, "caseload");
    let lhs = Sampling::Lhs { draws: 5000 };
    let mut out = vec![0.0; 5000];
    p.fill_with(&mut out, key, 0, lhs);
    for (i, x) in out.iter().enumerate() {
        assert_eq!(*x, p.quantile(lhs.uniform(key, i as u64)));
    }
    let median = p.quantile(0.5);
    let below = out[..2048].iter().filter(|&&x| x < median).count();
    assert_eq!(below, 1024);
    // Plain random is what `fill` gives.
    let mut random = vec![0.0; 300];
    p.fill_with(&mut random, key, 0, Sampling::Random);
    let mut plain = vec![0.0; 300];
    p.fill(&mut plain, key, 0);
    assert_eq!(random, plain);
}
