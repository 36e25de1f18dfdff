#!/usr/bin/env bash
# Run the composite action's run-steps locally, the way the runner does
# (bash --noprofile --norc -eo pipefail, inputs through env:), with
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP pointed at temporary
# files, and check what the steps wrote.  The first case builds mlgate from
# this checkout (a cache miss); later cases reuse the binary (a cache hit).
# Needs /usr/bin/python3 with python3-yaml.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-action.XXXXXX")
trap 'rm -rf "$T"' EXIT
RT=$T/runner-temp WS=$T/workspace
mkdir -p "$RT" "$WS"
cp -r "$ROOT/examples" "$WS/examples"
fails=0
runner_env=() # extra variables the runner sets, for one case

# run_case NAME INPUTS_JSON: runs every step, leaves $CASE/out, $CASE/output,
# $CASE/summary; sets $code to the exit status of the failing step (or 0).
run_case() {
	CASE=$T/case-$1
	rm -rf "$CASE"; mkdir -p "$CASE"
	printf '# earlier step\n' > "$CASE/summary"
	: > "$CASE/output"
	cat > "$CASE/ctx.json" <<EOF
{"inputs": $2,
 "github": {"action_path": "$ROOT/actions/mlgate", "action_ref": "", "sha": "0123abcd",
            "action_repository": "", "repository": "example/mlgate",
            "server_url": "https://github.invalid"},
 "runner": {"temp": "$RT", "os": "Linux", "arch": "X64"}}
EOF
	/usr/bin/python3 "$ROOT/tests/ci/action_steps.py" "$ROOT/actions/mlgate/action.yml" \
		"$CASE/ctx.json" "$CASE/steps" || { echo "FAIL $1: steps not extracted"; fails=$((fails + 1)); code=99; return; }
	code=0
	: > "$CASE/out"
	for ((i = 0; i < 20; i++)); do
		script=$CASE/steps/$i.sh n=$CASE/steps/$i
		[ -f "$script" ] || continue
		mapfile -d '' -t stepenv < "$n.env"
		(cd "$WS" && env -i PATH="$PATH" HOME="${HOME:-/root}" GITHUB_ACTIONS=true CI=true RUNNER_OS=Linux RUNNER_ARCH=X64 \
			GITHUB_WORKSPACE="$WS" RUNNER_TEMP="$RT" GITHUB_OUTPUT="$CASE/output" \
			GITHUB_STEP_SUMMARY="$CASE/summary" "${runner_env[@]}" "${stepenv[@]}" \
			bash --noprofile --norc -eo pipefail "$script") >> "$CASE/out" 2>&1
		code=$?
		[ $code -eq 0 ] || break
	done
}

expect() { # expect CASE-NAME DESCRIPTION COMMAND...
	local name=$1 what=$2
	shift 2
	if "$@"; then echo "ok   $name: $what"; else echo "FAIL $name: $what"; fails=$((fails + 1)); fi
}
has() { grep -qxF -- "$2" "$1"; }
contains() { grep -qF -- "$2" "$1"; }

# 1. the bundled example passes with one warning; built from source
run_case pass '{"policy": "policy.yml", "working-directory": "examples/churn",
                "reports": "junit:out-junit.xml  markdown:out.md\n  sarif:out.sarif\ncodequality:out-cq.json\n"}'
expect pass "exit 0" test "$code" = 0
expect pass "built" test -x "$RT/mlgate-bin/mlgate"
expect pass "status output" has "$CASE/output" "status=pass"
expect pass "exit-code output" has "$CASE/output" "exit-code=0"
expect pass "failed output" has "$CASE/output" "failed=0"
expect pass "warned output" has "$CASE/output" "warned=1"
json=$(sed -n 's/^report-json=//p' "$CASE/output")
expect pass "report-json output names a file in RUNNER_TEMP" test "${json%/*}" = "$RT"
expect pass "json report written" contains "$json" '"schema_version": 1'
expect pass "annotation names the repository path" contains "$CASE/out" \
	"::warning file=examples/churn/policy.yml,line=18,title=model.latency_ms.p95.max::"
