#!/bin/sh
# The layer check (scripts/layers.sh) on a copy of src/: it passes on the
# tree as it is and fails, naming the file, line and rule, on each kind of
# wrong include planted into the copy.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAYERS=$ROOT/scripts/layers.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-layers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0

fresh() {
	rm -rf "$WORK/src"
	cp -R "$ROOT/src" "$WORK/src"
}

# expect CODE NAME LINE...: run the check on the copy; every LINE must occur
# in its output.
expect() {
	want=$1 name=$2
	shift 2
	"$LAYERS" "$WORK/src" > "$WORK/out" 2>&1
	got=$?
	ok=1
	[ "$got" -eq "$want" ] || { echo "layers: $name: exit $got, want $want"; ok=0; }
	for line in "$@"; do
		grep -qxF "$line" "$WORK/out" || { echo "layers: $name: no line '$line'"; ok=0; }
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		sed 's/^/  | /' "$WORK/out"
		fail=$((fail + 1))
	fi
}

# append TEXT to FILE in the copy and print FILE's last line number
plant() {
	printf '%s\n' "$2" >> "$WORK/src/$1"
	wc -l < "$WORK/src/$1" | tr -d ' '
}

fresh
expect 0 "unmodified tree"

# planted NAME FILE TEXT MESSAGE: on a fresh copy, TEXT appended to FILE
# must fail the check with "FILE:LINE: MESSAGE".
planted() {
	fresh
	n=$(plant "$2" "$3")
	expect 1 "$1" "$WORK/src/$2:$n: $4"
}

planted "upward include" data/csv.c '#include "model/predictions.h"' \
	"'data' may not include 'model/predictions.h' (rank 3 -> 4)"
planted "bottom to top" common/util.c '#include "cli/commands.h"' \
	"'common' may not include 'cli/commands.h' (rank 0 -> 6)"
planted "same-rank sibling" report/report_text.c '#include "data/csv.h"' \
	"'report' may not include 'data/csv.h' (sibling of the same rank 3)"
planted "include without a folder" cli/main.c '#include "util.h"' \
	'include "util.h" names no folder (write "FOLDER/util.h")'

fresh
n=$(plant core/gate.h '#include <yaml.h>')
m=$(plant model/latency.c '#  include <curl/curl.h>')
expect 1 "third-party header outside its module" \
	"$WORK/src/core/gate.h:$n: <yaml.h> may be included only by ext/yamltree.c" \
	"$WORK/src/model/latency.c:$m: <curl/curl.h> may be included only by ext/http.c"

fresh
mkdir "$WORK/src/extra"
expect 1 "folder without a rank" "$WORK/src/extra: folder has no rank in scripts/layers.sh"

# a header naming another folder's function
fresh
n=$(plant data/csv.h 'int pm_compute_all(void);')
printf 'int pm_compute_all(void)\n{\n\treturn 0;\n}\n' >> "$WORK/src/model/clfmetrics.c"
expect 1 "header declaring a higher folder's function" \
	"$WORK/src/data/csv.h:$n: declares 'pm_compute_all', defined in model/clfmetrics.c (rank 3 -> 4): a header declares only its own folder's functions"

# downward and same-folder includes are fine
fresh
plant cli/main.c '#include "registry/promote.h"' > /dev/null
plant data/csv.c '#include "data/drift.h"' > /dev/null
expect 0 "downward include"

# the allowlist: an entry excuses its include; a stale entry is an error
fresh
n=$(plant data/csv.c '#include "model/predictions.h"')
{ cat "$ROOT/scripts/layers.allow"
  printf '%s\n' 'data/csv.c -> model/predictions.h  # for the test'; } > "$WORK/allow"
LAYERS_ALLOW=$WORK/allow expect 0 "allowlisted include"
fresh
LAYERS_ALLOW=$WORK/allow expect 1 "stale allowlist entry" \
	"$WORK/allow: \"data/csv.c -> model/predictions.h\" matches nothing any more: remove it"

echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
