#!/usr/bin/python3
"""Generate the predictions fixtures and the metrics scikit-learn computes on
them, for mlgate's metric tests (tests/unit/check_clfmetrics.c and the CLI
tests).  Run from the repository root:

    /usr/bin/python3 tests/gen/gen_metrics_expected.py

Needs Debian's python3-sklearn and python3-numpy (scikit-learn 1.2.1, numpy
1.24.2 on Debian 12).  Writes tests/fixtures/metrics/*.csv and expected.json.
The bootstrap expectation re-implements the documented resampling (splitmix64,
rejection sampling, numpy's default quantile) independently of the C code.
Fairlearn is not in Debian: its definitions (fairlearn.metrics 0.10) are
computed below with numpy, each with the formula it implements.
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn import metrics as skm

OUT = os.path.join("tests", "fixtures", "metrics")


def write_csv(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([repr(x) if isinstance(x, float) else x for x in r])


def clf_block(y, p, s, pos, labels_all):
    """The metrics mlgate reports for one set of rows (sklearn's definitions)."""
    out = {"n": int(len(y)), "accuracy": skm.accuracy_score(y, p)}
    for avg in ("binary", "macro", "weighted", "micro"):
        if avg == "binary" and len(set(y) | set(p)) > 2:
            continue
        kw = {"average": avg}
        if avg == "binary":
            kw["pos_label"] = pos
        out[avg] = {
            "precision": skm.precision_score(y, p, **kw),
            "recall": skm.recall_score(y, p, **kw),
            "f1": skm.f1_score(y, p, **kw),
        }
    if s is not None:
        yb = (np.asarray(y) == pos).astype(int)
        out["roc_auc"] = skm.roc_auc_score(yb, s)
        out["log_loss"] = skm.log_loss(yb, s, labels=[0, 1])
        out["average_precision"] = skm.average_precision_score(yb, s)
        out["brier_score"] = skm.brier_score_loss(yb, s)
    out["confusion_matrix"] = skm.confusion_matrix(y, p, labels=labels_all).tolist()
    out["balanced_accuracy"] = skm.balanced_accuracy_score(y, p)
    out["matthews_corrcoef"] = skm.matthews_corrcoef(y, p)
    out["cohen_kappa"] = skm.cohen_kappa_score(y, p)
    if pos is not None:
        out["rates"] = fairlearn_rates(np.asarray(y), np.asarray(p), pos)
    return out


def fairlearn_rates(y, p, pos):
    """fairlearn.metrics.selection_rate: mean(y_pred == pos_label);
    true_positive_rate: TP / (TP + FN); false_positive_rate: FP / (FP + TN)
    (Fairlearn normalises the confusion matrix by rows, so an empty row
    would give 0; the fixtures never have one)."""
    t, h = y == pos, p == pos
    return {"selection_rate": float(np.mean(h)),
            "true_positive_rate": float(np.sum(t & h) / np.sum(t)),
            "false_positive_rate": float(np.sum(~t & h) / np.sum(~t))}


def between_groups(values):
    """MetricFrame.difference(method='between_groups') = max - min over the
    groups; .ratio(method='between_groups') = min / max."""
    v = list(values.values())
    return {"difference": max(v) - min(v), "ratio": min(v) / max(v)}


# --- splitmix64 bootstrap, as doc/model-checks.md specifies ---
M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            x = self.next()
            if x < limit:
                return x % n


def bootstrap(y, p, s, pos, reps, seed):
    g = SplitMix64(seed)
    n = len(y)
    y = np.asarray(y)
    p = np.asarray(p)
    s = np.asarray(s)
    vals = {"accuracy": [], "f1": [], "roc_auc": [], "log_loss": []}
    for _ in range(reps):
        idx = np.array([g.below(n) for _ in range(n)])
        yy, pp, ss = y[idx], p[idx], s[idx]
        vals["accuracy"].append(skm.accuracy_score(yy, pp))
        if (yy == pos).any() and (pp == pos).any():
            vals["f1"].append(skm.f1_score(yy, pp, pos_label=pos))
        yb = (yy == pos).astype(int)
        if 0 < yb.sum() < len(yb):
            vals["roc_auc"].append(skm.roc_auc_score(yb, ss))
        vals["log_loss"].append(skm.log_loss(yb, ss, labels=[0, 1]))
    out = {}
    for k, v in vals.items():
        out[k] = {"used": len(v), "low": float(np.quantile(v, 0.025)),
                  "high": float(np.quantile(v, 0.975))}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(20261127)
    expected = {"generator": {"sklearn": sklearn.__version__, "numpy": np.__version__}}

    # binary: labels 0/1, a score with ties (two decimals) and exact 0 and 1,
    # predictions mostly score >= 0.5 with some flipped, three groups
    n = 400
    y = rng.binomial(1, 0.35, n)
    raw = 1 / (1 + np.exp(-(1.6 * (y * 2 - 1) + rng.normal(0, 1.4, n))))
    score = np.round(raw, 2)
    score[3] = 0.0
    score[7] = 1.0
    score[11] = 1.0 if y[11] == 0 else 0.0  # confidently wrong: clipped log loss
    pred = (score >= 0.5).astype(int)
    flip = rng.rand(n) < 0.06
    pred[flip] = 1 - pred[flip]
    group = rng.choice(["A", "B", "C"], n, p=[0.5, 0.3, 0.2])
    write_csv("binary.csv", ["label", "pred", "score", "group"],
              [(int(a), int(b), float(c), str(d)) for a, b, c, d in zip(y, pred, score, group)])
    e = clf_block(y, pred, score, 1, [0, 1])
    e["by_group"] = {}
    for gname in sorted(set(group)):
        m = group == gname
        e["by_group"][gname] = clf_block(y[m], pred[m], score[m], 1, [0, 1])
    # predictions from the score at thresholds (score >= t is positive)
    e["threshold"] = {}
    for t in (0.5, 0.3):
        pt = (score >= t).astype(int)
        e["threshold"][repr(t)] = clf_block(y, pt, score, 1, [0, 1])
    # the positive class 0 (score still the probability of label 1 in the file
    # is NOT what mlgate reads: mlgate reads the score as P(positive)), so only
    # label metrics here
    e["positive0"] = {
        "precision": skm.precision_score(y, pred, pos_label=0),
        "recall": skm.recall_score(y, pred, pos_label=0),
        "f1": skm.f1_score(y, pred, pos_label=0),
    }
    e["bootstrap"] = {"reps": 200, "seed": 42,
                      "values": bootstrap(y, pred, score, 1, 200, 42)}
    expected["binary"] = e

    # multiclass with string labels
    n = 300
    classes = np.array(["bird", "cat", "dog"])
    yi = rng.choice(3, n, p=[0.2, 0.5, 0.3])
    pi = yi.copy()
    noise = rng.rand(n) < 0.3
    pi[noise] = rng.choice(3, noise.sum())
    ym, pm = classes[yi], classes[pi]
    region = rng.choice(["north", "south"], n)
    write_csv("multiclass.csv", ["animal", "predicted", "region"],
              list(zip(ym, pm, region)))
    e = clf_block(ym, pm, None, None, list(classes))
    e["per_class"] = {}
    pr, rc, f1, sup = skm.precision_recall_fscore_support(ym, pm, labels=list(classes))
    for i, c in enumerate(classes):
        e["per_class"][c] = {"precision": pr[i], "recall": rc[i], "f1": f1[i],
                             "support": int(sup[i])}
    e["by_group"] = {}
    for gname in sorted(set(region)):
        m = region == gname
        e["by_group"][gname] = clf_block(ym[m], pm[m], None, None, list(classes))
    expected["multiclass"] = e

    # regression
    n = 250
    x = rng.normal(50, 20, n)
    yr = 3.0 + 0.8 * x + rng.normal(0, 6, n)
    pr_ = 3.5 + 0.78 * x + rng.normal(0, 2, n)
    seg = rng.choice(["s1", "s2"], n)
    write_csv("regression.csv", ["y", "yhat", "segment"],
              [(float(a), float(b), str(c)) for a, b, c in zip(yr, pr_, seg)])

    def reg_block(a, b):
        return {"n": int(len(a)),
                "mae": skm.mean_absolute_error(a, b),
                "mse": skm.mean_squared_error(a, b),
                "rmse": skm.mean_squared_error(a, b, squared=False),
                "r2": skm.r2_score(a, b),
                "mape": skm.mean_absolute_percentage_error(a, b),
                "median_absolute_error": skm.median_absolute_error(a, b),
                "max_error": skm.max_error(a, b),
                "explained_variance": skm.explained_variance_score(a, b)}
    e = reg_block(yr, pr_)
    e["by_group"] = {g: reg_block(yr[seg == g], pr_[seg == g]) for g in sorted(set(seg))}
    # integer weights are repeated rows (as the bootstrap counts them):
    # sklearn on the rows repeated, weights i % 4 (some rows left out)
    rw = np.arange(n) % 4
    e["repeated"] = reg_block(np.repeat(yr, rw), np.repeat(pr_, rw))
    expected["regression"] = e

    # small hand-checkable cases, also computed by sklearn
    yz = np.array([0.0, 2.0, 4.0])
    pz = np.array([1.0, 2.0, 5.0])
    expected["mape_zero"] = {"mape": skm.mean_absolute_percentage_error(yz, pz)}

    # bootstrap on few rows: many resamples draw no positive row, so recall,
    # F1 and AUC are undefined there and left out of the interval
    ys = np.array([0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    ps_ = np.array([0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0])
    ss = np.array([0.1, 0.6, 0.9, 0.2, 0.3, 0.1, 0.4, 0.45, 0.2, 0.7, 0.05, 0.3])
    write_csv("sparse.csv", ["label", "pred", "score"],
              [(int(a), int(b), float(c)) for a, b, c in zip(ys, ps_, ss)])
    expected["sparse"] = {"bootstrap": {"reps": 300, "seed": 9,
                                        "values": bootstrap(ys, ps_, ss, 1, 300, 9)}}

    extra_cases(expected)

    def conv(o):
        if isinstance(o, (np.floating,)):
            return float(o)
        if isinstance(o, (np.integer,)):
            return int(o)
        raise TypeError(type(o))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, default=conv)
        f.write("\n")


def extra_cases(expected):
    """Issue 14's metrics: zero_division, class probabilities, fairness.
    A separate random stream, so the fixtures above do not move."""
    rng = np.random.RandomState(20261202)

    # zero_division: a model that never predicts the positive class, and
    # a class (2) that is never predicted, with 0 and 1
    yz = np.array([0, 1, 0, 1, 0, 0])
    pz = np.array([0, 0, 0, 0, 0, 0])
    ym = np.array([0, 1, 2, 2, 1, 0, 1])
    pm = np.array([0, 1, 1, 0, 1, 0, 1])
    zd = {}
    for z in (0, 1):
        zd[str(z)] = {
            "binary": {k: f(yz, pz, zero_division=z) for k, f in
                       (("precision", skm.precision_score), ("recall", skm.recall_score),
                        ("f1", skm.f1_score))},
            "absent": {k: f([0, 0, 0], [0, 0, 0], zero_division=z) for k, f in
                       (("precision", skm.precision_score), ("recall", skm.recall_score),
                        ("f1", skm.f1_score))},
        }
        for avg in ("macro", "weighted"):
            zd[str(z)][avg] = {k: f(ym, pm, average=avg, zero_division=z) for k, f in
                               (("precision", skm.precision_score),
                                ("recall", skm.recall_score), ("f1", skm.f1_score))}
    expected["zero_division"] = zd

    # class probabilities: three classes, probabilities in twentieths (many
    # ties), two regions
    n = 240
    classes = np.array(["bird", "cat", "dog"])
    yi = rng.choice(3, n, p=[0.25, 0.45, 0.30])
    counts = np.zeros((n, 3), dtype=int)
    for i in range(n):
        logits = rng.normal(0, 1.0, 3)
        logits[yi[i]] += 1.2
        w = np.exp(logits) / np.exp(logits).sum()
        c = np.floor(w * 20).astype(int)
        c[np.argmax(w)] += 20 - c.sum()
        counts[i] = c
    proba = counts / 20.0
    pi = np.argmax(proba, axis=1)
    region = rng.choice(["east", "west"], n)
    write_csv("proba.csv", ["animal", "predicted", "p_bird", "p_cat", "p_dog", "region"],
              [(classes[a], classes[b], float(c[0]), float(c[1]), float(c[2]), str(r))
               for a, b, c, r in zip(yi, pi, proba, region)])

    def proba_block(yy, pp):
        out = {"n": int(len(yy))}
        for mc in ("ovr", "ovo"):
            for avg in ("macro", "weighted"):
                out["roc_auc_%s_%s" % (mc, avg)] = skm.roc_auc_score(
                    yy, pp, multi_class=mc, average=avg, labels=[0, 1, 2])
        for k in (1, 2):
            out["top_%d" % k] = skm.top_k_accuracy_score(yy, pp, k=k, labels=[0, 1, 2])
        out["log_loss"] = skm.log_loss(yy, pp, labels=[0, 1, 2])
        return out
    e = proba_block(yi, proba)
    e["by_group"] = {g: proba_block(yi[region == g], proba[region == g])
                     for g in sorted(set(region))}
    expected["proba"] = e

    # fairness: a binary model whose selection rate differs by sex and age
    # band; the band 65+ is small, so some intersections are below
    # min_group_size
    n = 600
    sex = rng.choice(["F", "M"], n, p=[0.45, 0.55])
    band = rng.choice(["18-39", "40-64", "65+"], n, p=[0.5, 0.44, 0.06])
    base = 0.3 + 0.1 * (sex == "M") + 0.1 * (band == "40-64")
    y = rng.binomial(1, base)
    raw = 1 / (1 + np.exp(-(1.4 * (y * 2 - 1) + 0.4 * (sex == "M") + rng.normal(0, 1.2, n))))
    score = np.round(raw, 3)
    pred = (score >= 0.5).astype(int)
    write_csv("fairness.csv", ["label", "pred", "score", "sex", "age_band"],
              [(int(a), int(b), float(c), str(d), str(f))
               for a, b, c, d, f in zip(y, pred, score, sex, band)])
    min_size = 20
    fair = {"min_group_size": min_size}
    for name, keys in (("sex", [sex]), ("age_band", [band]), ("sex,age_band", [sex, band])):
        gk = [", ".join(t) for t in zip(*keys)]
        groups = sorted(set(gk), key=lambda g: tuple(g.split(", ")))
        sizes = {g: int(sum(1 for x in gk if x == g)) for g in groups}
        ok = [g for g in groups if sizes[g] >= min_size]
        gk = np.array(gk)
        per = {}
        for g in ok:
            m = gk == g
            r = fairlearn_rates(y[m], pred[m], 1)
            r["accuracy"] = skm.accuracy_score(y[m], pred[m])
            r["recall"] = skm.recall_score(y[m], pred[m])
            r["f1"] = skm.f1_score(y[m], pred[m])
            per[g] = r
        block = {"sizes": sizes, "small": [g for g in groups if sizes[g] < min_size],
                 "groups": per}
        for metric in ("selection_rate", "true_positive_rate", "false_positive_rate",
                       "accuracy", "recall", "f1"):
            block[metric] = between_groups({g: per[g][metric] for g in ok})
        # fairlearn.metrics.demographic_parity_difference/_ratio: the
        # selection rate's difference/ratio between groups;
        # equalized_odds_difference: max(TPR difference, FPR difference);
        # equalized_odds_ratio: min(TPR ratio, FPR ratio)
        block["demographic_parity_difference"] = block["selection_rate"]["difference"]
        block["demographic_parity_ratio"] = block["selection_rate"]["ratio"]
        block["equalized_odds_difference"] = max(block["true_positive_rate"]["difference"],
                                                 block["false_positive_rate"]["difference"])
        block["equalized_odds_ratio"] = min(block["true_positive_rate"]["ratio"],
                                            block["false_positive_rate"]["ratio"])
        fair[name] = block
    expected["fairness"] = fair


if __name__ == "__main__":
    sys.exit(main())
