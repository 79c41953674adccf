#!/usr/bin/env python3
"""A plain vectorised numpy Monte Carlo of models/social-prescribing-link-worker.toml.

This is how an evaluator would write the model by hand without `sroi`: the benchmark's
point of comparison. It MIRRORS THAT FILE (same distributions, same SROI arithmetic as
docs/model-format.md section 2) with its figures hard-coded, so it must be updated whenever the model changes.

    python3 benches/numpy_reference.py [N] [--seed S] [--repeats R]

N draws (default 1,000,000), made R times (default 1) from the same seed; the time printed
is the best of the R, without Python's start. Timed as a process (`time python3 ...`), the
default makes one Monte Carlo run, as `sroi run` does: with R above 1 the process makes R.
"""
import argparse
import time

try:
    import numpy as np
except ImportError:  # pragma: no cover
    raise SystemExit("numpy_reference.py needs numpy: pip install numpy")


def beta_ms(rng, m, s, n):
    k = m * (1 - m) / s**2 - 1
    return rng.beta(m * k, (1 - m) * k, n)


def gamma_ms(rng, m, s, n):
    return rng.gamma((m / s) ** 2, s * s / m, n)


def lognormal_ms(rng, m, s, n):
    s2 = np.log1p((s / m) ** 2)
    return rng.lognormal(np.log(m) - s2 / 2, np.sqrt(s2), n)


def pert(rng, a, mode, b, n, lam=4.0):
    return a + (b - a) * rng.beta(1 + lam * (mode - a) / (b - a), 1 + lam * (b - mode) / (b - a), n)


def normal_trunc(rng, m, s, lo, hi, n):
    x = rng.normal(m, s, n)
    bad = (x < lo) | (x > hi)
    while bad.any():  # rejection: redraw the few outside the bounds
        x[bad] = rng.normal(m, s, bad.sum())
        bad = (x < lo) | (x > hi)
    return x


def draw(rng, n):
    """One array of n draws per uncertain quantity of the model."""
    u, tri = rng.uniform, rng.triangular
    return dict(
        caseload=pert(rng, 170, 220, 250, n), engagement=beta_ms(rng, 0.75, 0.08, n),
        nhs_dw=beta_ms(rng, 0.35, 0.12, n), nhs_at=beta_ms(rng, 0.25, 0.1, n), nhs_do=u(0.3, 0.7, n),
        gp_base=gamma_ms(rng, 7, 2, n), gp_red=beta_ms(rng, 0.12, 0.08, n),
        nurse_base=gamma_ms(rng, 3, 1.2, n), nurse_share=u(0.25, 0.75, n), nurse_min=tri(10, 15, 20, n),
        ae_base=gamma_ms(rng, 0.6, 0.25, n), ae_red=beta_ms(rng, 0.12, 0.07, n),
        amb_share=beta_ms(rng, 0.25, 0.08, n),
        adm_base=gamma_ms(rng, 0.3, 0.12, n), adm_red=pert(rng, 0, 0.04, 0.12, n),
        xbd=gamma_ms(rng, 0.8, 0.5, n),
        op_base=gamma_ms(rng, 2.5, 1, n), op_red=pert(rng, 0, 0.02, 0.08, n),
        wb_dw=beta_ms(rng, 0.3, 0.1, n), wb_at=u(0.15, 0.35, n), wb_do=pert(rng, 0.3, 0.5, 0.8, n),
        lonely=beta_ms(rng, 0.35, 0.1, n), lonely_imp=beta_ms(rng, 0.4, 0.12, n),
        lonely_part=pert(rng, 0.2, 0.4, 0.7, n),
        ls_gain=pert(rng, 0, 0.1, 0.5, n), wellby=tri(12365, 16074, 19784, n),
        vol_up=beta_ms(rng, 0.08, 0.04, n), vol_hours=tri(26, 52, 150, n),
        vol_value=pert(rng, 11.44, 14, 20, n),
        into_work=rng.poisson(4, n).astype(float), work_hours=tri(16, 24, 37.5, n), work_weeks=u(13, 39, n),
        trips=tri(4, 10, 20, n), trip_cost=u(2, 8, n),
        sup_hours=tri(20, 36, 60, n), vcse_pp=lognormal_ms(rng, 40, 20, n),
        # per-outcome and per-input distributions
        gp_value=pert(rng, 38.50, 46.00, 53.67, n), ae_value=normal_trunc(rng, 194.54, 30, 134.54, 254.54, n),
        vol_dw=beta_ms(rng, 0.25, 0.1, n), vol_at=u(0.15, 0.45, n), vol_do=pert(rng, 0.2, 0.4, 0.7, n),
        work_dw=beta_ms(rng, 0.3, 0.1, n), work_ds=beta_ms(rng, 0.5, 0.15, n), work_at=u(0.2, 0.6, n),
        work_do=u(0.1, 0.5, n),
        lw_salary=pert(rng, 37000, 39899, 46000, n), overheads=u(3000, 12000, n),
        training=u(500, 2500, n), activities=tri(2000, 4000, 8000, n),
    )


