#!/bin/sh
# modules.sh [SRCDIR]: the table of modules doc/architecture.md shows, one
# row per module (a .h, or a .c without one), layer by layer in the order
# of scripts/layers.sh, with the first sentence of the comment that opens
# the module's header.  `make architecture` splices it into the doc between
#   <!-- generated: modules -->  and  <!-- end generated: modules -->
# and tests/cli/misc/architecture_current fails when the committed doc
# differs, so a new module cannot go unnamed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-src}
first_sentence() {
	awk '
		NR == 1 && !/^\/\*/ { exit }
		{ line = $0; done = sub(/\*\/.*/, "", line)
		  sub(/^\/\* ?/, "", line); sub(/^ \* ?/, "", line)
		  text = text " " line
		  if (done) exit }
		END {
			gsub(/[ \t]+/, " ", text); sub(/^ /, "", text)
			if (match(text, /\.( |$)/)) text = substr(text, 1, RSTART)
			sub(/^[a-z_0-9]+: /, "", text)
			gsub(/\|/, "\\|", text)
			print text
		}' "$1"
}
for layer in $("$here/layers.sh" --list); do
	[ -d "$src/$layer" ] || continue
	printf '\n### `%s/` (rank %s)\n\n| module | what it is |\n| --- | --- |\n' "$layer" \
		"$(sed -n "s/^RANKS='.*$layer:\([0-9]\).*/\1/p" "$here/layers.sh")"
	for f in "$src/$layer"/*.h "$src/$layer"/*.c; do
		[ -f "$f" ] || continue
		base=${f##*/}; name=${base%.*}
		case $base in *.c) [ -f "$src/$layer/$name.h" ] && continue ;; esac
		printf '| `%s` | %s |\n' "$layer/$name" "$(first_sentence "$f")"
	done
done
