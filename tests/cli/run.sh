#!/usr/bin/env bash
# CLI tests as data (tests/README.md).  A case is either
#   tests/cli/GROUP/NAME.sh   a bash script, its expectations beside it as
#                             NAME.sh.exit, NAME.sh.stdout, ...; or
#   tests/cli/GROUP/NAME/     a folder: `cmd` (the bash command lines), the
#                             files it needs (policy, data...), and its
#                             expectations inside as exit, stdout, ...
# Each case runs in its own fresh scratch directory (a folder case's files,
# all but `cmd` and the expectations, are copied there first) with `mlgate`
# on PATH and stdin from /dev/null.  Expectations:
#   exit                      the exit code (default 0)
#   stdout / stderr           the stream, exactly
#   stdout.contains / stderr.contains
#                             every non-empty line must occur in the stream
#   stdout.ignore / stderr.ignore
#                             the stream is not checked (one line: why)
# A stream with none of these files must be empty.
# Environment for cases: ROOT (the repository), FIXTURES (tests/fixtures),
# EXAMPLES (examples/), PREBUILT (the large generated fixtures that
# tests/cli/prebuild.sh makes once: MLGATE_PREBUILT, else per run).
# JOBS=N runs N cases at a time (default: the number of CPUs).
# UPDATE=1 rewrites the exact files and `exit` from what the cases produce,
# and writes an exact file for a stream that was expected empty and was not
# (after a deliberate change; review the diff).
# VALGRIND=1 runs every mlgate under valgrind (errors fail the case).
# KEEP=1 keeps the scratch directories (their path is printed).
# SLOWEST=N lists the N slowest cases with their wall time.
# Usage: tests/cli/run.sh [PATTERN]   (PATTERN filters GROUP/NAME)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
export MLGATE_BIN=$BIN
[ -x "$BIN" ] || { echo "cli: $BIN not built" >&2; exit 2; }
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-cli.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then
	echo "cli: scratch directories kept in $WORK"
else
	trap 'rm -rf "$WORK"' EXIT
fi
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
PREBUILT=${MLGATE_PREBUILT:-$WORK/prebuilt}
"$ROOT/tests/cli/prebuild.sh" "$PREBUILT" || { echo "cli: fixtures not built" >&2; exit 2; }
export ROOT FIXTURES="$ROOT/tests/fixtures" EXAMPLES="$ROOT/examples" PREBUILT
export PATH="$WORK/bin:$PATH" NO_COLOR=1 LC_ALL=C
unset GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_ACTIONS MLFLOW_TRACKING_URI \
	MLFLOW_TRACKING_TOKEN MLFLOW_TRACKING_USERNAME MLFLOW_TRACKING_PASSWORD \
	MLGATE_UNTRUSTED_POLICY MLGATE_ALLOWED_ENV MLGATE_ALLOWED_HOSTS MLGATE_ALLOWED_PATHS \
	GITHUB_WORKSPACE CI_PROJECT_DIR

