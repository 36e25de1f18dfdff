#!/bin/sh
# layers: fail when an #include in src/ points up a layer or across to a
# sibling folder of the same rank, or when a third-party header is included
# outside the one module that adapts its library.
#
# The ranks live here and nowhere else: the Makefile reads the folder list
# from `scripts/layers.sh --list`, doc/architecture.md describes them.  A
# file may include headers of its own folder and of lower ranks only.
#
# A header declares only functions its own folder defines: otherwise every
# file that includes it depends, unseen, on the folder that does.
#
# Usage: scripts/layers.sh [--list] [SRCDIR]   (SRCDIR defaults to src)
# Temporary exceptions: scripts/layers.allow (or $LAYERS_ALLOW), one
# `FILE -> HEADER` (an include) or `HEADER -> FILE` (a header declaring what
# FILE defines) a line, paths relative to SRCDIR, each with a `#` comment
# saying why.  An entry that no longer matches anything is an error, so the
# list only shrinks.
set -u

RANKS='common:0 ext:1 core:2 data:3 report:3 model:4 registry:4 run:5 cli:6'
# third-party header (or header folder) : the one file that may include it
THIRD_PARTY='yaml.h:ext/yamltree.c cjson/:ext/jsondoc.c curl/:ext/http.c zlib.h:ext/gz.c
	snappy-c.h:ext/snappy.c zstd.h:ext/zstd.c zstd_errors.h:ext/zstd.c lz4.h:ext/lz4.c lz4frame.h:ext/lz4.c brotli/:ext/brotli.c'

if [ "${1:-}" = --list ]; then
	for r in $RANKS; do printf '%s\n' "${r%%:*}"; done
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
src=${1:-src}
allow=${LAYERS_ALLOW:-$here/layers.allow}
[ -d "$src" ] || { echo "layers: no folder '$src'" >&2; exit 2; }
[ -f "$allow" ] || allow=/dev/null
case $allow in /*) ;; *) allow=$(pwd)/$allow ;; esac

cd "$src" || exit 2
set -- */*.c */*.h
[ -f "$1" ] || set --

awk -v ranks="$RANKS" -v third="$THIRD_PARTY" -v src="$src" \
	-v allowfile="$allow" -v folders="$(ls -d */ 2>/dev/null)" '
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
		allowed[line] = 0
	}
	q = "\047"
}
function fail(file, lineno, msg, target) {
	if ((file " -> " target) in allowed) {
		allowed[file " -> " target] = 1
		return
	}
	printf "%s/%s:%s: %s\n", src, file, lineno, msg
	bad = 1
}
function folder_of(path, f) {
	f = path
	sub(/\/.*/, "", f)
	return f
}
FNR == 1 {
	folder = folder_of(FILENAME)
	incomment = 0
}
!(folder in rank) { next } # reported above
# Block comments that open at the start of a line (the only kind whose lines
# could pass for code below).
/^\/\*/ { incomment = 1 }
incomment { if (index($0, "*/")) incomment = 0; next }
/^[[:space:]]*#[[:space:]]*include/ {
	if (match($0, /"[^"]*"/)) {
		target = substr($0, RSTART + 1, RLENGTH - 2)
		if (target !~ /^[^\/]+\/[^\/]+$/) {
			fail(FILENAME, FNR, sprintf("include \"%s\" names no folder (write \"FOLDER/%s\")", target, target), target)
			next
		}
		tf = folder_of(target)
		if (!(tf in rank))
			fail(FILENAME, FNR, sprintf("include \"%s\": folder %s%s%s has no rank", target, q, tf, q), target)
		else if (tf != folder && rank[tf] > rank[folder])
			fail(FILENAME, FNR, sprintf("%s%s%s may not include %s%s%s (rank %d -> %d)", q, folder, q, q, target, q, rank[folder], rank[tf]), target)
		else if (tf != folder && rank[tf] == rank[folder])
			fail(FILENAME, FNR, sprintf("%s%s%s may not include %s%s%s (sibling of the same rank %d)", q, folder, q, q, target, q, rank[folder]), target)
	} else if (match($0, /<[^>]*>/)) {
		target = substr($0, RSTART + 1, RLENGTH - 2)
		for (i = 1; i <= ntp; i++) {
			p = tp[i]
			if (target == p || (p ~ /\/$/ && index(target, p) == 1)) {
				if (FILENAME != tpfile[i])
					fail(FILENAME, FNR, sprintf("<%s> may be included only by %s", target, tpfile[i]), target)
				break
			}
		}
	}
	next
}
# A function defined in a .c file (at the start of a line, not static) and
# one declared in a header: a header declares only what its own folder
# defines, or whoever includes it depends on that folder unseen.
FILENAME ~ /\.c$/ && /^[A-Za-z_]/ && !/^(static|typedef|extern|enum|union)[^A-Za-z_0-9]/ &&
    !/;[[:space:]]*$/ && !/^struct [A-Za-z_0-9]+[[:space:]]*\{/ &&
    match($0, /[A-Za-z_][A-Za-z_0-9]*\(/) {
	defined[substr($0, RSTART, RLENGTH - 1)] = FILENAME
	next
}
FILENAME ~ /\.h$/ && /^[A-Za-z_]/ && !/^typedef[^A-Za-z_0-9]/ &&
    match($0, /[A-Za-z_][A-Za-z_0-9]*\(/) {
	nd++
	dname[nd] = substr($0, RSTART, RLENGTH - 1)
	dfile[nd] = FILENAME
	dline[nd] = FNR
}
END {
	for (i = 1; i <= nd; i++) {
		if (!(dname[i] in defined))
			continue
		d = defined[dname[i]]
		hf = folder_of(dfile[i])
		df = folder_of(d)
		key = dfile[i] " -> " d
		if (df == hf || (key in seen))
			continue
		seen[key] = 1
		fail(dfile[i], dline[i], sprintf("declares %s%s%s, defined in %s (rank %d -> %d): a header declares only its own folder%ss functions", q, dname[i], q, d, rank[hf], rank[df], q), d)
	}
	for (k in allowed)
		if (!allowed[k]) {
			printf "%s: \"%s\" matches nothing any more: remove it\n", allowfile, k
			bad = 1
		}
	exit bad
}' "$@"
