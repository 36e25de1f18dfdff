#!/usr/bin/env bash
# The generated fixtures too slow to make inside each case, made once into
# DIR (a case finds them in $PREBUILT; copy one before changing it).  A file
# already in DIR is kept, so `make check` builds them once per build dir:
# a changed recipe needs a new NAME.
# Usage: tests/cli/prebuild.sh DIR
set -u
dir=${1:?usage: prebuild.sh DIR}
mkdir -p "$dir" || exit

# fixture NAME CMD...: NAME from CMD's stdout, unless it is there already
fixture() {
	local name=$1
	shift
	[ -s "$dir/$name" ] && return 0
	if ! "$@" > "$dir/$name.tmp.$$" || ! mv "$dir/$name.tmp.$$" "$dir/$name"; then
		rm -f "$dir/$name.tmp.$$"
		return 1
	fi
}

# 1 GB of zeros in 4 MB of gzip (hostile/csv_gzip_of_zeros): 9 s to make
zeros_1g_gz() { head -c 1000000000 /dev/zero | gzip -1; }
fixture zeros-1g.csv.gz zeros_1g_gz
