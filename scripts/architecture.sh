#!/bin/sh
# architecture.sh DOC: print DOC (doc/architecture.md) with the part between
# `<!-- generated: modules -->` and `<!-- end generated: modules -->` made
# anew by scripts/modules.sh.  `make architecture` rewrites the doc with it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: $0 DOC" >&2; exit 2; }
tmp=$(mktemp "${TMPDIR:-/tmp}/mlgate-arch.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$here/modules.sh" "$here/../src" > "$tmp"
awk -v f="$tmp" '
	/^<!-- end generated: modules -->/ { skip = 0 }
	!skip { print }
	/^<!-- generated: modules -->/ { while ((getline l < f) > 0) print l; print ""; skip = 1 }
' "$1"
