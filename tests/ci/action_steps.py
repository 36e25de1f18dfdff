#!/usr/bin/python3
"""Extract the run steps of a composite action so a test can run them under
bash the way the runner does.  Usage:

    action_steps.py ACTION_YML CONTEXT_JSON OUTDIR

CONTEXT_JSON gives the values of the expressions the steps use:
{"inputs": {...}, "github": {...}, "runner": {...}, "steps": {...}};
inputs not given take their `default` from the action.  For step N with a
`run:` it writes OUTDIR/N.sh (the script), OUTDIR/N.env (NAME=VALUE lines,
NUL-terminated, since values may hold newlines) and OUTDIR/N.name; `uses:` steps are listed in
OUTDIR/skipped.  An expression it cannot evaluate, an `if:` on a run step
or a run step without `shell: bash` is an error: the test must not pass
by skipping what it does not understand."""
import json
import os
import re
import sys

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")


def lookup(ctx, path):
    cur = ctx
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def evaluate(ctx, expr):
    # only `a.b.c` and `a || b || 'literal'`: what the action uses
    for alt in [a.strip() for a in expr.split("||")]:
        if alt.startswith("'") and alt.endswith("'"):
            value = alt[1:-1]
        elif PATH.match(alt):
            value = lookup(ctx, alt)
            if value is None and alt.split(".")[0] not in ("github", "steps"):
                sys.exit(f"action_steps: unknown expression '{alt}'")
        else:
            sys.exit(f"action_steps: cannot evaluate '{expr}'")
        if value not in (None, ""):
            return str(value)
    return ""


def interpolate(ctx, text):
    return EXPR.sub(lambda m: evaluate(ctx, m.group(1)), str(text))


def main():
    action_path, ctx_path, outdir = sys.argv[1:4]
    with open(action_path) as f:
        action = yaml.safe_load(f)
    with open(ctx_path) as f:
        ctx = json.load(f)
    # a default may be an expression (${{ github.token }})
    inputs = {k: interpolate(ctx, v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    for k, v in ctx.get("inputs", {}).items():
        if k not in inputs:
            sys.exit(f"action_steps: the action has no input '{k}'")
        inputs[k] = v
    ctx["inputs"] = inputs
    assert action["runs"]["using"] == "composite"
    os.makedirs(outdir, exist_ok=True)
    skipped = []
    for n, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            skipped.append(f"{n} {step.get('id', '')} {step['uses']}")
            continue
        if step.get("shell") != "bash":
            sys.exit(f"action_steps: step {n} needs shell: bash")
        if "if" in step:
            sys.exit(f"action_steps: step {n} has an if: this harness cannot evaluate")
        if "${{" in step["run"]:
            sys.exit(f"action_steps: step {n} interpolates an expression into its script")
        with open(os.path.join(outdir, f"{n}.sh"), "w") as f:
            f.write(step["run"])
        with open(os.path.join(outdir, f"{n}.env"), "w") as f:
            for k, v in step.get("env", {}).items():
                v = interpolate(ctx, v)
                if "\0" in v:
                    sys.exit(f"action_steps: env {k} has a NUL")
                f.write(f"{k}={v}\0")
        with open(os.path.join(outdir, f"{n}.name"), "w") as f:
            f.write(f"{step.get('id', n)}\n")
        wd = step.get("working-directory")
        if wd:
            with open(os.path.join(outdir, f"{n}.wd"), "w") as f:
                f.write(interpolate(ctx, wd) + "\n")
    with open(os.path.join(outdir, "skipped"), "w") as f:
        f.write("".join(s + "\n" for s in skipped))


if __name__ == "__main__":
    main()
