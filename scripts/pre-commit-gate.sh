#!/bin/sh
# pre-commit's `mlgate` hook (language: script): gate the policies that
# govern the staged files.  pre-commit passes the staged files that match
# the hook's `files`; each selects the nearest mlgate.yml or .mlgate.yml in
# its directory or above it (up to the repository root), a staged policy
# selects itself, and each selected policy is checked once.  A staged file
# no policy governs is not gated.  The exit code is the highest of the
# checks (1 when a gate fails).
top=$(git rev-parse --show-toplevel 2>/dev/null) || top=$PWD
cd "$top" || exit 2
if ! command -v mlgate >/dev/null 2>&1; then
	echo "mlgate hook: mlgate is not on PATH; install it (make && sudo make install)" >&2
	exit 2
fi
nl='
'
policies=
for f in "$@"; do
	case "$f" in
	mlgate.y*ml | .mlgate.y*ml | */mlgate.y*ml | */.mlgate.y*ml) p=$f ;;
	*)
		p= d=$(dirname -- "$f")
		while :; do
			for name in mlgate.yml .mlgate.yml; do
				if [ "$d" = . ]; then c=$name; else c=$d/$name; fi
				if [ -f "$c" ]; then p=$c; break 2; fi
			done
			[ "$d" = . ] && break
			d=$(dirname -- "$d")
		done
		;;
	esac
	[ -n "$p" ] || continue
	case "$nl$policies" in *"$nl$p$nl"*) ;; *) policies=$policies$p$nl ;; esac
done
code=0
# newline-separated; policy paths with a newline are not supported here
IFS=$nl
for p in $policies; do
	mlgate check -p "$p"
	c=$?
	[ $c -gt $code ] && code=$c
done
exit $code
