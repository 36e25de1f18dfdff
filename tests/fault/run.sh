#!/usr/bin/env bash
# I/O fault injection: runs mlgate with tests/fault/failio.c preloaded so that
# reads, writes, fsync, close, rename and opens fail, and on a full device.
# Every case must end with a non-zero exit and an error message, never with a
# pass, and never with a report file that is truncated or half-written under
# its final name (or a temporary file left beside it).
# Env: MLGATE_BIN, FAILIO (the built shim), FAILMEM (the shim that also fails
# allocations), JOBS (parallel runs in the sweep of every call; default: the
# CPUs).  Usage: tests/fault/run.sh
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
SHIM=${FAILIO:-$ROOT/build/failio.so}
MEMSHIM=${FAILMEM:-$ROOT/build/failmem.so}
[ -x "$BIN" ] && [ -f "$SHIM" ] || { echo "fault: build mlgate and failio.so first" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-fault.XXXXXX")
trap 'umount "$WORK/full" 2>/dev/null; rm -rf "$WORK"' EXIT
# an ASan build refuses to start when another library is preloaded first
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export LC_ALL=C NO_COLOR=1
unset FAILIO_CALLS FAILIO_NTH FAILIO_PATH FAILIO_ERRNO FAILIO_STICKY FAILIO_STDOUT FAILIO_COUNT

# each run works in $W with its output in $OUT and $ERR
W="$WORK/w" OUT="$WORK/out" ERR="$WORK/err"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fault: $*"; [ -f "$ERR" ] && sed 's/^/  stderr: /' "$ERR" | head -5; }

setup() {
	rm -rf "$W"
	mkdir -p "$W"
	cp -r "$ROOT/examples/churn/." "$W/"
}

# run ENV... -- ARGS...: mlgate in $W under the shim
run() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	(cd "$W" && env "${envs[@]}" LD_PRELOAD="$SHIM" "$BIN" "$@" > "$OUT" 2> "$ERR" < /dev/null)
	code=$?
}

json_status() { # prints the report's status, or "invalid"
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$1" 2>/dev/null || echo invalid
}

leftovers() { ls "$W" | grep -E '\.tmp\.' ; }

# The run without faults, for reference: exit 0 (one warning), report "pass".
setup
run -- check -p policy.yml --report json:out.json
if [ "$code" = 0 ] && [ "$(json_status "$W/out.json")" = pass ]; then ok; else bad "reference run: exit $code"; fi

