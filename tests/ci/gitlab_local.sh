#!/usr/bin/env bash
# Run the GitLab component through gitlab-ci-local (include: local +
# inputs:) in temporary git repositories holding the churn example, and
# check each job's status in the log -- not only gitlab-ci-local's exit
# status, which is 0 for any job with an `allow_failure: exit_codes` object
# even when it failed with another code.
# Usage: gitlab_local.sh GITLAB_CI_LOCAL   (mlgate on PATH)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GLCI=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-glci.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
git_() { git -c user.email=ci@example.invalid -c user.name=ci -c init.defaultBranch=main "$@"; }

# A repository with mlgate's sources, for `install: source` to clone.
mkdir -p "$T/mlgate-src"
cp -r "$ROOT/Makefile" "$ROOT/src" "$T/mlgate-src/"
[ -d "$ROOT/scripts" ] && cp -r "$ROOT/scripts" "$T/mlgate-src/"
(cd "$T/mlgate-src" && git_ init -q && git_ add -A && git_ commit -qm src && git_ tag v9.9.9)

# project NAME CI_YML: a git repository with the churn example, the
# component, and the given .gitlab-ci.yml
project() {
	P=$T/$1
	mkdir -p "$P/templates"
	cp -r "$ROOT/examples/churn/." "$P/"
	cp -r "$ROOT/templates/mlgate" "$P/templates/"
	printf '%s\n' "$2" > "$P/.gitlab-ci.yml"
	printf '{"accuracy": 0.80, "f1_score": 0.70, "roc_auc": 0.95, "log_loss": 0.2, "latency_ms": {"p95": 10}}' \
		> "$P/reports/bad.json"
	(cd "$P" && git_ init -q && git_ add -A && git_ commit -qm example &&
	 git_ remote add origin https://gitlab.example.invalid/g/p.git &&
	 git_ update-ref refs/remotes/origin/main HEAD && git_ remote set-head origin main)
}

# run JOB: sets $code, $P/stdout, $P/stderr
run() {
	(cd "$P" && "$GLCI" --no-color --force-shell-executor "$1" > stdout 2> stderr)
	code=$?
}

expect() {
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else
		echo "FAIL $what"; fails=$((fails + 1))
		echo "--- stdout"; tail -25 "$P/stdout"; echo "--- stderr"; tail -10 "$P/stderr"; echo "---"
	fi
}
has() { grep -qE -- "$2" "$P/$1"; }

# 1. the copy-paste example, with the component included locally and built
#    from source: the example passes with one warning -> exit 10, allowed
sed -e 's|^\(  - \)component: .*|\1local: templates/mlgate/template.yml|' \
    -e "s|^\(      source-url:\).*|\1 file://$T/mlgate-src|" \
    -e 's|^\(      version:\).*|\1 v9.9.9|' \
    -e 's|^\(      policy:\).*|\1 policy.yml|' \
    "$ROOT/examples/gitlab/.gitlab-ci.yml" > "$T/example.yml"
project example "$(cat "$T/example.yml")"
expect "example: the include was rewritten" grep -q 'local: templates/mlgate/template.yml' "$P/.gitlab-ci.yml"
(cd "$P" && "$GLCI" --no-color --list > list 2>&1)
expect "example: lints and lists the mlgate job" has list '^mlgate +gate'
run mlgate
expect "example: built from source" has stdout 'mlgate > mlgate [0-9.]+ \(libyaml'
expect "example: warning-only run is an allowed failure (exit 10)" has stderr 'mlgate finished in .* WARN 10'
expect "example: gitlab-ci-local exit 0" test "$code" = 0
expect "example: verdict in the log" has stdout 'PASS with warnings .* \(exit 10\)'
expect "example: junit written" test -s "$P/mlgate-junit.xml"
expect "example: codequality written" test -s "$P/gl-code-quality-report.json"
expect "example: markdown artifact exported" test -s "$P/.gitlab-ci-local/artifacts/mlgate/mlgate-report.md"
[ -n "${JUNIT_OUT:-}" ] && cp "$P/mlgate-junit.xml" "$JUNIT_OUT"

inc() { # inc INPUTS-YAML-LINES...
	printf 'include:\n  - local: templates/mlgate/template.yml\n    inputs:\n'
	for l in "$@"; do printf '      %s\n' "$l"; done
}

# 2. a clean pass (the production model as candidate): PASS, exit 0
project pass "$(inc 'policy: policy.yml' 'install: none' 'metrics: reports/prod-metrics.json')"
run mlgate
expect "pass: job passed" has stdout '^ PASS  mlgate'
expect "pass: exit 0" test "$code" = 0
expect "pass: not an allowed failure" sh -c "! grep -q 'WARN' '$P/stderr'"

