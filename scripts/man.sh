#!/bin/sh
# man.sh MLGATE PAGE: print the man page PAGE with its generated parts made
# anew.  A generated part is the lines between
#   .\" generated: NAME ...
#   .\" end generated: NAME
# and is what `MLGATE help --man NAME` prints (synopsis, options), built
# from the command tables in src/cli/cmd_*.c; every other line of PAGE is
# hand-written and copied as it is.  `make man` rewrites doc/mlgate.1 with
# this; tests/cli/misc/man_current.sh fails when the committed page differs.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 MLGATE PAGE" >&2; exit 2; }
bin=$1 page=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for part in $(sed -n 's/^\.\\" generated: \([a-z]*\).*/\1/p' "$page"); do
	"$bin" help --man "$part" > "$tmp/$part"
done
awk -v dir="$tmp" '
	/^\.\\" end generated: / {
		if (!skip) { print "man.sh: an end without a start at line " NR > "/dev/stderr"; exit 1 }
		skip = 0
	}
	!skip { print }
	/^\.\\" generated: / {
		if (skip) { print "man.sh: a start inside a generated part at line " NR > "/dev/stderr"; exit 1 }
		f = dir "/" $3
		while ((getline line < f) > 0)
			print line
		close(f)
		skip = 1
	}
	END { if (skip) { print "man.sh: a generated part without an end" > "/dev/stderr"; exit 1 } }
' "$page"
