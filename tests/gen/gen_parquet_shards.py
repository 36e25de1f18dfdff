#!/usr/bin/python3
"""A dataset of Parquet shards in Hive folders, and the same data as one CSV,
for tests/cli/dataset/parquet_shards.sh: two datasets (ref, cur), four
shards each, written by the writer of tests/gen/gen_parquet.py, with

  id      INT64 (PLAIN, or DELTA_BINARY_PACKED)
  amount  DECIMAL(9,2) on INT32, nulls
  big     DECIMAL(18,4) on INT64, dictionary-encoded in some shards
  score   DOUBLE, nulls
  name    strings, 2,650 distinct ones per shard (more than the
          10,000 categories kept, over the four shards), dictionary-encoded
          in one shard, PLAIN / DELTA_LENGTH_BYTE_ARRAY in two, and in one
          dictionary-encoded for two pages of each row group and PLAIN
          after (a writer's fallback when its dictionary grows), nulls
  city    a few strings, "NA" (a null token) among them, dictionary
  code    numbers as text in the first shards, words in the last one (a
          column that turns string after numbers were seen)

in folders year=2024/region=eu, year=2024/region=us%20east, year=2025/region=eu
and year=__HIVE_DEFAULT_PARTITION__/region=eu, several row groups and pages
each.  shards_ref.csv.gz / shards_cur.csv.gz hold the rows of the shards in path
order with the two keys as the last columns (decoded, the default partition
as an empty cell): the text the Parquet reader must give, computed here
with decimal and repr (not by mlgate).  Output is committed under
tests/fixtures/parquet/shards/, so `make check` needs no Python.  onegroup/
and onegroup.csv: two files of one row group whose number dictionaries
differ (a cache of one file's dictionary must not serve the next's).

    /usr/bin/python3 tests/gen/gen_parquet_shards.py
"""
import csv
import decimal
import gzip
import io
import os
import random
import sys
import types

# gen_parquet imports codecs these shards do not use
for mod in ("brotli", "lz4", "lz4.block", "numpy"):
    sys.modules.setdefault(mod, types.ModuleType(mod))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_parquet as gp  # noqa: E402

PLAIN_PAGE = gp.page_bytes


def page_bytes(col, values, codec, version, dict_index, crc, hack):
    """A column with `fallback` set keeps its dictionary for the first two
    pages of a chunk and writes the others PLAIN, as a writer does when its
    dictionary grows too big."""
    if getattr(col, "fallback", False) and dict_index is not None:
        if getattr(col, "chunk", None) is not dict_index:
            col.chunk, col.pages = dict_index, 0
        col.pages += 1
        if col.pages > 2:
            dict_index = None
    return PLAIN_PAGE(col, values, codec, version, dict_index, crc, hack)


gp.page_bytes = page_bytes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "parquet", "shards")
FOLDERS = ["year=2024/region=eu", "year=2024/region=us%20east", "year=2025/region=eu",
           "year=__HIVE_DEFAULT_PARTITION__/region=eu"]
KEYS = [("2024", "eu"), ("2024", "us east"), ("2025", "eu"), ("", "eu")]
ROWS = 2700
STRING = gp.Struct(gp.f(1, gp.STRUCT, gp.Struct()))


def decimal_logical(scale, precision):
    return gp.Struct(gp.f(5, gp.STRUCT, gp.Struct(gp.f(1, gp.I32, scale), gp.f(2, gp.I32, precision))))


def dec_text(v, scale):
    return "" if v is None else str(decimal.Decimal(v).scaleb(-scale))


