#!/usr/bin/python3
"""Deterministic small CSVs for examples/churn-data/ (Python standard library
only; the seed fixes every value).  reference.csv is the training data,
current.csv a fresh sample of the same population, current_drifted.csv one
where income rose by 15%, a 'trial' plan appeared and some ages are missing.

    /usr/bin/python3 tests/gen/gen_churn_data.py
"""
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "examples", "churn-data", "data")


def rows(rng, n, start, income_factor=1.0, plans=None, age_null=0.0):
    plans = plans or [("basic", 0.55), ("pro", 0.35), ("enterprise", 0.10)]
    out = []
    for i in range(n):
        age = min(90, max(18, int(rng.gauss(42, 12))))
        income = round(rng.lognormvariate(10.8, 0.4) * income_factor, -3)
        u, acc, plan = rng.random(), 0.0, plans[-1][0]
        for name, p in plans:
            acc += p
            if u < acc:
                plan = name
                break
        tenure = rng.randint(1, 72)
        churn = 1 if rng.random() < (0.35 if tenure < 12 else 0.12) else 0
        out.append(["C%05d" % (start + i), "" if rng.random() < age_null else str(age),
                    "%d" % income, plan, str(tenure), str(churn)])
    return out


def write(name, data):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write("customer_id,age,income,plan,tenure_months,churn\n")
        for r in data:
            f.write(",".join(r) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("reference.csv", rows(random.Random(1), 600, 1))
    write("current.csv", rows(random.Random(2), 400, 10001))
    write("current_drifted.csv",
          rows(random.Random(3), 400, 20001, income_factor=1.15,
               plans=[("basic", 0.45), ("pro", 0.35), ("enterprise", 0.1), ("trial", 0.1)],
               age_null=0.08))


if __name__ == "__main__":
    main()