# run_case N CASE: runs one case in $WORK/N/run, its output in $WORK/N/out
# and err; writes $WORK/N.result: "ok", or "fail" and why.
run_case() {
	local case=$2 d="$WORK/$1" exp script f code ok=1 why="" want=0 stream got line
	mkdir -p "$d/run"
	if [ -d "$case" ]; then
		exp="$case/" script="$case/cmd"
		for f in "$case"/* "$case"/.[!.]*; do
			[ -e "$f" ] || continue
			case ${f##*/} in
			cmd | exit | stdout | stderr | stdout.contains | stderr.contains | \
				stdout.ignore | stderr.ignore) ;;
			*) cp -R "$f" "$d/run/" ;;
			esac
		done
	else
		exp="$case." script=$case
	fi
	local t0=$EPOCHREALTIME
	(cd "$d/run" && timeout 120 bash "$script" > "$d/out" 2> "$d/err" < /dev/null)
	code=$?
	# valgrind's own notes ("--PID-- WARNING: unhandled amd64-linux syscall:
	# 434" for pidfd_open) are about valgrind, not mlgate; its error reports
	# ("==PID==") stay and fail the case through --error-exitcode
	[ "${VALGRIND:-}" = 1 ] && sed -i '/^--[0-9]*-- /d' "$d/err"
	echo "$t0 $EPOCHREALTIME" | awk '{ printf "%.2f\n", $2 - $1 }' > "$d.time"
	[ -f "${exp}exit" ] && want=$(cat "${exp}exit")
	if [ "${UPDATE:-}" = 1 ]; then
		{ [ "$code" != 0 ] || [ -f "${exp}exit" ]; } && echo "$code" > "${exp}exit"
		for stream in stdout stderr; do
			got="$d/out"; [ $stream = stderr ] && got="$d/err"
			if [ -f "$exp$stream" ] || { [ -s "$got" ] && [ ! -f "$exp$stream.contains" ] &&
				[ ! -f "$exp$stream.ignore" ]; }; then
				cp "$got" "$exp$stream"
			fi
		done
		want=$code
	fi
	if [ "$code" != "$want" ]; then ok=0; why="exit $code, expected $want"; fi
	for stream in stdout stderr; do
		got="$d/out"; [ $stream = stderr ] && got="$d/err"
		if [ -f "$exp$stream" ]; then
			if ! cmp -s "$exp$stream" "$got"; then
				ok=0; why="$why; $stream differs:
$(diff -u "$exp$stream" "$got" | head -40)"
			fi
		elif [ ! -f "$exp$stream.contains" ] && [ ! -f "$exp$stream.ignore" ] && [ -s "$got" ]; then
			ok=0; why="$why; $stream not empty (and no ${exp#"$ROOT/tests/cli/"}$stream{,.contains,.ignore})"
		fi
		if [ -f "$exp$stream.contains" ]; then
			while IFS= read -r line || [ -n "$line" ]; do
				[ -z "$line" ] && continue
				if ! grep -qF -- "$line" "$got"; then
					ok=0; why="$why; $stream lacks: $line"
				fi
			done < "$exp$stream.contains"
		fi
	done
	why=${why#; }
	if [ $ok = 1 ]; then
		echo ok > "$d.result"
		[ "${KEEP:-}" = 1 ] || rm -rf "$d"
	else
		{ echo fail; echo "$why"; } > "$d.result"
	fi
}

cases=() names=()
for case in "$ROOT"/tests/cli/*/*; do
	name=${case#"$ROOT/tests/cli/"}
	if [ -d "$case" ]; then
		[ -f "$case/cmd" ] || { echo "cli: $name: a folder case needs a cmd file" >&2; exit 2; }
	else
		[[ $case == *.sh ]] || continue
	fi
	[ -n "${1:-}" ] && [[ $name != *$1* ]] && continue
	cases+=("$case") names+=("$name")
done

running=0
for i in "${!cases[@]}"; do
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_case "$i" "${cases[$i]}" &
	running=$((running + 1))
done
wait

pass=0 fail=0 failed_names=()
for i in "${!cases[@]}"; do
	d="$WORK/$i"
	if [ "$(head -n 1 "$d.result" 2>/dev/null)" = ok ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed_names+=("${names[$i]}")
		echo "FAIL ${names[$i]}: $(tail -n +2 "$d.result" 2>/dev/null || echo "no result")"
		echo "--- stdout"; head -30 "$d/out"; echo "--- stderr"; head -30 "$d/err"; echo "---"
	fi
done
if [ "${SLOWEST:-0}" -gt 0 ]; then
	for i in "${!cases[@]}"; do echo "$(cat "$WORK/$i.time") ${names[$i]}"; done |
		sort -rn | head -n "$SLOWEST" | sed 's/^/slowest: /'
fi
[ $fail -gt 0 ] && printf 'failed: %s\n' "${failed_names[@]}"
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
