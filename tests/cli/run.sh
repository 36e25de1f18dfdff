#!/usr/bin/env bash
# CLI tests as data.  A case is tests/cli/GROUP/NAME.sh, run by bash in a
# fresh temporary directory with `mlgate` on PATH.  Beside it:
#   NAME.sh.exit              expected exit code (default 0)
#   NAME.sh.stdout / .stderr  expected output, exactly
#   NAME.sh.stdout.contains / .stderr.contains
#                             every non-empty line must occur in the output
# Environment for cases: ROOT (the repository), FIXTURES (tests/fixtures),
# EXAMPLES (examples/).  UPDATE=1 rewrites the exact files and .exit from
# what the cases produce (after a deliberate change; review the diff).
# VALGRIND=1 runs every mlgate under valgrind (errors fail the case).
# Usage: tests/cli/run.sh [PATTERN]   (PATTERN filters GROUP/NAME)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
export MLGATE_BIN=$BIN
[ -x "$BIN" ] || { echo "cli: $BIN not built" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"
if [ "${VALGRIND:-}" = 1 ]; then
	cat > "$WORK/bin/mlgate" <<EOS
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$BIN" "\$@"
EOS
else
	printf '#!/bin/sh\nexec "%s" "$@"\n' "$BIN" > "$WORK/bin/mlgate"
fi
chmod +x "$WORK/bin/mlgate"
export ROOT FIXTURES="$ROOT/tests/fixtures" EXAMPLES="$ROOT/examples"
export PATH="$WORK/bin:$PATH" NO_COLOR=1 LC_ALL=C
unset GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_ACTIONS MLFLOW_TRACKING_URI \
	MLFLOW_TRACKING_TOKEN MLFLOW_TRACKING_USERNAME MLFLOW_TRACKING_PASSWORD

pass=0 fail=0 failed_names=()
for case in "$ROOT"/tests/cli/*/*.sh; do
	name=${case#"$ROOT/tests/cli/"}
	[ -n "${1:-}" ] && [[ $name != *$1* ]] && continue
	dir=$(mktemp -d "$WORK/case.XXXXXX")
	(cd "$dir" && timeout 120 bash "$case" > "$WORK/out" 2> "$WORK/err" < /dev/null)
	code=$?
	ok=1 why=""
	want=0
	[ -f "$case.exit" ] && want=$(cat "$case.exit")
	if [ "${UPDATE:-}" = 1 ]; then
		[ "$code" != 0 ] || [ -f "$case.exit" ] && echo "$code" > "$case.exit"
		[ -f "$case.stdout" ] && cp "$WORK/out" "$case.stdout"
		[ -f "$case.stderr" ] && cp "$WORK/err" "$case.stderr"
		want=$code
	fi
	if [ "$code" != "$want" ]; then ok=0; why="exit $code, expected $want"; fi
	for stream in stdout stderr; do
		got="$WORK/out"; [ $stream = stderr ] && got="$WORK/err"
		if [ -f "$case.$stream" ] && ! cmp -s "$case.$stream" "$got"; then
			ok=0; why="$why; $stream differs:
$(diff -u "$case.$stream" "$got" | head -40)"
		fi
		if [ -f "$case.$stream.contains" ]; then
			while IFS= read -r line || [ -n "$line" ]; do
				[ -z "$line" ] && continue
				if ! grep -qF -- "$line" "$got"; then
					ok=0; why="$why; $stream lacks: $line"
				fi
			done < "$case.$stream.contains"
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed_names+=("$name")
		echo "FAIL $name: $why"
		echo "--- stdout"; head -30 "$WORK/out"; echo "--- stderr"; head -30 "$WORK/err"; echo "---"
	fi
	rm -rf "$dir"
done
[ $fail -gt 0 ] && printf 'failed: %s\n' "${failed_names[@]}"
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