expect pass "summary appended" contains "$CASE/summary" "### mlgate churn-model: "
expect pass "earlier summary kept" has "$CASE/summary" "# earlier step"
expect pass "summary marker" has "$CASE/summary" "<!-- mlgate-report -->"
expect pass "extra reports" test -s "$WS/out-junit.xml" -a -s "$WS/out.md"
expect pass "every line of a multi-line reports: block" test -s "$WS/out.sarif" -a -s "$WS/out-cq.json"
expect pass "cache restore step skipped here" contains "$CASE/steps/skipped" "actions/cache/restore@"
expect pass "cache save step skipped here" contains "$CASE/steps/skipped" "actions/cache/save@"
expect pass "built output (the save step's condition)" has "$CASE/output" "built=true"
key=$(sed -n 's/^key=//p' "$CASE/output")
expect pass "cache key names the source's hash" sh -c "echo '$key' | grep -Eq '^mlgate-Linux-X64-[^-]+-src-[0-9a-f]{40}\$'"

# 2. a worse candidate fails the step; outputs are still written
printf '{"accuracy": 0.80, "f1_score": 0.70, "roc_auc": 0.95, "log_loss": 0.2, "latency_ms": {"p95": 10}}' \
	> "$WS/examples/churn/reports/bad.json"
run_case fail '{"working-directory": "examples/churn", "policy": "policy.yml",
                "metrics": "reports/bad.json"}'
expect fail "exit 1" test "$code" = 1
expect fail "binary from cache" contains "$CASE/out" "mlgate from cache"
expect fail "status output" has "$CASE/output" "status=fail"
expect fail "failed output" has "$CASE/output" "failed=3"
expect fail "error annotation" contains "$CASE/out" "::error file=examples/churn/policy.yml,line=10,title=model.f1_score.min::"
expect fail "summary verdict" contains "$CASE/summary" "❌ 3 of 7 gates failed"
expect fail "its own json report" test "$(sed -n 's/^report-json=//p' "$CASE/output")" != "$json"

# 3. fail-on-warn turns the example's warning into a failure
run_case failonwarn '{"working-directory": "examples/churn", "policy": "policy.yml", "fail-on-warn": "true"}'
expect failonwarn "exit 1" test "$code" = 1
expect failonwarn "exit-code output" has "$CASE/output" "exit-code=1"

# 4. warn-exit-code for GitLab-style soft failures
run_case warnexit '{"working-directory": "examples/churn", "policy": "policy.yml", "warn-exit-code": "78", "annotations": "false"}'
expect warnexit "exit 78" test "$code" = 78
expect warnexit "no annotations" sh -c "! grep -q '^::warning' '$CASE/out'"
expect warnexit "no summary" sh -c "! grep -q mlgate-report '$CASE/summary'"

# 5. hostile inputs stay data: nothing is executed
run_case hostile '{"working-directory": "examples/churn",
  "policy": "x\"; touch \"$RUNNER_TEMP/pwned1\"; echo \"$(touch $RUNNER_TEMP/pwned2)`touch $RUNNER_TEMP/pwned3`",
  "reports": "json:$(touch${IFS}pwned4) ;touch pwned5"}'
expect hostile "no command ran" sh -c "! ls '$RT'/pwned* '$WS'/pwned* '$WS'/examples/churn/pwned* 2>/dev/null | grep -q ."
expect hostile "policy not found: exit 2" test "$code" = 2
expect hostile "status error" has "$CASE/output" "status=error"

# 6. a bad boolean input is refused
run_case badbool '{"working-directory": "examples/churn", "policy": "policy.yml", "fail-on-warn": "yes"}'
expect badbool "exit 2" test "$code" = 2
expect badbool "says why" contains "$CASE/out" "input fail-on-warn must be true or false"
expect badbool "exit-code output all the same" has "$CASE/output" "exit-code=2"
expect badbool "status output all the same" has "$CASE/output" "status=error"
run_case badcomment '{"working-directory": "examples/churn", "policy": "policy.yml", "comment": "1"}'
expect badcomment "exit 2 with outputs" sh -c "test '$code' = 2 && grep -qx status=error '$CASE/output'"

