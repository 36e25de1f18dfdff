#!/usr/bin/python3
"""Check Code Quality reports against the Code Climate engine spec's issue
rules (github.com/codeclimate/platform, spec/analyzers/SPEC.md, "Issues"),
as the Code Climate CLI enforces them, plus what GitLab's widget needs.
Usage: codeclimate_check.py FILE...; exit 1 with the first violations."""
import json
import sys

CATEGORIES = {"Bug Risk", "Clarity", "Compatibility", "Complexity",
              "Duplication", "Performance", "Security", "Style"}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def problems(issue):
    if not isinstance(issue, dict):
        yield "an issue is not an object"
        return
    if issue.get("type") != "issue":
        yield "type must be \"issue\""
    for key in ("check_name", "description"):
        if not isinstance(issue.get(key), str) or not issue[key]:
            yield f"{key} must be a non-empty string"
    if "\n" in issue.get("description", "") or "\r" in issue.get("description", ""):
        yield "description holds a newline"
    cats = issue.get("categories")
    if not isinstance(cats, list) or not cats:
        yield "categories must be a non-empty array"
    elif not set(cats) <= CATEGORIES:
        yield f"unknown categories {sorted(set(cats) - CATEGORIES)}"
    if "severity" in issue and issue["severity"] not in SEVERITIES:
        yield f"severity {issue['severity']!r}"
    if "remediation_points" in issue and not (isinstance(issue["remediation_points"], int) and issue["remediation_points"] > 0):
        yield "remediation_points must be a positive integer"
    if "fingerprint" in issue and not isinstance(issue["fingerprint"], str):
        yield "fingerprint must be a string"
    loc = issue.get("location")
    if not isinstance(loc, dict):
        yield "location must be an object"
        return
    path = loc.get("path")
    if not isinstance(path, str) or not path or path.startswith("/") or path.startswith("./"):
        yield f"location.path must be a relative path, not {path!r}"
    lines = loc.get("lines")
    if isinstance(lines, dict):
        b, e = lines.get("begin"), lines.get("end")
        if not (type(b) is int and type(e) is int and 1 <= b <= e):
            yield f"location.lines needs integers 1 <= begin <= end, not {lines!r}"
    elif "positions" not in loc:
        yield "location needs lines or positions"


def main():
    bad = 0
    for name in sys.argv[1:]:
        with open(name) as f:
            doc = json.load(f)
        if not isinstance(doc, list):
            print(f"{name}: not an array of issues")
            bad += 1
            continue
        for i, issue in enumerate(doc):
            for p in problems(issue):
                print(f"{name}: issue {i}: {p}")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
