#!/usr/bin/env python3
"""The Monte Carlo error of each printed headline figure, random draws against a Latin
hypercube, for every bundled model: measured as the spread of the figure over many
seeds, not from the run's own estimate.

    cargo build --release
    python3 scripts/sampling-variance.py [--seeds 100] [--draws 100000] [--models GLOB]

For each model in models/*.toml, each sampling method and each seed 1..S, it runs
`target/release/sroi run MODEL -n DRAWS --seed S --sampling METHOD --format json` and
reads the expected ratio, the median, the interval's ends and the chance the ratio
exceeds 1. It prints, as Markdown, each figure's standard deviation over the seeds under
each method, the ratio of the variances (random over lhs: above 1, lhs is better) and
the range that ratio would fall in 95 times in 100 if the two variances were equal (an F
test on S - 1 and S - 1 degrees of freedom), so that a ratio outside it is a real
difference and one inside it is not.
"""
import argparse
import glob
import json
import math
import statistics
import subprocess
import sys

FIGURES = [
    ("expected ratio", lambda j: j["expected"]["ratio"]),
    ("median", lambda j: j["ratio"]["median"]),
    ("interval, low end", lambda j: j["ratio"]["ci_low"]),
    ("interval, high end", lambda j: j["ratio"]["ci_high"]),
    ("chance above 1", lambda j: j["prob_ratio_above_1"]),
]


def run(model, draws, seed, method):
    out = subprocess.run(
        ["target/release/sroi", "run", model, "-n", str(draws), "--seed", str(seed),
         "--sampling", method, "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def f_quantile(p, d, lo=1e-6, hi=1e6):
    """The p-quantile of the F distribution on (d, d) degrees of freedom, by bisection on
    its distribution function (the regularised incomplete beta, by Simpson's rule on a
    fine grid of the beta density in the variable t = x / (1 + x))."""

    def cdf(x):
        a = b = d / 2.0
        t_end = x / (1.0 + x)
        n = 4000
        h = t_end / n
        log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)

        def f(t):
            if t <= 0.0 or t >= 1.0:
                return 0.0
            return math.exp(log_norm + (a - 1) * math.log(t) + (b - 1) * math.log(1 - t))

        s = f(0.0) + f(t_end)
        for i in range(1, n):
            s += (4 if i % 2 else 2) * f(i * h)
        return s * h / 3.0

    for _ in range(100):
        mid = math.sqrt(lo * hi)
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def significant(x):
    return f"{x:.2g}" if x < 1 else f"{x:.3g}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--models", default="models/*.toml")
    args = ap.parse_args()
    d = args.seeds - 1
    lo, hi = f_quantile(0.025, d), f_quantile(0.975, d)
    print(f"{args.draws:,} draws, seeds 1 to {args.seeds}; a variance ratio between "
          f"{lo:.2f} and {hi:.2f} is no evidence of a difference (F test, 5%).\n")
    print("| model | figure | sd, random | sd, lhs | variance ratio (random / lhs) |")
    print("|---|---|---:|---:|---:|")
    for model in sorted(glob.glob(args.models)):
        values = {}
        for method in ("random", "lhs"):
            runs = [run(model, args.draws, s, method) for s in range(1, args.seeds + 1)]
            values[method] = [[get(j) for j in runs] for _, get in FIGURES]
            print(f"{model} {method} done", file=sys.stderr)
        name = model.split("/")[-1].removesuffix(".toml")
        for i, (figure, _) in enumerate(FIGURES):
            r = statistics.stdev(values["random"][i])
            l = statistics.stdev(values["lhs"][i])
            if l > 0:
                ratio = (r / l) ** 2
                mark = "" if lo <= ratio <= hi else (" (better)" if ratio > hi else " (WORSE)")
                shown = f"{significant(ratio)}{mark}"
            else:
                shown = "no spread"
            print(f"| {name} | {figure} | {r:.2g} | {l:.2g} | {shown} |")


if __name__ == "__main__":
    main()
