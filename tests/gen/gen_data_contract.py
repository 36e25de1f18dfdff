#!/usr/bin/python3
"""Reference numbers for the data contract cases (doc/data-checks.md).

Writes a deterministic reference/current CSV pair to
tests/fixtures/contract/ and, computed with pandas/scipy/numpy alone, the
numbers the CLI cases under tests/cli/data/contract_* expect, to
tests/fixtures/contract/expected.txt.  Rerun only to change the cases:

    /usr/bin/python3 tests/gen/gen_data_contract.py

The pair: `age` is cut from the current data, `score` turned to text,
`extra` is new, `region` gained a category ('west') the reference never
saw, `amount` moved.  Nothing here calls mlgate.
"""
import os

import numpy as np
import pandas as pd
import scipy
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "contract")


def psi(ref, cur, k=10):
    """SPEC section 7: reference quantile edges (numpy type 7), left
    searchsorted, a zero proportion replaced by 0.0001."""
    if ref.dtype == object:
        cats = sorted(set(ref) | set(cur))
        r = np.array([np.sum(ref == c) for c in cats], float)
        c = np.array([np.sum(cur == c) for c in cats], float)
    else:
        edges = np.unique(np.quantile(ref, [i / k for i in range(1, k)]))
        r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
        c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1)
    rp = r / r.sum()
    cp = c / c.sum()
    rp = np.where(rp == 0, 0.0001, rp)
    cp = np.where(cp == 0, 0.0001, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp)))


def main():
    rng = np.random.default_rng(11)
    n, m = 60, 50
    ref = pd.DataFrame({
        "id": np.arange(1, n + 1),
        "age": rng.integers(18, 80, n),
        "amount": np.round(rng.normal(100, 10, n), 2),
        "score": np.round(rng.uniform(0, 1, n), 3),
        "region": ["north", "south", "east"] * (n // 3),
        "tier": ["gold", "silver"] * (n // 2),
    })
    cur = pd.DataFrame({
        "id": np.arange(1001, 1001 + m),
        "amount": np.round(rng.normal(130, 10, m), 2),
        "score": ["high" if i % 2 else "low" for i in range(m)],
        "region": ["north"] * 15 + ["south"] * 15 + ["east"] * 10 + ["west"] * 10,
        "tier": ["silver", "gold"] * (m // 2),
        "extra": rng.integers(0, 5, m),
    })
    os.makedirs(OUT, exist_ok=True)
    ref.to_csv(os.path.join(OUT, "ref.csv"), index=False)
    cur.to_csv(os.path.join(OUT, "cur.csv"), index=False)

    # read back as the files are (pandas' own parse of what mlgate reads)
    r = pd.read_csv(os.path.join(OUT, "ref.csv"))
    c = pd.read_csv(os.path.join(OUT, "cur.csv"))
    lines = []
    # new categories: the share of current non-null rows in categories
    # the reference never saw
    new = ~c["region"].isin(set(r["region"]))
    lines.append("region new_categories share %r (%d of %d)"
                 % (float(new.sum() / c["region"].notna().sum()), new.sum(), len(c)))
    # chi2: 2 x K contingency over the union of categories
    cats = sorted(set(r["region"]) | set(c["region"]))
    table = np.array([[np.sum(r["region"] == k) for k in cats],
                      [np.sum(c["region"] == k) for k in cats]])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    lines.append("region chi2 %r p %r dof %d" % (float(chi2), float(p), dof))
    table = np.array([[np.sum(r["tier"] == k) for k in ["gold", "silver"]],
                      [np.sum(c["tier"] == k) for k in ["gold", "silver"]]])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    lines.append("tier chi2 %r p %r dof %d" % (float(chi2), float(p), dof))
    ks = stats.ks_2samp(r["amount"], c["amount"])
    lines.append("amount ks %r p %r (ks_2samp, method auto)"
                 % (float(ks.statistic), float(ks.pvalue)))
    # PSI of every column both sides hold with the same type (id excluded)
    checked = drifted = 0
    for col in ["amount", "region", "tier"]:
        v = psi(r[col].to_numpy(), c[col].to_numpy())
        lines.append("%s psi %r" % (col, v))
        checked += 1
        drifted += v > 0.2
    lines.append("drift share (psi > 0.2) %r (%d of %d)"
                 % (drifted / checked, drifted, checked))
    lines.append("reference columns absent: %s"
                 % [k for k in r.columns if k not in c.columns])
    lines.append("type changed: %s"
                 % [k for k in r.columns if k in c.columns and
                    (r[k].dtype == object) != (c[k].dtype == object)])
    lines.append("new columns: %s" % [k for k in c.columns if k not in r.columns])
    with open(os.path.join(OUT, "expected.txt"), "w") as f:
        f.write("# tests/gen/gen_data_contract.py (pandas %s, scipy %s)\n"
                % (pd.__version__, scipy.__version__))
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