# 1. Each way of losing the report file: exit non-zero, message, no file.
for spec in "write:EIO" "write:ENOSPC" "fsync:EIO" "close:EIO" "rename:EACCES" "open:EACCES" "write:EDQUOT"; do
	call=${spec%%:*} errno=${spec#*:}
	setup
	pat='*out.json*'
	run FAILIO_CALLS="$call" FAILIO_PATH="$pat" FAILIO_ERRNO="$errno" -- check -p policy.yml --report json:out.json
	what="$call fails with $errno on the report"
	if [ "$code" = 0 ]; then bad "$what: exit 0"; continue; fi
	if [ -e "$W/out.json" ]; then bad "$what: out.json left behind"; continue; fi
	if [ -n "$(leftovers)" ]; then bad "$what: temporary file left: $(leftovers)"; continue; fi
	grep -q "^mlgate: out.json: " "$ERR" || { bad "$what: no message naming out.json"; continue; }
	ok
done

# 2. A report file that already exists keeps its old contents when the new
#    one cannot be written (never a truncated mix).
setup
echo '{"old": true}' > "$W/out.json"
run FAILIO_CALLS=write FAILIO_PATH='*out.json*' FAILIO_ERRNO=ENOSPC -- check -p policy.yml --report json:out.json
if [ "$code" != 0 ] && [ "$(cat "$W/out.json")" = '{"old": true}' ] && [ -z "$(leftovers)" ]; then ok; else bad "existing report overwritten by a failed write (exit $code)"; fi

# 3. Inputs that cannot be read: never a pass.
for f in policy.yml reports/metrics.json reports/prod-metrics.json; do
	for call in read open; do
		setup
		run FAILIO_CALLS=$call FAILIO_PATH="*$f" -- check -p policy.yml --report json:out.json
		what="$call fails on $f"
		if [ "$code" = 0 ] || [ "$code" = 1 ]; then bad "$what: exit $code"; continue; fi
		grep -q "$f" "$ERR" || { bad "$what: message does not name $f"; continue; }
		if [ -e "$W/out.json" ] && [ "$(json_status "$W/out.json")" != error ]; then
			bad "$what: report says $(json_status "$W/out.json")"; continue
		fi
		ok
	done
done

# 4. Standard output that cannot be written: /dev/full, and write(1) failing.
setup
for args in "check -p policy.yml" "check -p policy.yml --report json" "lint policy.yml" "--version" "--help" "help check"; do
	# shellcheck disable=SC2086
	(cd "$W" && "$BIN" $args > /dev/full 2> "$ERR" < /dev/null)
	code=$?
	if [ "$code" = 0 ] || ! grep -q "error writing\|write error\|No space" "$ERR"; then bad "mlgate $args > /dev/full: exit $code"; else ok; fi
done
# a closed standard output (>&-): the same
for args in "check -p policy.yml" "lint policy.yml" "--version"; do
	# shellcheck disable=SC2086
	(cd "$W" && "$BIN" $args >&- 2> "$ERR" < /dev/null)
	code=$?
	if [ "$code" = 0 ] || ! grep -q "error writing\|write error" "$ERR"; then bad "mlgate $args >&-: exit $code"; else ok; fi
done
# check writes its report with write(2) itself: a failing write(1) (the shim
# cannot reach stdio's internal writes; /dev/full above covers those)
for args in "check -p policy.yml" "check -p policy.yml --report json"; do
	# shellcheck disable=SC2086
	run FAILIO_STDOUT=1 -- $args
	if [ "$code" = 0 ]; then bad "mlgate $args with write(1) failing: exit 0"; else ok; fi
done

# 5. The other commands that write files (-o): profile, drift, metrics,
#    init -- a failed write leaves no output file; a data file that cannot
#    be read is an input error, never a partial profile.
mkdata() { # $1 = rows
	{ echo 'id,score,label,pred'; seq 1 "$1" | awk '{ printf "%d,%.3f,%d,%d\n", $1, ($1 % 97) / 97, $1 % 2, ($1 % 3) % 2 }'; } > "$W/d.csv"
}
setup; mkdata 200
cp "$W/d.csv" "$W/ref.csv"
for cmd in "profile d.csv -o out.json" "drift ref.csv d.csv --format json -o out.json" \
	   "metrics d.csv --label label --prediction pred -o out.json"; do
	for spec in write:ENOSPC rename:EACCES fsync:EIO; do
		call=${spec%%:*} errno=${spec#*:}
		rm -f "$W/out.json"
		# shellcheck disable=SC2086
		run FAILIO_CALLS=$call FAILIO_PATH='*out.json*' FAILIO_ERRNO=$errno -- $cmd
		what="mlgate $cmd, $call fails"
		if [ "$code" = 0 ] || [ -e "$W/out.json" ] || [ -n "$(leftovers)" ]; then bad "$what: exit $code, files: $(ls "$W" | tr '\n' ' ')"; else ok; fi
	done
	# shellcheck disable=SC2086
	run FAILIO_CALLS=read FAILIO_PATH='*d.csv' -- $cmd
	if [ "$code" != 3 ] || [ -e "$W/out.json" ]; then bad "mlgate $cmd, reading d.csv fails: exit $code"; else ok; fi
done
# a file large enough to be read on two threads (pread), failing mid-way
setup; mkdata 700000
run FAILIO_CALLS=read FAILIO_PATH='*d.csv' FAILIO_NTH=5 -- profile d.csv -o out.json
if [ "$code" != 3 ] || [ -e "$W/out.json" ]; then bad "profile of a large file, 5th read fails: exit $code"; else ok; fi

# 6. Every single call failing in turn (the Nth read/write/open/close/...):
#    exit 0 only with the complete report, otherwise no pass and no
#    truncated report under its final name.
setup
run FAILIO_NTH=1000000 FAILIO_COUNT=1 -- check -p policy.yml --report json:out.json
total=$(sed -n 's/^failio: \([0-9]*\) calls$/\1/p' "$ERR")
cp "$W/out.json" "$WORK/ref.json"
norm() { sed 's/"duration_ms": *[0-9.e+-]*//' "$1"; }
# sweep_one N ERRNO: check with the Nth I/O call failing with ERRNO
sweep_one() {
	local n=$1 errno=$2 what s
	setup
	run FAILIO_NTH="$n" FAILIO_ERRNO="$errno" -- check -p policy.yml --report json:out.json
	what="call $n of $total fails with $errno"
	if [ -n "$(leftovers)" ]; then bad "$what: temporary file left"; return; fi
	if [ "$code" = 0 ]; then
		if [ ! -f "$W/out.json" ] || [ "$(norm "$W/out.json")" != "$(norm "$WORK/ref.json")" ]; then
			bad "$what: exit 0 without the complete report"; return
		fi
	else
		if [ -e "$W/out.json" ]; then
			s=$(json_status "$W/out.json")
			[ "$s" = invalid ] && { bad "$what: invalid out.json left"; return; }
			[ "$s" = pass ] && [ "$code" -lt 2 ] && { bad "$what: pass report, exit $code"; return; }
		fi
		[ -s "$ERR" ] || { bad "$what: exit $code without a message"; return; }
	fi
	ok
}
if [ -z "$total" ] || [ "$total" -lt 5 ]; then
	bad "cannot count I/O calls (got '$total')"
else
	# one run per (call, errno), JOBS at a time, each in its own copy
	running=0 runs=()
	for n in $(seq 1 "$total"); do
		for errno in EIO ENOSPC; do
			if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
			runs+=("$WORK/w.$n.$errno")
			(W="$WORK/w.$n.$errno" ERR="$WORK/w.$n.$errno.err" OUT="$WORK/w.$n.$errno.out"
			 pass=0 fail=0
			 sweep_one "$n" "$errno" > "$W.log"
			 echo "$pass $fail" > "$W.result") &
			running=$((running + 1))
		done
	done
	wait
	for r in "${runs[@]}"; do
		cat "$r.log"
		read -r p f < "$r.result" || { p=0 f=1; echo "FAIL fault: ${r##*/}: no result"; }
		pass=$((pass + p)) fail=$((fail + f))
	done
	echo "fault: swept $total I/O calls"
fi

# 7. Killed while the report is being written (SIGTERM from a CI timeout,
#    ^C): the signal is sent just before the temporary file is flushed.
#    The process dies of that signal and leaves no temporary file.
for sig in TERM:143 INT:130; do
	setup
	run FAILIO_CALLS=fsync FAILIO_PATH='*out.json*' FAILIO_NTH=1 FAILIO_SIGNAL="${sig%%:*}" -- check -p policy.yml --report json:out.json 2>/dev/null # bash reports the signal
	what="SIG${sig%%:*} during the report write"
	if [ "$code" != "${sig#*:}" ]; then bad "$what: exit $code"; continue; fi
	if [ -e "$WORK/w/out.json" ] || [ -n "$(leftovers)" ]; then bad "$what: files left: $(ls "$WORK/w" | tr '\n' ' ')"; continue; fi
	ok
done

# 8. Out of memory: exit 3 with the size, no abort, no core, no report.
#    (Sanitizer runtimes own malloc: they cannot be preloaded over.)
if ldd "$BIN" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan'; then
	echo "fault: sanitizer build: the out-of-memory case is skipped"
else
	setup
	{ printf '{"f1": 0.9, "pad": "'; head -c 3000000 /dev/zero | tr '\0' x; printf '"}\n'; } > "$WORK/w/big.json"
	printf 'version: 1\nmetrics: big.json\nmodel: [{metric: f1, min: 0.5}]\n' > "$WORK/w/big.yml"
	(cd "$WORK/w" && FAILIO_MALLOC_OVER=1000000 LD_PRELOAD="$MEMSHIM" "$BIN" check -p big.yml --report json:out.json > "$WORK/out" 2> "$WORK/err" < /dev/null)
	code=$?
	what="malloc fails over 1 MB"
	if [ "$code" != 3 ]; then bad "$what: exit $code"
	elif ! grep -Eq '^mlgate: out of memory \([0-9]+ bytes\)$' "$WORK/err"; then bad "$what: no message"
	elif [ -e "$WORK/w/out.json" ] || [ -n "$(leftovers)" ]; then bad "$what: files left"
	else ok; fi
fi

# 9. No core dumps: RLIMIT_CORE 0 and not dumpable (a core would hold the
#    registry token).  Sanitizer builds stay dumpable: LeakSanitizer
#    needs ptrace.
setup
run FAILIO_SHOW_LIMITS=1 -- lint policy.yml
want="failio: dumpable=0 core=0"
if ldd "$BIN" 2>/dev/null | grep -q 'libasan'; then want="core=0"; fi
if grep -q "$want" "$WORK/err"; then ok; else bad "limits: $(grep failio: "$WORK/err")"; fi

# 10. A full file system: a small tmpfs when this user may mount one (root
#    in CI); otherwise the ENOSPC cases above stand in for it.
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/full" && mount -t tmpfs -o size=16k tmpfs "$WORK/full" 2>/dev/null; then
	setup
	head -c 1048576 /dev/zero > "$WORK/full/filler" 2>/dev/null
	(cd "$W" && "$BIN" check -p policy.yml --report "json:$WORK/full/out.json" > "$OUT" 2> "$ERR")
	code=$?
	if [ "$code" != 0 ] && [ ! -e "$WORK/full/out.json" ] && ! ls "$WORK/full" | grep -q tmp && grep -q "No space left" "$ERR"; then ok; else bad "full tmpfs: exit $code, files: $(ls "$WORK/full")"; fi
	umount "$WORK/full"
else
	echo "fault: no tmpfs (not root or mount refused); ENOSPC is injected by the shim instead"
fi

echo "fault: $pass passed, $fail failed"
[ $fail -eq 0 ]