# 6b. the cache key follows the source, not the ref in uses: (v1, main)
# run_key SRC [VERSION]: the key step alone, for an action checked out at SRC
run_key() {
	local d=$T/key-$RANDOM
	mkdir -p "$d" && : > "$d/output"
	printf '{"inputs": {"version": "%s"}, "github": {"action_path": "%s/actions/mlgate", "action_ref": "v1",
	  "repository": "example/mlgate", "server_url": "https://github.invalid"}, "runner": {"temp": "%s"}}' \
		"${2:-}" "$1" "$RT" > "$d/ctx.json"
	/usr/bin/python3 "$ROOT/tests/ci/action_steps.py" "$ROOT/actions/mlgate/action.yml" "$d/ctx.json" "$d/steps" || return 1
	mapfile -d '' -t stepenv < "$d/steps/0.env"
	env -i PATH="$PATH" RUNNER_OS=Linux RUNNER_ARCH=X64 ImageOS=ubuntu24 GITHUB_OUTPUT="$d/output" \
		"${stepenv[@]}" bash --noprofile --norc -eo pipefail "$d/steps/0.sh" || return 1
	sed -n 's/^key=//p' "$d/output"
}
mkdir -p "$T/rel1" && cp -r "$ROOT/Makefile" "$ROOT/src" "$ROOT/actions" "$T/rel1/"
k1=$(run_key "$T/rel1")
k1b=$(run_key "$T/rel1")
echo '/* a new release */' >> "$T/rel1/src/cli/main.c"
k2=$(run_key "$T/rel1")
kv=$(run_key "$T/rel1" 0123456789abcdef0123456789abcdef01234567)
expect cachekey "the key step is the first step" grep -qx key "$CASE/steps/0.name"
expect cachekey "same source, same key" test -n "$k1" -a "$k1" = "$k1b"
expect cachekey "a new release behind the same ref, a new key" test -n "$k2" -a "$k1" != "$k2"
expect cachekey "version: a commit is the key" test "$kv" = mlgate-Linux-X64-ubuntu24-commit-0123456789abcdef0123456789abcdef01234567

# 7. no policy input: mlgate.yml in the working directory is found
cp "$WS/examples/churn/policy.yml" "$WS/examples/churn/mlgate.yml"
run_case discover '{"working-directory": "examples/churn"}'
expect discover "exit 0" test "$code" = 0
expect discover "annotation path" contains "$CASE/out" "::warning file=examples/churn/mlgate.yml,"

# 8. comment: "true" posts the report as the sticky comment (the loopback
# forge of tests/servers), then updates it on the next run; the token is
# the token input, sent only to GITHUB_API_URL
FT=$T/forge && mkdir -p "$FT"
python3 "$ROOT/tests/servers/forge_server.py" --port-file "$FT/port" --log "$FT/log" --dump "$FT/state" \
	--token tok-123 --lifetime 120 --seed '{"github": {"example/mlgate#9": [{"body": "hello"}]}}' > /dev/null &
forge_pid=$!
for _ in $(seq 1 200); do [ -s "$FT/port" ] && break; sleep 0.05; done
printf '{"pull_request": {"number": 9}}' > "$FT/event.json"
runner_env=(GITHUB_API_URL="http://127.0.0.1:$(cat "$FT/port")/gh" GITHUB_REPOSITORY=example/mlgate
	GITHUB_EVENT_PATH="$FT/event.json" NO_PROXY=127.0.0.1 no_proxy=127.0.0.1)
run_case comment '{"working-directory": "examples/churn", "policy": "policy.yml", "comment": "true", "token": "tok-123"}'
expect comment "exit 0" test "$code" = 0
expect comment "created" contains "$CASE/out" "created comment"
run_case comment2 '{"working-directory": "examples/churn", "policy": "policy.yml", "comment": "true", "token": "tok-123"}'
expect comment "updated on the second run" contains "$CASE/out" "updated comment"
expect comment "one sticky comment besides the human's" /usr/bin/python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["github"]["example/mlgate#9"]
assert len(t) == 2 and t[0]["body"] == "hello" and "<!-- mlgate-report -->" in t[1]["body"], t
' "$FT/state"
runner_env=(GITHUB_API_URL="http://127.0.0.1:$(cat "$FT/port")/gh" GITHUB_REPOSITORY=example/mlgate
	GITHUB_EVENT_PATH="$FT/event.json" NO_PROXY=127.0.0.1 no_proxy=127.0.0.1)