# Base values: mode for triangular and PERT, the stated base for the truncated normal,
# the mean otherwise (docs/model-format.md section 1).
BASE = dict(
    caseload=220, engagement=0.75, nhs_dw=0.35, nhs_at=0.25, nhs_do=0.5, gp_base=7, gp_red=0.12,
    nurse_base=3, nurse_share=0.5, nurse_min=15, ae_base=0.6, ae_red=0.12, amb_share=0.25,
    adm_base=0.3, adm_red=0.04, xbd=0.8, op_base=2.5, op_red=0.02, wb_dw=0.3, wb_at=0.25, wb_do=0.5,
    lonely=0.35, lonely_imp=0.4, lonely_part=0.4, ls_gain=0.1, wellby=16074, vol_up=0.08,
    vol_hours=52, vol_value=14, into_work=4, work_hours=24, work_weeks=26, trips=10, trip_cost=5,
    sup_hours=36, vcse_pp=40, gp_value=46.00, ae_value=194.54, vol_dw=0.25, vol_at=0.3, vol_do=0.4,
    work_dw=0.3, work_ds=0.5, work_at=0.4, work_do=0.3, lw_salary=39899, overheads=7500,
    training=1500, activities=4000,
)


def ratio(p, r=0.035):
    """Spec section 2: outcomes from year 1 (discounted once), inputs in year 0."""
    d1, d2 = 1 / (1 + r), 1 / (1 + r) ** 2
    engaged = p["caseload"] * p["engagement"]

    def pv(q, v, dw, at, do, ds=0.0, years=2):
        y1 = q * v * (1 - dw) * (1 - ds) * (1 - at)
        return y1 * d1 + (y1 * (1 - do) * d2 if years == 2 else 0.0)

    nhs = (p["nhs_dw"], p["nhs_at"], p["nhs_do"])
    wb = (p["wb_dw"], p["wb_at"], p["wb_do"])
    ae_avoided = engaged * p["ae_base"] * p["ae_red"]
    adm_avoided = engaged * p["adm_base"] * p["adm_red"]
    present_value = (
        pv(engaged * p["gp_base"] * p["gp_red"], p["gp_value"], *nhs)
        + pv(engaged * p["nurse_base"] * p["gp_red"] * p["nurse_share"], 48.90 * p["nurse_min"] / 60, *nhs)
        + pv(ae_avoided, p["ae_value"], *nhs)
        + pv(ae_avoided * p["amb_share"], 289.62, *nhs)
        + pv(adm_avoided, 2090.03, *nhs)
        + pv(adm_avoided * p["xbd"], 411.43, *nhs)
        + pv(engaged * p["op_base"] * p["op_red"], 157.74, *nhs)
        + pv(engaged * p["lonely"] * p["lonely_imp"], 11633.35 * p["lonely_part"], *wb)
        + pv(engaged * (1 - p["lonely"]), p["ls_gain"] * p["wellby"], *wb)
        + pv(engaged * p["vol_up"], p["vol_hours"] * p["vol_value"], p["vol_dw"], p["vol_at"], p["vol_do"], ds=0.1)
        + pv(p["into_work"], 11.44 * p["work_hours"] * p["work_weeks"], p["work_dw"], p["work_at"], p["work_do"],
             ds=p["work_ds"])
        + pv(engaged, -(p["trips"] * p["trip_cost"]), 0.0, 0.0, 0.0, years=1)
    )
    investment = (p["lw_salary"] + p["overheads"] + p["sup_hours"] * 70.75 + p["training"]
                  + p["activities"] + engaged * p["vcse_pp"])
    return present_value / investment


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1_000_000, help="draws (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeats", type=int, default=1, help="runs to take the best time of (default 1)")
    a = ap.parse_args()

    best = float("inf")
    for rep in range(a.repeats):
        rng = np.random.default_rng(a.seed)
        t0 = time.perf_counter()
        ratios = ratio(draw(rng, a.n))
        best = min(best, time.perf_counter() - t0)
    lo, med, hi = np.percentile(ratios, [2.5, 50, 97.5])
    print("numpy reference: models/social-prescribing-link-worker.toml")
    print(f"draws            {a.n:,} (best of {a.repeats}: {best:.3f} s)")
    print(f"draws per second {a.n / best:,.0f}")
    print(f"ratio mean       {ratios.mean():.4f}")
    print(f"ratio 2.5/50/97.5 percentiles  {lo:.4f}  {med:.4f}  {hi:.4f}")
    print(f"base-case ratio  {ratio(BASE):.4f}")


if __name__ == "__main__":
    main()
