#!/usr/bin/python3
"""Generate tests/fixtures/csv/profile_gen.csv and the statistics numpy and
pandas compute for it (profile_gen.expected.json), for tests/unit/check_profile.c.

Run with Debian's python3-numpy + python3-pandas (numpy 1.24, pandas 1.5):
    /usr/bin/python3 tests/gen/gen_profile_expected.py tests/fixtures/csv

Definitions used (SPEC sections 6 and 7), computed independently of mlgate:
  nulls      a cell equal to one of the default null tokens (after trimming
             ASCII spaces); pandas reads every cell as text first
  type       number when every non-null cell parses as a finite float
  mean/std   numpy mean, std(ddof=1)
  quantiles  numpy.quantile (default method 'linear' = type 7)
  hist       edges = numpy.unique(numpy.quantile(x, i/10, i=1..9)),
             counts = bincount(searchsorted(edges, x, side='left'))
  distinct   len(set(values)) (numbers by value, strings by text)
  top        the 10 most frequent texts, count descending then text
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

# pandas' read_csv default na_values (pandas 1.5), plus "None" (pandas 2)
from pandas._libs.parsers import STR_NA_VALUES  # noqa: E402
NULLS = sorted(set(STR_NA_VALUES) | {"None"})
assert len(NULLS) == 19
ROWS = 2000


def make_rows(rng):
    cats = ["alpha", "beta", "gamma", "delta, with comma", 'say "hi"', "multi\nline", "zeta"]
    cat_p = np.array([0.4, 0.2, 0.15, 0.1, 0.07, 0.05, 0.03])
    rows = []
    for i in range(ROWS):
        money = ("nan" if i % 2 else "") if rng.random() < 0.05 else "%.2f" % round(rng.normal(50, 20), 2)
        score = "NA" if rng.random() < 0.03 else str(int(rng.integers(0, 11)))
        big = rng.lognormal(10, 2)
        big = "%.6e" % big if i % 97 else "-0"
        tiny = "%.9f" % (rng.random() * 1e-4)
        const = "7"
        c = rng.random()
        cat = "None" if c < 0.02 else ("null" if c < 0.03 else cats[rng.choice(len(cats), p=cat_p)])
        mixed = "n.a." if i == ROWS - 3 else "%d" % int(rng.integers(0, 50))
        rows.append([str(i), money, score, big, tiny, const, cat, mixed])
    return rows


def quote(cell):
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def is_number(s):
    try:
        v = float(s)
    except ValueError:
        return False
    return math.isfinite(v)


def column_stats(name, cells):
    nn = [c for c in cells if c.strip(" ") not in NULLS]
    out = {"name": name, "count": len(nn), "nulls": len(cells) - len(nn)}
    if all(is_number(c) for c in nn):
        x = np.array([float(c) for c in nn], dtype=np.float64)
        out["type"] = "number"
        out["distinct"] = int(len(np.unique(x)))
        if len(x):
            out["min"] = float(x.min())
            out["max"] = float(x.max())
            out["mean"] = float(np.mean(x))
            out["std"] = float(np.std(x, ddof=1)) if len(x) > 1 else None
            q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95])
            for k, v in zip(["p05", "p25", "p50", "p75", "p95"], q):
                out[k] = float(v)
            edges = np.unique(np.quantile(x, np.arange(1, 10) / 10.0))
            counts = np.bincount(np.searchsorted(edges, x, side="left"), minlength=len(edges) + 1)
            out["hist"] = {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}
    else:
        out["type"] = "string"
        vc = pd.Series(nn, dtype=object).value_counts()
        items = sorted(vc.items(), key=lambda kv: (-kv[1], kv[0].encode()))
        out["distinct"] = len(items)
        out["top"] = [{"value": k, "count": int(v)} for k, v in items[:10]]
        out["categories"] = {k: int(v) for k, v in items}
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/csv"
    rng = np.random.default_rng(20261127)
    header = ["id", "money", "score", "big", "tiny", "const", "cat", "mixed"]
    rows = make_rows(rng)
    csv_path = os.path.join(outdir, "profile_gen.csv")
    with open(csv_path, "w", newline="") as f:
        f.write(",".join(header) + "\r\n")  # CRLF on purpose
        for r in rows:
            f.write(",".join(quote(c) for c in r) + "\r\n")
    # read back with pandas, every cell as text, to be sure the file says
    # what was meant (quotes, embedded newlines, CRLF)
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_filter=False)
    assert len(df) == ROWS and list(df.columns) == header
    expected = {"rows": len(df), "columns": [column_stats(c, list(df[c])) for c in header]}
    with open(os.path.join(outdir, "profile_gen.expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