run_case commentbad '{"working-directory": "examples/churn", "policy": "policy.yml", "comment": "true", "token": "wrong"}'
expect commentbad "a comment that cannot be posted does not change the verdict" test "$code" = 0
expect commentbad "but it is a warning" contains "$CASE/out" "::warning title=mlgate::the pull request comment could not be posted"
expect commentbad "outputs set" has "$CASE/output" "status=pass"
# 9. check-run: "true" publishes the JSON report as a check run on
# GITHUB_SHA (the example passes with one warning: neutral, one
# annotation at the policy's repository path); a token without checks:
# write (403) is a warning with the verdict unchanged
sha=0123456789abcdef0123456789abcdef01234567
runner_env=(GITHUB_API_URL="http://127.0.0.1:$(cat "$FT/port")/gh" GITHUB_REPOSITORY=example/mlgate
	GITHUB_SHA=$sha NO_PROXY=127.0.0.1 no_proxy=127.0.0.1)
run_case checkrun '{"working-directory": "examples/churn", "policy": "policy.yml", "check-run": "true", "token": "tok-123"}'
expect checkrun "exit 0" test "$code" = 0
expect checkrun "created" contains "$CASE/out" "created check run"
expect checkrun "neutral, one annotation at the repository path, on GITHUB_SHA" /usr/bin/python3 -c '
import json, sys
runs = list(json.load(open(sys.argv[1]))["checks"].values())
assert len(runs) == 1, runs
r = runs[0]
assert r["name"] == "mlgate" and r["conclusion"] == "neutral" and r["head_sha"] == sys.argv[2], r
a = r["annotations"]
assert len(a) == 1 and a[0]["path"] == "examples/churn/policy.yml" and a[0]["start_line"] == 18, a
' "$FT/state" "$sha"
run_case badcheckrun '{"working-directory": "examples/churn", "policy": "policy.yml", "check-run": "maybe"}'
expect badcheckrun "exit 2 with outputs" sh -c "test '$code' = 2 && grep -qx status=error '$CASE/output'"
runner_env=()
kill "$forge_pid" 2>/dev/null; wait "$forge_pid" 2>/dev/null
python3 "$ROOT/tests/servers/forge_server.py" --port-file "$FT/port2" --log "$FT/log2" --dump "$FT/state2" \
	--token tok-123 --lifetime 120 --checks-forbidden > /dev/null &
forge_pid=$!
for _ in $(seq 1 200); do [ -s "$FT/port2" ] && break; sleep 0.05; done
runner_env=(GITHUB_API_URL="http://127.0.0.1:$(cat "$FT/port2")/gh" GITHUB_REPOSITORY=example/mlgate
	GITHUB_SHA=$sha NO_PROXY=127.0.0.1 no_proxy=127.0.0.1)
printf '{"accuracy": 0.80, "f1_score": 0.70, "roc_auc": 0.95, "log_loss": 0.2, "latency_ms": {"p95": 10}}' \
	> "$WS/examples/churn/reports/bad.json"
run_case checkrun403 '{"working-directory": "examples/churn", "policy": "policy.yml", "metrics": "reports/bad.json", "check-run": "true", "token": "tok-123"}'
expect checkrun403 "the gate's verdict stands (exit 1)" test "$code" = 1
expect checkrun403 "a warning that names checks: write" contains "$CASE/out" "::warning title=mlgate::no check run: the token may not create check runs (grant permissions: checks: write"
expect checkrun403 "outputs set" has "$CASE/output" "status=fail"
runner_env=()
kill "$forge_pid" 2>/dev/null; wait "$forge_pid" 2>/dev/null

if [ $fails -gt 0 ]; then
	echo "action: $fails checks failed; last step output:"; tail -20 "$CASE/out"
	exit 1
fi
echo "action: all checks passed"
