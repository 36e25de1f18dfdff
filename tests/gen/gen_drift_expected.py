#!/usr/bin/python3
"""Reference numbers for mlgate's drift statistics (SPEC section 7).

Writes deterministic CSV pairs to tests/fixtures/drift/ and, for every
column of every pair, the statistics computed with numpy/scipy exactly as
SPEC section 7 defines them, to tests/fixtures/drift/expected.json.  The C
tests (tests/unit/check_drift.c) read the committed files, so they run
without Python; rerun this (Debian: apt-get install python3-numpy
python3-scipy) only to change the cases:

    /usr/bin/python3 tests/gen/gen_drift_expected.py

Nothing here calls mlgate: every expected number comes from numpy/scipy.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
from scipy import stats
from scipy import special
from scipy.spatial.distance import jensenshannon
# the exact two-sample distribution as ks_2samp computes it (scipy 1.10)
from scipy.stats._stats_py import _compute_prob_outside_square
from scipy.stats._stats_pythran import _compute_outer_prob_inside_method

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "drift")
NULLS = ("", "NA")


def num_or_none(x):
    x = float(x)
    return x if math.isfinite(x) else None


# ----- the definitions (SPEC section 7) -----

def edges_of(ref, k):
    if len(ref) == 0:
        return np.array([], dtype=float)
    q = np.array([i / k for i in range(1, k)])
    return np.unique(np.quantile(ref, q))  # numpy default: type 7, _lerp


def counts_of(edges, x):
    idx = np.searchsorted(edges, x, side="left")
    return np.bincount(idx, minlength=len(edges) + 1).astype(float)


def psi(rc, cc):
    if rc.sum() == 0 or cc.sum() == 0:
        return None
    r = rc / rc.sum()
    c = cc / cc.sum()
    r = np.where(r == 0, 0.0001, r)
    c = np.where(c == 0, 0.0001, c)
    return num_or_none(np.sum((c - r) * np.log(c / r)))


def js(rc, cc):
    if rc.sum() == 0 or cc.sum() == 0:
        return None, False
    v = float(jensenshannon(rc, cc))
    if math.isnan(v):
        # scipy takes sqrt of a divergence that rounding left at -1e-17 for
        # identical distributions; the distance is 0 (mlgate clamps)
        return 0.0, True
    return v, False


def chi2(rc, cc):
    """scipy.stats.chi2_contingency on the 2 x K table, correction=False.
    scipy refuses a table with a column empty on both sides (its expected
    counts are 0); mlgate leaves such columns out, so the table passed
    here is the one without them."""
    if rc.sum() == 0 or cc.sum() == 0:
        return None, None
    keep = (rc + cc) > 0
    table = np.array([rc[keep], cc[keep]])
    stat, p, dof, _ = stats.chi2_contingency(table, correction=False)
    if dof == 0:
        assert stat == 0.0 and p == 1.0
    return float(stat), float(p)


def ks_pvalues(ref, cur):
    """ks_2samp's p-value with each method, and the one 'auto' used:
    exact up to 10,000 values a side unless the exact computation gave up
    (scipy then warns and falls back to 'asymp')."""
    out = {}
    fell_back = {}
    for method in ("auto", "exact", "asymp"):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            res = stats.ks_2samp(ref, cur, method=method)
        key = "ks_pvalue" if method == "auto" else "ks_pvalue_" + method
        out[key] = float(res.pvalue)
        fell_back[method] = any("Switching to" in str(x.message) for x in w)
    out["ks_exact_fell_back"] = fell_back["exact"]
    exact = max(len(ref), len(cur)) <= 10000 and not fell_back["auto"]
    out["ks_pvalue_method"] = "exact" if exact else "asymp"
    return out


def numeric_column(ref, cur, k):
    ref = np.sort(np.asarray(ref, dtype=float))
    cur = np.sort(np.asarray(cur, dtype=float))
    edges = edges_of(ref, k)
    rc = counts_of(edges, ref)
    cc = counts_of(edges, cur)
    out = {
        "type": "number",
        "n_reference": len(ref),
        "n_current": len(cur),
        "edges": [float(e) for e in edges],
        "reference_counts": [int(x) for x in rc],
        "current_counts": [int(x) for x in cc],
    }
    if len(ref) == 0:
        # no reference quantiles: nothing is defined
        for key in ("psi", "jensenshannon", "chi2", "chi2_pvalue", "ks",
                    "ks_pvalue", "ks_pvalue_exact", "ks_pvalue_asymp",
                    "wasserstein", "wasserstein_norm"):
            out[key] = None
        return out
    out["psi"] = psi(rc, cc)
    out["jensenshannon"], out["js_scipy_nan"] = js(rc, cc)
    out["chi2"], out["chi2_pvalue"] = chi2(rc, cc)
    if len(cur) == 0:
        out.update(ks=None, ks_pvalue=None, ks_pvalue_exact=None,
                   ks_pvalue_asymp=None, wasserstein=None, wasserstein_norm=None)
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the fallback warns; ks_pvalues records it
        d = float(stats.ks_2samp(ref, cur).statistic)
    out["ks"] = d
    out.update(ks_pvalues(ref, cur))
    w = float(stats.wasserstein_distance(ref, cur))
    out["wasserstein"] = w
    out["wasserstein_norm"] = w / max(float(np.std(ref)), 0.001)
    return out


def categorical_column(ref, cur):
    cats = sorted(set(ref) | set(cur))  # code-point order = UTF-8 byte order
    rc = np.array([ref.count(c) for c in cats], dtype=float)
    cc = np.array([cur.count(c) for c in cats], dtype=float)
    out = {
        "type": "string",
        "n_reference": len(ref),
        "n_current": len(cur),
        "categories": cats,
        "reference_counts": [int(x) for x in rc],
        "current_counts": [int(x) for x in cc],
        "new_categories": [c for c, r, k in zip(cats, rc, cc) if r == 0 and k > 0],
    }
    out["psi"] = psi(rc, cc)
    out["jensenshannon"], out["js_scipy_nan"] = js(rc, cc)
    out["chi2"], out["chi2_pvalue"] = chi2(rc, cc)
    return out


# ----- the data -----

def fmt(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    r = repr(float(v))
    return r[:-2] if r.endswith(".0") else r


def with_nulls(rng, values, ratio):
    out = []
    for v in values:
        if rng.random() < ratio:
            out.append(None)
        else:
            out.append(v)
    return out


def write_csv(path, columns):
    names = list(columns)
    n = len(columns[names[0]])
    with open(path, "w", newline="") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            cells = []
            for name in names:
                v = columns[name][i]
                # nulls alternate between the two default null tokens
                cells.append(NULLS[i % 2] if v is None else fmt(v))
            f.write(",".join(cells) + "\n")


def cases():
    rng = np.random.default_rng(20261127)

    # tiny, checkable by hand: integer scores with ties at every edge
    yield "small", 10, {
        "score": [1, 2, 2, 3, 3, 3, 4, 4, 5, None, 6, 7, 7, 8, 9, 10, 10, 10, 2, 5],
        "plan": ["basic", "basic", "pro", "pro", "pro", "enterprise", None, "basic",
                 "basic", "pro", "basic", "basic", "pro", "enterprise", "basic",
                 "pro", "basic", "pro", "basic", "basic"],
    }, {
        "score": [2, 3, 3, 3, 4, 5, 5, 6, 7, 10, 11, 12, None, None, 3, 3],
        "plan": ["basic", "pro", "pro", "trial", "trial", "basic", "pro",
                 "basic", "pro", "pro", None, "enterprise", "pro", "pro", "trial", "basic"],
    }

    # money rounded to 0.5 with a spike at 0: ties at edges and duplicate
    # quantile edges; income in whole thousands; a shifted current side
    nr, nc = 6000, 4500
    spend_r = np.where(rng.random(nr) < 0.35, 0.0, np.round(rng.gamma(2.0, 20.0, nr) * 2) / 2)
    spend_c = np.where(rng.random(nc) < 0.25, 0.0, np.round(rng.gamma(2.2, 21.0, nc) * 2) / 2)
    income_r = np.round(rng.lognormal(10.8, 0.5, nr), -3)
    income_c = np.round(rng.lognormal(10.85, 0.5, nc), -3)
    age_r = rng.integers(18, 90, nr).astype(float)
    age_c = rng.integers(18, 95, nc).astype(float)
    plans = ["basic", "pro", "enterprise", "student", "legacy"]
    plan_r = list(rng.choice(plans, nr, p=[0.5, 0.3, 0.1, 0.07, 0.03]))
    plan_c = list(rng.choice(plans[:4] + ["trial"], nc, p=[0.45, 0.3, 0.12, 0.08, 0.05]))
    yield "rounded", 10, {
        "spend": with_nulls(rng, spend_r, 0.02),
        "income": with_nulls(rng, income_r, 0.01),
        "age": list(age_r),
        "plan": with_nulls(rng, plan_r, 0.03),
    }, {
        "spend": with_nulls(rng, spend_c, 0.05),
        "income": list(income_c),
        "age": with_nulls(rng, age_c, 0.01),
        "plan": plan_c,
    }

    # continuous values, more bins, a large shift (tiny p-values) and a
    # tiny one (p-values near 1)
    nr, nc = 5000, 3000
    yield "continuous", 20, {
        "x": list(rng.normal(0.0, 1.0, nr)),
        "far": list(rng.normal(0.0, 1.0, nr)),
        "near": list(rng.normal(100.0, 15.0, nr)),
    }, {
        "x": list(rng.normal(0.1, 1.1, nr))[:nc],
        "far": list(rng.normal(0.6, 1.0, nc)),
        "near": list(rng.normal(100.05, 15.0, nc)),
    }

    # degenerate columns: a single distinct value on the reference side,
    # an all-null current column, identical samples, one category only
    n = 60
    const_cur = [5.0] * 50 + [6.0] * 5 + [4.0] * 5
    same = list(np.round(rng.normal(50, 10, n), 1))
    yield "degenerate", 10, {
        "const": [5.0] * n,
        "gone": list(rng.integers(0, 5, n).astype(float)),
        "same": same,
        "one": ["only"] * n,
        "newcat": ["a"] * 30 + ["b"] * 30,
    }, {
        "const": const_cur,
        "gone": [None] * n,
        "same": list(same),
        "one": ["only"] * n,
        "newcat": ["a"] * 20 + ["b"] * 20 + ["c"] * 15 + ["d"] * 5,
    }

    # an empty reference column (all null), four bins
    yield "emptyref", 4, {
        "v": [None] * 40,
        "w": list(np.arange(40, dtype=float)),
    }, {
        "v": list(np.arange(40, dtype=float)),
        "w": list(np.arange(10, 50, dtype=float)),
    }

    # chi2 as a two-sample test: categories only in the reference ('gone')
    # and only in the current data ('west', 'new'), unequal sizes, a
    # category seen once; numeric bins empty on both sides ((0, 5] of
    # 'sparse'), which the contingency table leaves out
    yield "contingency", 10, {
        "region": ["north"] * 300 + ["south"] * 250 + ["east"] * 140 + ["gone"] * 10,
        "sparse": [0.0] * 350 + [10.0] * 350,
        "rare": ["x"] * 699 + ["once"],
    }, {
        "region": ["north"] * 100 + ["south"] * 120 + ["east"] * 50 + ["west"] * 25
                  + ["new"] * 5,
        "sparse": [0.0] * 120 + [10.0] * 150 + [20.0] * 30,
        "rare": ["x"] * 300,
    }

    # KS exact on tiny samples: unequal n and m, heavy ties, n == m (the
    # reflection formula), disjoint samples (D = 1), identical ones (D = 0),
    # and D = 1/7 with n = m = 7, where the exact sum rounds above 1 and
    # scipy falls back to kstwo with a warning
    nul = [None]
    yield "kssmall", 10, {
        "tiny": [float(i) for i in range(1, 13)],
        "ties": [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3],
        "square": [0.5 + i for i in range(10)] + nul * 2,
        "apart": [float(i) for i in range(1, 13)],
        "same": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8],
        "interleaved": [1.0 + 2 * i for i in range(7)] + nul * 5,
    }, {
        "tiny": [2.5, 4.5, 6.5, 8.5, 10.5, 12.5, 14.5] + nul * 5,
        "ties": [1, 2, 2, 3, 3, 3, 3, 3, 3] + nul * 3,
        "square": [3.0 + i for i in range(10)] + nul * 2,
        "apart": [100.0 + i for i in range(12)],
        "same": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8],
        "interleaved": [2.0 + 2 * i for i in range(7)] + nul * 5,
    }

    # 'auto' on both sides of 10,000 values: exact at 10,000 (and n == m),
    # kstwo at 10,001 (Pelz-Good and Smirnov's formula); values rounded to
    # 0.1, so ties everywhere
    nr, nc = 10001, 9000
    base_r = np.round(rng.normal(50.0, 10.0, nr), 1)
    base_c = np.round(rng.normal(50.3, 10.0, nc), 1)
    far_c = np.round(rng.normal(52.0, 10.0, nc), 1)
    yield "ksauto", 10, {
        "at": list(base_r[:-1]) + nul,
        "over": list(base_r),
        "equal": list(base_r[:nc]) + nul * (nr - nc),
        "far": list(base_r),
    }, {
        "at": list(base_c),
        "over": list(base_c),
        "equal": list(base_c),
        "far": list(far_c),
    }


def parse_back(values):
    """The column as mlgate reads it from the CSV text: nulls dropped,
    numbers through their printed form."""
    out = []
    for v in values:
        if v is None:
            continue
        out.append(v if isinstance(v, str) else float(fmt(v)))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    result = {
        "generator": "tests/gen/gen_drift_expected.py",
        "numpy": np.__version__,
        "scipy": __import__("scipy").__version__,
        "null_values": list(NULLS),
        "cases": [],
    }
    for name, k, ref, cur in cases():
        ref_file, cur_file = name + ".ref.csv", name + ".cur.csv"
        write_csv(os.path.join(OUT, ref_file), ref)
        write_csv(os.path.join(OUT, cur_file), cur)
        case = {"name": name, "bins": k, "reference": ref_file,
                "current": cur_file, "columns": []}
        for col in ref:
            r, c = parse_back(ref[col]), parse_back(cur[col])
            is_num = all(not isinstance(v, str) for v in ref[col] + cur[col] if v is not None)
            entry = numeric_column(r, c, k) if is_num else categorical_column(r, c)
            entry = {"name": col, **entry}
            case["columns"].append(entry)
        result["cases"].append(case)

    # the distributions on their own: kstwo.sf across scipy's regimes
    # (Ruben-Gambino, Durbin, Pomeranz, Pelz-Good, Smirnov), smirnov, and
    # the exact two-sample probabilities ks_2samp uses
    ks1 = []
    for n in [1, 2, 3, 10, 100, 140, 141, 1000, 4738, 20000, 100001, 1000000, 2000000]:
        for x in [0.75 / n, 1.5 / n, 0.001, 0.005, 0.02, 0.05, 0.1, 0.2, 0.45, 0.6, 0.95]:
            if 0 < x < 1:
                ks1.append([x, n, float(stats.kstwo.sf(x, n))])
    result["kstwo_sf"] = ks1
    result["smirnov"] = [[n, x, float(special.smirnov(n, x))]
                         for n in [2, 100, 5000, 999999, 2000000]
                         for x in [0.003, 0.02, 0.1, 0.6]]
    ks2 = []
    for n, m in [(3, 3), (10, 10), (1000, 1000), (10000, 10000), (3, 7), (10, 15),
                 (100, 37), (1000, 999), (5000, 3000), (10000, 9999), (10000, 1)]:
        g = math.gcd(n, m)
        lcm = n // g * m
        for d in [1 / lcm, 0.01, 0.05, 0.2, 0.5, 1.0]:
            h = int(round(d * lcm))
            if h == 0:
                continue
            p = (_compute_prob_outside_square(n, h) if n == m
                 else _compute_outer_prob_inside_method(n, m, g, h))
            ks2.append([n, m, h, float(p)])
    result["ks_exact"] = ks2
    grid = [(0.0, 1), (0.001, 1), (0.5, 1), (1.0, 1), (3.84, 1), (10.0, 1),
            (50.0, 1), (200.0, 1), (1.0, 2), (5.99, 2), (0.5, 3), (2.0, 3),
            (7.81, 3), (30.0, 3), (9.0, 9), (16.92, 9), (40.0, 9), (3.0, 19),
            (19.0, 19), (30.14, 19), (80.0, 19), (500.0, 19), (90.0, 99),
            (123.2, 99), (200.0, 99), (900.0, 999), (1000.0, 999), (1100.0, 999)]
    result["chi2_sf"] = [[x, d, float(stats.chi2.sf(x, d))] for x, d in grid]

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(result, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(OUT, ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
