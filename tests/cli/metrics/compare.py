#!/usr/bin/env python3
"""Compare an `mlgate metrics` JSON with scikit-learn's numbers in
tests/fixtures/metrics/expected.json, to 1e-9 relative (1e-12 absolute).
Usage: compare.py GOT.json EXPECTED_POINTER MAPPING...
where each MAPPING is GOT_PATH=EXPECTED_PATH (slash-separated keys).
Prints one line per value compared and exits 1 on the first mismatch."""
import json
import os
import sys


def get(doc, path):
    for k in [p for p in path.split("/") if p]:
        doc = doc[int(k)] if isinstance(doc, list) else doc[k]
    return doc


def main():
    got = json.load(open(sys.argv[1]))
    exp = json.load(open(os.path.join(os.environ["FIXTURES"], "metrics", "expected.json")))
    base = sys.argv[2]
    for m in sys.argv[3:]:
        g, e = m.split("=")
        a, b = get(got, g), get(exp, base + "/" + e)
        if not isinstance(a, (int, float)) or isinstance(a, bool):
            print("MISMATCH %s: %r is not a number" % (g, a))
            return 1
        if not (abs(a - b) <= 1e-9 * abs(b) or abs(a - b) <= 1e-12):
            print("MISMATCH %s: %r vs sklearn %r" % (g, a, b))
            return 1
        print("ok %s" % g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