def shard(rng, k, shift, last):
    n = ROWS
    ids = [k * 100000 + i for i in range(n)]
    amount = [None if rng.random() < 0.05 else rng.randint(-500000, 2000000) + shift * 100 for _ in range(n)]
    big = [rng.choice([123456789012, -5, 0, 10 ** 17, 31415926]) for _ in range(n)]
    score = [None if rng.random() < 0.03 else round(rng.gauss(50 + shift, 12), 3) for _ in range(n)]
    name = [None if rng.random() < 0.02 else "n%d_%d" % (k, i % 2650) for i in range(n)]
    city = [rng.choice(["paris", "lyon", "NA", "nice", None]) for _ in range(n)]
    code = [rng.choice(["alpha", "beta", "7"]) if last else str(rng.randint(0, 99)) for _ in range(n)]
    enc_name = ["PLAIN", "DELTA_LENGTH_BYTE_ARRAY"][k % 2]
    cols = [
        gp.Column("id", gp.KINDS["int64"], ids, enc="DELTA_BINARY_PACKED" if k % 2 else "PLAIN"),
        gp.Column("amount", gp.KINDS["int32"], amount, conv=5, scale=2, precision=9,
                  logical=decimal_logical(2, 9)),
        gp.Column("big", gp.KINDS["int64"], big, conv=5, scale=4, precision=18,
                  logical=decimal_logical(4, 18), dictionary=k % 2 == 0, required=True),
        gp.Column("score", gp.KINDS["double"], score),
        gp.Column("name", gp.KINDS["string"], [None if v is None else v.encode() for v in name],
                  enc=enc_name, dictionary=k in (0, 2), logical=STRING, conv=0),
        gp.Column("city", gp.KINDS["string"], [None if v is None else v.encode() for v in city],
                  dictionary=True, logical=STRING, conv=0),
        gp.Column("code", gp.KINDS["string"], [v.encode() for v in code],
                  dictionary=k == 1, logical=STRING, conv=0),
    ]
    cols[4].fallback = k == 2
    rows = [[str(ids[i]), dec_text(amount[i], 2), dec_text(big[i], 4),
             "" if score[i] is None else repr(score[i]), name[i] or "", city[i] or "", code[i]]
            for i in range(n)]
    return cols, rows


def dataset(stem, seed, shift):
    rng = random.Random(seed)
    base = os.path.join(OUT, stem)
    table = []
    for k, folder in enumerate(FOLDERS):
        cols, rows = shard(rng, k, shift, k == len(FOLDERS) - 1)
        os.makedirs(os.path.join(base, folder), exist_ok=True)
        codec = ["SNAPPY", "GZIP", "UNCOMPRESSED", "SNAPPY"][k]
        gp.write_parquet(os.path.join(base, folder, "part-0.parquet"), cols, codec=codec,
                         version=1 + k % 2, rows_per_group=1000, rows_per_page=300)
        table += [r + list(KEYS[k]) for r in rows]
    with gzip.GzipFile(os.path.join(OUT, "shards_%s.csv.gz" % stem), "wb", mtime=0) as gz, \
            io.TextIOWrapper(gz, newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "amount", "big", "score", "name", "city", "code", "year", "region"])
        w.writerows(table)


def one_group():
    """Two files of one row group each with a dictionary-encoded number
    column: their dictionaries have the same place in their files, and
    different values."""
    rng = random.Random(3)
    base = os.path.join(OUT, "onegroup")
    table = []
    for k, values in enumerate([(1, 2, 3), (10, 20, 30, 40)]):
        v = [rng.choice(values) for _ in range(200)]
        w = [rng.choice([0.5, -1.25, None]) if k == 0 else rng.choice([8.0, 9.75]) for _ in range(200)]
        cols = [gp.Column("v", gp.KINDS["int64"], v, dictionary=True),
                gp.Column("w", gp.KINDS["double"], w, dictionary=True)]
        os.makedirs(os.path.join(base, "k=%d" % k), exist_ok=True)
        gp.write_parquet(os.path.join(base, "k=%d" % k, "part-0.parquet"), cols, codec="SNAPPY")
        table += [[str(v[i]), "" if w[i] is None else repr(w[i]), str(k)] for i in range(200)]
    with open(os.path.join(OUT, "onegroup.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["v", "w", "k"])
        w.writerows(table)


def main():
    dataset("ref", 1, 0)
    dataset("cur", 2, 3)
    one_group()


if __name__ == "__main__":
    main()
