# Sourced by bench/run.sh and bench/parquet.sh: bring DuckDB and Polars
# from npm (../shared/bench's package.json and lock file, exact pins) into
# $NM (bench/out/node).  They are never part of mlgate.
# bench_node_install NM SHARED: 0 when both are there, else 1 with a reason
# on stderr.
bench_node_install() {
	local nm=$1 shared=$2
	if ! command -v "${NODE:-node}" > /dev/null || ! command -v "${NPM:-npm}" > /dev/null; then
		echo "bench: node and npm are needed for DuckDB and Polars (apt-get install nodejs npm)" >&2
		return 1
	fi
	[ -f "$shared/package.json" ] ||
		{ echo "bench: $shared/package.json is missing: no DuckDB/Polars anchors" >&2; return 1; }
	mkdir -p "$nm"
	if [ ! -d "$nm/node_modules/@duckdb/node-api" ] || [ ! -d "$nm/node_modules/nodejs-polars" ]; then
		cp "$shared/package.json" "$shared/package-lock.json" "$nm/"
		(cd "$nm" && "${NPM:-npm}" ci --no-audit --no-fund > npm.log 2>&1) ||
			{ echo "bench: npm ci failed:" >&2; tail "$nm/npm.log" >&2; return 1; }
	fi
	return 0
}
