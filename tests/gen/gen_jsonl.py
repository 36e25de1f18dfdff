#!/usr/bin/python3
"""JSON Lines forms of the churn example's CSVs, for the test that they
profile exactly as the CSVs do (tests/cli/jsonl/).  Integers and decimals
become JSON numbers, other cells strings; an empty cell becomes `null` in
*_null.jsonl and an absent key in *_absent.ndjson; one nested object
(`plan_info.plan`) in *_nested.jsonl shows the dotted flattening.

    /usr/bin/python3 tests/gen/gen_jsonl.py
"""
import csv
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHURN = os.path.join(ROOT, "examples", "churn-data", "data")
OUT = os.path.join(ROOT, "tests", "fixtures", "jsonl")


def value(cell):
    if cell == "":
        return None
    for conv in (int, float):
        try:
            return conv(cell)
        except ValueError:
            pass
    return cell


def main():
    os.makedirs(OUT, exist_ok=True)
    for stem, forms in (("reference", ("null",)), ("current_drifted", ("null", "absent"))):
        with open(os.path.join(CHURN, stem + ".csv"), newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        with open(os.path.join(OUT, stem + "_null.jsonl"), "w") as fh:
            for r in body:
                fh.write(json.dumps({k: value(c) for k, c in zip(header, r)}) + "\n")
        if "absent" not in forms:
            continue
        with open(os.path.join(OUT, stem + "_absent.ndjson"), "w") as fh:
            for i, r in enumerate(body):
                # the first line has every key, so the column order is the CSV's
                obj = {k: value(c) for k, c in zip(header, r) if c != "" or i == 0}
                fh.write(json.dumps(obj, separators=(",", ":")) + "\n")
    with open(os.path.join(CHURN, "reference.csv"), newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    with open(os.path.join(OUT, "reference_nested.jsonl"), "w") as fh:
        for r in body:
            obj = {}
            for k, c in zip(header, r):
                if k == "plan":
                    obj["plan_info"] = {"plan": value(c)}
                else:
                    obj[k] = value(c)
            fh.write(json.dumps(obj) + "\n")


if __name__ == "__main__":
    main()
