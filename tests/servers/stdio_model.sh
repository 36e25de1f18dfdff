#!/bin/sh
# A persistent model server over stdin/stdout for mlgate's serve probes:
# it prints READY, then answers each request line with one response line.
#   a line containing "slow"   -> sleeps 0.2 s, then {"prediction": 1}
#   a line containing "wrong"  -> {"prediction": 0}
#   a line containing "quit"   -> exits with status 3 without answering
#   a line containing "echo"   -> the line itself
#   anything else              -> {"prediction": 1}
# Options:
#   --startup S       sleep S seconds before READY (a slow start)
#   --log N           print N log lines before READY (not responses)
#   --never-ready     never print READY (read and answer nothing)
#   --ignore-term     ignore SIGTERM (the stop must use SIGKILL)
#   --child PIDFILE   start a child in the group that ignores SIGTERM and
#                     write its pid to PIDFILE (it must not outlive the stop)
#   --count FILE      append one line per request received
#   --pid FILE        write the server's own pid to FILE
#   --env FILE        write the server's environment to FILE
startup=0 log=0 ready=1 count=
while [ $# -gt 0 ]; do
	case "$1" in
	--startup) startup=$2; shift ;;
	--log) log=$2; shift ;;
	--never-ready) ready=0 ;;
	--ignore-term) trap '' TERM ;;
	--child) (trap '' TERM; exec sleep 60) > /dev/null & echo $! > "$2"; shift ;;
	--count) count=$2; shift ;;
	--pid) echo $$ > "$2"; shift ;;
	--env) env > "$2"; shift ;;
	*) echo "stdio_model.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$startup" = 0 ] || sleep "$startup"
i=0
while [ $i -lt "$log" ]; do echo "loading part $i"; i=$((i + 1)); done
if [ $ready = 0 ]; then
	sleep 60
	exit 0
fi
echo READY
while IFS= read -r line; do
	[ -z "$count" ] || echo "$line" >> "$count"
	case "$line" in
	*quit*) exit 3 ;;
	*echo*) echo "$line" ;;
	*slow*) sleep 0.2; echo '{"prediction": 1}' ;;
	*wrong*) echo '{"prediction": 0}' ;;
	*) echo '{"prediction": 1}' ;;
	esac
done
