// Parquet files written by another writer, DuckDB, with DuckDB's own reading
// of each as CSV beside it: tests/cli/parquet/duckdb_agrees.sh checks that
// mlgate reads them as DuckDB does.  Output (committed) in
// tests/fixtures/parquet/duckdb/.  Needs DuckDB's Node API, installed
// outside the repository, and is run from there with the repository's path:
//
//   d=$(mktemp -d) && cp tests/gen/gen_duckdb_parquet.mjs "$d" &&
//   (cd "$d" && npm install @duckdb/node-api@1.5.6-r.1 &&
//    node gen_duckdb_parquet.mjs "$OLDPWD")
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'x'));
const { DuckDBInstance } = require('@duckdb/node-api');
const root = path.resolve(process.argv[2]);
const out = path.join(root, 'tests', 'fixtures', 'parquet', 'duckdb');
const ref = path.join(root, 'examples', 'churn-data', 'data', 'reference.csv');

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE churn AS SELECT * FROM read_csv_auto('${ref}')`);
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4', 'brotli']) {
  await c.run(`COPY churn TO '${out}/churn_${codec}.parquet' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 200)`);
}
await c.run(`COPY churn TO '${out}/churn_v2.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)`);
// DuckDB's reading of one of them (they all read alike; it equals reference.csv)
await c.run(`COPY (SELECT * FROM read_parquet('${out}/churn_zstd.parquet')) TO '${out}/churn.expect.csv' (HEADER, DELIMITER ',')`);
await c.run(`CREATE TABLE t AS SELECT
  i::INTEGER AS i32, (i * 1000003)::BIGINT AS i64, (i % 7)::TINYINT AS i8, (i * 3)::UBIGINT AS u64,
  (i / 8.0)::DOUBLE AS dbl, (i / 4.0)::FLOAT AS flt, (i * 1.25)::DECIMAL(10,2) AS dec,
  (i * 123456789.123)::DECIMAL(30,3) AS bigdec,
  DATE '2020-01-01' + i::INTEGER AS d, TIMESTAMP '2021-03-04 05:06:07' + INTERVAL (i) MINUTE AS ts,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'v' || (i % 13)::VARCHAR END AS s,
  {'x': i, 'y': 'n' || i::VARCHAR} AS st
  FROM range(0, 600) r(i)`);
await c.run(`COPY t TO '${out}/types.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 200)`);
await c.run(`COPY (SELECT i32, i64, i8, u64, dbl, flt, dec, bigdec, d, ts, s, st.x AS "st.x", st.y AS "st.y"
  FROM read_parquet('${out}/types.parquet')) TO '${out}/types.expect.csv' (HEADER, DELIMITER ',')`);
// Several row groups (DuckDB rounds ROW_GROUP_SIZE to its 2048-row
// vectors: 10,000 rows make 5 groups), for the reader's row-group split.
await c.run(`COPY (SELECT i::INTEGER AS i, ((i * 7919) % 1000) / 10.0 AS x,
  CASE WHEN i % 17 = 0 THEN NULL ELSE 'c' || (i % 13)::VARCHAR END AS s,
  CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 5)::DOUBLE END AS n
  FROM range(0, 10000) r(i)) TO '${out}/groups.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
await c.run(`COPY (SELECT * FROM read_parquet('${out}/groups.parquet')) TO '${out}/groups.expect.csv' (HEADER, DELIMITER ',')`);
