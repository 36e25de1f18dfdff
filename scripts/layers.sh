#!/bin/sh
# layers: fail when an #include in src/ points up a layer or across to a
# sibling folder of the same rank, or when a third-party header is included
# outside the one module that adapts its library.
#
# The ranks live here and nowhere else: the Makefile reads the folder list
# from `scripts/layers.sh --list`, doc/architecture.md describes them.  A
# file may include headers of its own folder and of lower ranks only.
#
# Usage: scripts/layers.sh [--list] [SRCDIR]   (SRCDIR defaults to src)
# Temporary exceptions: scripts/layers.allow (or $LAYERS_ALLOW), one
# `FILE -> HEADER` a line (paths relative to SRCDIR), each with a `#` comment
# saying why.  An entry that no longer matches an include is an error, so the
# list only shrinks.
set -u

RANKS='common:0 ext:1 core:2 data:3 report:3 model:4 registry:4 run:5 cli:6'
# third-party header (or header folder) : the one file that may include it
THIRD_PARTY='yaml.h:ext/yamltree.c cjson/:ext/jsondoc.c curl/:ext/http.c zlib.h:ext/gz.c'

if [ "${1:-}" = --list ]; then
	for r in $RANKS; do printf '%s\n' "${r%%:*}"; done
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
src=${1:-src}
allow=${LAYERS_ALLOW:-$here/layers.allow}
[ -d "$src" ] || { echo "layers: no folder '$src'" >&2; exit 2; }
[ -f "$allow" ] || allow=/dev/null

# Every include line of every source file, as FILE<TAB>LINE<TAB>TEXT with
# FILE relative to SRCDIR.
list=$(cd "$src" && for f in */*.c */*.h; do
	[ -f "$f" ] || continue
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" /dev/null
done)

printf '%s\n' "$list" | awk -v ranks="$RANKS" -v third="$THIRD_PARTY" \
	-v src="$src" -v allowfile="$allow" -v folders="$(cd "$src" && ls -d */ 2>/dev/null)" '
BEGIN {
	n = split(ranks, r, " ")
	for (i = 1; i <= n; i++) {
		split(r[i], kv, ":")
		rank[kv[1]] = kv[2] + 0
	}
	n = split(third, t, " ")
	for (i = 1; i <= n; i++) {
		split(t[i], kv, ":")
		tp[i] = kv[1]
		tpfile[i] = kv[2]
	}
	ntp = n
	bad = 0
	n = split(folders, fl, /[[:space:]]+/)
	for (i = 1; i <= n; i++) {
		f = fl[i]
		sub(/\/$/, "", f)
		if (f != "" && !(f in rank)) {
			printf "%s/%s: folder has no rank in scripts/layers.sh\n", src, f
			bad = 1
		}
	}
	while ((getline line < allowfile) > 0) {
		sub(/#.*/, "", line)
		gsub(/[[:space:]]+/, " ", line)
		sub(/^ /, "", line)
		sub(/ $/, "", line)
		if (line == "")
			continue
		if (line !~ /^[^ ]+ -> [^ ]+$/) {
			printf "%s: malformed entry \"%s\" (want FILE -> HEADER)\n", allowfile, line
			bad = 1
			continue
		}
		split(line, a, " -> ")
		allowed[a[1] " -> " a[2]] = 0
	}
}
function fail(file, lineno, msg, target) {
	if ((file " -> " target) in allowed) {
		allowed[file " -> " target] = 1
		return
	}
	printf "%s/%s:%s: %s\n", src, file, lineno, msg
	bad = 1
}
{
	# FILE:LINE:TEXT
	file = $0
	sub(/:.*/, "", file)
	rest = substr($0, length(file) + 2)
	lineno = rest
	sub(/:.*/, "", lineno)
	text = substr(rest, length(lineno) + 2)
	folder = file
	sub(/\/.*/, "", folder)
	if (!(folder in rank))
		next # reported above
	if (match(text, /"[^"]*"/)) {
		target = substr(text, RSTART + 1, RLENGTH - 2)
		if (target !~ /^[^\/]+\/[^\/]+$/) {
			fail(file, lineno, sprintf("include \"%s\" names no folder (write \"FOLDER/%s\")", target, target), target)
			next
		}
		tf = target
		sub(/\/.*/, "", tf)
		if (!(tf in rank)) {
			fail(file, lineno, sprintf("include \"%s\": folder '\''%s'\'' has no rank", target, tf), target)
			next
		}
		if (tf == folder)
			next
		if (rank[tf] > rank[folder])
			fail(file, lineno, sprintf("'\''%s'\'' may not include '\''%s'\'' (rank %d -> %d)", folder, target, rank[folder], rank[tf]), target)
		else if (rank[tf] == rank[folder])
			fail(file, lineno, sprintf("'\''%s'\'' may not include '\''%s'\'' (sibling of the same rank %d)", folder, target, rank[folder]), target)
		next
	}
	if (match(text, /<[^>]*>/)) {
		target = substr(text, RSTART + 1, RLENGTH - 2)
		for (i = 1; i <= ntp; i++) {
			p = tp[i]
			if (target == p || (p ~ /\/$/ && index(target, p) == 1)) {
				if (file != tpfile[i])
					fail(file, lineno, sprintf("<%s> may be included only by %s", target, tpfile[i]), target)
				break
			}
		}
	}
}
END {
	for (k in allowed)
		if (!allowed[k]) {
			printf "%s: \"%s\" matches no include any more: remove it\n", allowfile, k
			bad = 1
		}
	exit bad
}'