# 3. failing gates: FAIL 1 and exit status 1 (1 is not an allowed code)
project fail "$(inc 'policy: policy.yml' 'install: none' 'metrics: reports/bad.json' 'job-name: model-gate' 'stage: build')"
run model-gate
expect "fail: job failed with 1" has stderr 'model-gate finished in .* FAIL 1'
expect "fail: listed as FAIL" has stdout '^ FAIL  model-gate'
# gitlab-ci-local exits 0 for any job with an allow_failure object, even
# one that failed with a code the object does not allow (GitLab itself
# fails the job); case 8 checks the exit status without that object
expect "fail: gitlab-ci-local exit $code (its allow_failure quirk)" test "$code" = 0
expect "fail: reports still written (artifacts: when: always)" test -s "$P/.gitlab-ci-local/artifacts/model-gate/mlgate-report.json"

# 4. a gate that cannot be evaluated (exit 3) must stay red; gitlab-ci-local
#    exits 0 here (its allow_failure quirk), so the log decides
project error "$(inc 'policy: policy.yml' 'install: none' 'metrics: reports/missing.json')"
run mlgate
expect "error: job failed with 3 (not allowed)" has stderr 'mlgate finished in .* FAIL 3'
expect "error: listed as FAIL" has stdout '^ FAIL  mlgate'
expect "error: the quirk (exit $code) did not hide it" has stdout 'ERROR .*missing.json'

# 5. fail-on-warn: the warning fails the job with 1
project failonwarn "$(inc 'policy: policy.yml' 'install: none' 'fail-on-warn: true')"
run mlgate
expect "fail-on-warn: FAIL 1" has stderr 'mlgate finished in .* FAIL 1'
expect "fail-on-warn: not shown as an allowed failure" sh -c "! grep -q 'WARN' '$P/stderr'"

# 6. an option outside the input's list is refused when the pipeline is made
project badinput "$(inc 'install: apt')"
run mlgate
expect "bad input: refused" test "$code" != 0
expect "bad input: says which" grep -qi 'install' "$P/stderr" "$P/stdout"

# 7. the classic include template runs the same job
project classic "$(printf 'include:\n  - local: gitlab/mlgate.gitlab-ci.yml\nmlgate:\n  extends: .mlgate\n  stage: test\n  variables:\n    MLGATE_POLICY: policy.yml\n    MLGATE_INSTALL: none\n')"
mkdir -p "$P/gitlab" && cp "$ROOT/gitlab/mlgate.gitlab-ci.yml" "$P/gitlab/" &&
	(cd "$P" && git_ add -A && git_ commit -qm classic)
run mlgate
expect "classic: warning-only run is an allowed failure (exit 10)" has stderr 'mlgate finished in .* WARN 10'
expect "classic: exit 0" test "$code" = 0

# 8. without the allow_failure object the failing gate fails the pipeline
project strict "$(printf 'include:\n  - local: gitlab/mlgate.gitlab-ci.yml\nmlgate:\n  extends: .mlgate\n  allow_failure: false\n  variables:\n    MLGATE_POLICY: policy.yml\n    MLGATE_METRICS: reports/bad.json\n    MLGATE_INSTALL: none\n')"
mkdir -p "$P/gitlab" && cp "$ROOT/gitlab/mlgate.gitlab-ci.yml" "$P/gitlab/" &&
	(cd "$P" && git_ add -A && git_ commit -qm strict)
run mlgate
expect "strict: FAIL 1" has stderr 'mlgate finished in .* FAIL 1'
expect "strict: gitlab-ci-local exit 1" test "$code" = 1

# 9. comment: true creates the sticky MR note (the loopback forge of
#    tests/servers), and the job still ends with the gate's code; the dotenv
#    report is exported for later jobs
FT=$T/forge && mkdir -p "$FT"
python3 "$ROOT/tests/servers/forge_server.py" --port-file "$FT/port" --log "$FT/log" --dump "$FT/state" \
	--token glpat-test --lifetime 120 --seed '{"gitlab": {"42!3": []}}' > /dev/null &
forge_pid=$!
for _ in $(seq 1 200); do [ -s "$FT/port" ] && break; sleep 0.05; done
project comment "$(inc 'policy: policy.yml' 'install: none' 'comment: true')"
(cd "$P" && "$GLCI" --no-color --force-shell-executor \
	--variable "CI_API_V4_URL=http://127.0.0.1:$(cat "$FT/port")/api/v4" --variable CI_PROJECT_ID=42 \
	--variable CI_MERGE_REQUEST_IID=3 --variable GITLAB_TOKEN=glpat-test --variable NO_PROXY=127.0.0.1 \
	mlgate > stdout 2> stderr)
code=$?
expect "comment: the gate's verdict is kept (exit 10, allowed)" has stderr 'mlgate finished in .* WARN 10'
expect "comment: the note was created" has stdout 'created comment [0-9]+ on merge request !3'
expect "comment: one note with the marker" /usr/bin/python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["gitlab"]["42!3"]
assert len(t) == 1 and "<!-- mlgate-report -->" in t[0]["body"], t
' "$FT/state"
expect "comment: dotenv report written" grep -qx 'MLGATE_STATUS=pass' "$P/mlgate.env"
kill "$forge_pid" 2>/dev/null; wait "$forge_pid" 2>/dev/null

if [ $fails -gt 0 ]; then echo "gitlab: $fails checks failed"; exit 1; fi
echo "gitlab: all checks passed"
