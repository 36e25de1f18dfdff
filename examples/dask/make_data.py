#!/usr/bin/env python3
"""A deterministic dataset in SHARDS CSV shards (the reference, as it would
sit in a data lake), and two batches to gate against it: one drawn like the
reference, one shifted.  Usage: make_data.py OUTDIR [ROWS] [SHARDS]"""
import os
import random
import sys


def rows(rng, n, shift):
    for i in range(n):
        age = int(rng.gauss(44 + 8 * shift, 12))
        income = "" if rng.random() < 0.02 else "%.2f" % rng.lognormvariate(10.5 + 0.3 * shift, 0.6)
        plan = rng.choices(["basic", "pro", "enterprise"], [5, 3, 2 + 6 * shift])[0]
        score = "%.4f" % rng.random()
        yield "%d,%s,%s,%s,%d\n" % (age, income, plan, score, rng.randrange(30))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.makedirs(out, exist_ok=True)
    header = "age,income,plan,score,tickets\n"
    rng = random.Random(17)
    files = [open(os.path.join(out, "shard-%d.csv" % s), "w") for s in range(k)]
    for f in files:
        f.write(header)
    for i, line in enumerate(rows(rng, n, 0)):
        files[i * k // n].write(line)
    for f in files:
        f.close()
    for name, shift, seed in (("batch-ok.csv", 0, 5), ("batch-drifted.csv", 1, 6)):
        with open(os.path.join(out, name), "w") as f:
            f.write(header)
            f.writelines(rows(random.Random(seed), 20000, shift))


if __name__ == "__main__":
    main()
