#!/usr/bin/python3
"""Parquet fixtures for the Parquet reader's tests, written from the format
specification (parquet.thrift, Encodings.md) by a small writer below:
Thrift compact protocol, PLAIN / RLE_DICTIONARY / DELTA_BINARY_PACKED /
DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY / BYTE_STREAM_SPLIT, data pages
v1 and v2, every codec mlgate reads (snappy as a literal-only stream, zstd
through the zstd command).  Output (committed, so `make check` needs no
Python) goes to tests/fixtures/parquet/:

  churn_*.parquet      examples/churn-data CSVs in several encodings/codecs;
                       their profile must equal the CSV's (apart from path)
  types.parquet        one column per logical type, with types.expect.csv:
                       the text each value must read as, computed here with
                       datetime/decimal/numpy (not by mlgate)
  refuse_*.parquet     files mlgate must refuse, one reason each

    /usr/bin/python3 tests/gen/gen_parquet.py
"""
import csv
import datetime
import decimal
import os
import struct
import subprocess
import zlib

import brotli
import lz4.block
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "parquet")
CHURN = os.path.join(ROOT, "examples", "churn-data", "data")

# --- Thrift compact protocol ------------------------------------------------

STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)


def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


class Struct:
    """A struct as a list of (id, type, value); value per type:
    int for I32/I64/BYTE, bool for TRUE, bytes/str for BINARY,
    Struct for STRUCT, (elemtype, [values]) for LIST."""

    def __init__(self, *fields):
        self.fields = [f for f in fields if f is not None]

    def encode(self):
        out = bytearray()
        last = 0
        for fid, ty, val in sorted(self.fields, key=lambda f: f[0]):
            wire = ty
            if ty == TRUE:
                wire = TRUE if val else FALSE
            delta = fid - last
            if 0 < delta <= 15:
                out.append((delta << 4) | wire)
            else:
                out.append(wire)
                out += uvarint(zigzag(fid))
            last = fid
            if ty != TRUE:
                out += encode_value(ty, val)
        out.append(STOP)
        return bytes(out)


def encode_value(ty, val):
    if ty in (I16, I32, I64):
        return uvarint(zigzag(val) & ((1 << 64) - 1))
    if ty == BYTE:
        return struct.pack("<b", val)
    if ty == BINARY:
        if isinstance(val, str):
            val = val.encode()
        return uvarint(len(val)) + val
    if ty == STRUCT:
        return val.encode()
    if ty == LIST:
        et, items = val
        head = bytes([(len(items) << 4) | et]) if len(items) < 15 else bytes([0xF0 | et]) + uvarint(len(items))
        return head + b"".join(encode_value(et, v) for v in items)
    raise ValueError(ty)


def f(fid, ty, val):
    return (fid, ty, val)


# --- encodings -----------------------------------------------------------------

def bit_width(n):
    return n.bit_length()


def bitpack(values, w):
    """LSB-first bit packing (Encodings.md)."""
    acc = 0
    for i, v in enumerate(values):
        acc |= v << (i * w)
    nbytes = (len(values) * w + 7) // 8
    return acc.to_bytes(nbytes, "little") if nbytes else b""


def rle_hybrid(values, w):
    """RLE runs for stretches of 8+ equal values, bit-packed groups of 8
    otherwise (the last group padded with zeros)."""
    out = bytearray()
    i, n = 0, len(values)
    pending = []

    def flush():
        if not pending:
            return
        groups = (len(pending) + 7) // 8
        padded = pending + [0] * (groups * 8 - len(pending))
        out.extend(uvarint((groups << 1) | 1))
        out.extend(bitpack(padded, w))
        pending.clear()

    while i < n:
        j = i
        while j < n and values[j] == values[i]:
            j += 1
        if j - i >= 8 and len(pending) % 8 == 0:
            flush()
            out.extend(uvarint((j - i) << 1))
            out.extend(values[i].to_bytes((w + 7) // 8, "little"))
            i = j
        else:
            pending.append(values[i])
            i += 1
    flush()
    return bytes(out)


def delta_binary_packed(values, bits):
    """DELTA_BINARY_PACKED: blocks of 128 values, 4 miniblocks of 32."""
    mask = (1 << bits) - 1
    block, nmini = 128, 4
    per = block // nmini
    out = bytearray(uvarint(block) + uvarint(nmini) + uvarint(len(values)))
    if not values:
        return bytes(out + uvarint(0))
    out += uvarint(zigzag(values[0]) & ((1 << 64) - 1))
    deltas = []
    for a, b in zip(values, values[1:]):
        d = (b - a) & mask
        if d >> (bits - 1):
            d -= 1 << bits
        deltas.append(d)
    for s in range(0, len(deltas), block):
        chunk = deltas[s:s + block]
        mn = min(chunk)
        out += uvarint(zigzag(mn) & ((1 << 64) - 1))
        rel = [(d - mn) & mask for d in chunk]
        minis = [rel[k:k + per] for k in range(0, len(rel), per)]
        widths = [bit_width(max(m)) for m in minis] + [0] * (nmini - len(minis))
        out += bytes(widths)
        for m, w in zip(minis, widths):
            out += bitpack(m + [0] * (per - len(m)), w)
    return bytes(out)


def plain(kind, values):
    if kind["phys"] == "BOOLEAN":
        return bitpack([1 if v else 0 for v in values], 1)
    if kind["phys"] == "BYTE_ARRAY":
        return b"".join(struct.pack("<I", len(v)) + v for v in values)
    if kind["phys"] in ("FIXED_LEN_BYTE_ARRAY", "INT96"):
        return b"".join(values)
    return b"".join(struct.pack(kind["fmt"], v) for v in values)


def byte_stream_split(kind, values):
    raw = plain(kind, values)
    w = kind["width"]
    n = len(values)
    return bytes(raw[i * w + k] for k in range(w) for i in range(n))


def common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def encode_values(kind, values, enc):
    if enc == "PLAIN":
        return plain(kind, values)
    if enc == "DELTA_BINARY_PACKED":
        return delta_binary_packed(values, 32 if kind["phys"] == "INT32" else 64)
    if enc == "DELTA_LENGTH_BYTE_ARRAY":
        return delta_binary_packed([len(v) for v in values], 32) + b"".join(values)
    if enc == "DELTA_BYTE_ARRAY":
        prev, pre, suf = b"", [], []
        for v in values:
            p = common_prefix(prev, v)
            pre.append(p)
            suf.append(v[p:])
            prev = v
        return (delta_binary_packed(pre, 32) + delta_binary_packed([len(s) for s in suf], 32)
                + b"".join(suf))
    if enc == "BYTE_STREAM_SPLIT":
        return byte_stream_split(kind, values)
    raise ValueError(enc)


ENCODING = {"PLAIN": 0, "PLAIN_DICTIONARY": 2, "RLE": 3, "DELTA_BINARY_PACKED": 5,
            "DELTA_LENGTH_BYTE_ARRAY": 6, "DELTA_BYTE_ARRAY": 7, "RLE_DICTIONARY": 8,
            "BYTE_STREAM_SPLIT": 9}
CODEC = {"UNCOMPRESSED": 0, "SNAPPY": 1, "GZIP": 2, "LZO": 3, "BROTLI": 4, "LZ4": 5,
         "ZSTD": 6, "LZ4_RAW": 7}
PHYS = {"BOOLEAN": 0, "INT32": 1, "INT64": 2, "INT96": 3, "FLOAT": 4, "DOUBLE": 5,
        "BYTE_ARRAY": 6, "FIXED_LEN_BYTE_ARRAY": 7}


def snappy_literal(data):
    """A valid snappy stream made only of literals."""
    out = bytearray(uvarint(len(data)))
    for s in range(0, len(data), 65536):
        piece = data[s:s + 65536]
        n = len(piece) - 1
        if n < 60:
            out.append(n << 2)
        elif n < 256:
            out += bytes([60 << 2, n])
        else:
            out += bytes([61 << 2]) + struct.pack("<H", n)
        out += piece
    return bytes(out)


def compress(codec, data):
    if codec == "UNCOMPRESSED":
        return data
    if codec == "SNAPPY":
        return snappy_literal(data)
    if codec == "GZIP":
        z = zlib.compressobj(6, zlib.DEFLATED, 16 + 15)
        return z.compress(data) + z.flush()
    if codec == "BROTLI":
        return brotli.compress(data, quality=5)
    if codec == "ZSTD":
        return subprocess.run(["zstd", "-q", "-c", "-3", "--no-check"], input=data,
                              stdout=subprocess.PIPE, check=True).stdout
    if codec == "LZ4_RAW":
        return lz4.block.compress(data, store_size=False)
    if codec == "LZ4":  # Hadoop framing: sizes big-endian, then a raw block
        block = lz4.block.compress(data, store_size=False)
        return struct.pack(">II", len(data), len(block)) + block
    raise ValueError(codec)


# --- the writer -------------------------------------------------------------------

KINDS = {
    "int64": {"phys": "INT64", "fmt": "<q", "width": 8},
    "int32": {"phys": "INT32", "fmt": "<i", "width": 4},
    "double": {"phys": "DOUBLE", "fmt": "<d", "width": 8},
    "float": {"phys": "FLOAT", "fmt": "<f", "width": 4},
    "string": {"phys": "BYTE_ARRAY"},
    "bool": {"phys": "BOOLEAN"},
}


class Column:
    def __init__(self, name, kind, values, enc="PLAIN", dictionary=False, required=False,
                 conv=None, logical=None, type_length=None, scale=None, precision=None,
                 group=None):
        self.name, self.kind, self.values = name, dict(kind), values
        self.enc, self.dictionary, self.required = enc, dictionary, required
        self.conv, self.logical, self.type_length = conv, logical, type_length
        self.scale, self.precision, self.group = scale, precision, group
        if type_length:
            self.kind["width"] = type_length


def page_bytes(col, values, codec, version, dict_index, crc, hack):
    """One data page of `values` (None = null).  `hack` (tests of refusals):
    "comp" replaces the compressor, "usize" the uncompressed size, "flip"
    flips the page's last byte after the CRC, "last_ff" sets it to 0xFF."""
    max_def = (1 if col.group else 0) + (0 if col.required else 1)
    defs = [max_def - 1 if v is None else max_def for v in values]
    present = [v for v in values if v is not None]
    if dict_index is not None:
        idx = [dict_index[v] for v in present]
        w = bit_width(max(len(dict_index) - 1, 0))
        body = bytes([w]) + rle_hybrid(idx, w)
        enc = ENCODING["RLE_DICTIONARY"]
    elif col.kind["phys"] == "BOOLEAN" and col.enc == "RLE":
        r = rle_hybrid([1 if v else 0 for v in present], 1)
        body = struct.pack("<I", len(r)) + r
        enc = ENCODING["RLE"]
    else:
        body = encode_values(col.kind, present, col.enc)
        enc = ENCODING[col.enc]
    levels = b"" if not max_def else rle_hybrid(defs, bit_width(max_def))
    comp_fn = hack.get("comp", compress)
    if version == 1:
        raw = (b"" if not max_def else struct.pack("<I", len(levels)) + levels) + body
        comp = comp_fn(codec, raw)
        header = Struct(f(1, I32, 0), f(2, I32, hack.get("usize", len(raw))), f(3, I32, len(comp)),
                        f(4, I32, struct.unpack("<i", struct.pack("<I", zlib.crc32(comp)))[0]) if crc else None,
                        f(5, STRUCT, Struct(f(1, I32, len(values)), f(2, I32, enc),
                                            f(3, I32, ENCODING["RLE"]), f(4, I32, ENCODING["RLE"]))))
        return finish_page(header.encode() + comp, hack)
    comp = comp_fn(codec, body)
    data = levels + comp
    header = Struct(f(1, I32, 3), f(2, I32, len(levels) + len(body)), f(3, I32, len(data)),
                    f(4, I32, struct.unpack("<i", struct.pack("<I", zlib.crc32(data)))[0]) if crc else None,
                    f(8, STRUCT, Struct(f(1, I32, len(values)), f(2, I32, len(values) - len(present)),
                                        f(3, I32, len(values)), f(4, I32, enc),
                                        f(5, I32, len(levels)), f(6, I32, 0))))
    return finish_page(header.encode() + data, hack)


def finish_page(page, hack):
    page = bytearray(page)
    if hack.get("flip"):
        page[-1] ^= 0x01
    if hack.get("last_ff"):
        page[-1] = 0xFF
    return bytes(page)


def write_parquet(path, columns, codec="UNCOMPRESSED", version=1, rows_per_group=None,
                  rows_per_page=None, crc=False, tamper=None, hack=None):
    hack = hack or {}
    nrows = len(columns[0].values)
    rows_per_group = rows_per_group or max(nrows, 1)
    rows_per_page = rows_per_page or rows_per_group
    out = bytearray(b"PAR1")
    row_groups = []
    for g0 in range(0, max(nrows, 1), rows_per_group):
        if nrows == 0:
            break
        chunks = []
        for col in columns:
            vals = col.values[g0:g0 + rows_per_group]
            start = len(out)
            dict_off = None
            dict_index = None
            if col.dictionary:
                distinct = []
                for v in vals:
                    if v is not None and v not in distinct:
                        distinct.append(v)
                dict_index = {v: i for i, v in enumerate(distinct)}
                raw = plain(col.kind, distinct)
                comp = compress(codec, raw)
                hdr = Struct(f(1, I32, 2), f(2, I32, len(raw)), f(3, I32, len(comp)),
                             f(7, STRUCT, Struct(f(1, I32, len(distinct)), f(2, I32, 0))))
                dict_off = len(out)
                out += hdr.encode() + comp
            data_off = len(out)
            for p0 in range(0, len(vals), rows_per_page):
                out += page_bytes(col, vals[p0:p0 + rows_per_page], codec, version,
                                  dict_index, crc, hack)
            encs = sorted({ENCODING["RLE"], ENCODING["RLE_DICTIONARY"] if col.dictionary
                           else ENCODING.get(col.enc, 3)} | ({0} if col.dictionary else set()))
            meta = Struct(f(1, I32, PHYS[col.kind["phys"]]), f(2, LIST, (I32, encs)),
                          f(3, LIST, (BINARY, ([col.group] if col.group else []) + [col.name])),
                          f(4, I32, CODEC[codec]), f(5, I64, len(vals)),
                          f(6, I64, len(out) - start), f(7, I64, len(out) - start),
                          f(9, I64, data_off),
                          f(11, I64, dict_off) if dict_off is not None else None)
            chunks.append(Struct(f(2, I64, start), f(3, STRUCT, meta)))
        row_groups.append(Struct(f(1, LIST, (STRUCT, chunks)), f(2, I64, 0),
                                 f(3, I64, len(columns[0].values[g0:g0 + rows_per_group]))))
    schema = [Struct(f(4, BINARY, "schema"), f(5, I32, len(top_level(columns))))]
    done_groups = set()
    for col in columns:
        if col.group and col.group not in done_groups:
            done_groups.add(col.group)
            n = sum(1 for c in columns if c.group == col.group)
            schema.append(Struct(f(3, I32, 1), f(4, BINARY, col.group), f(5, I32, n)))
        logical = col.logical
        schema.append(Struct(f(1, I32, PHYS[col.kind["phys"]]),
                             f(2, I32, col.type_length) if col.type_length else None,
                             f(3, I32, 0 if col.required else 1), f(4, BINARY, col.name),
                             f(6, I32, col.conv) if col.conv is not None else None,
                             f(7, I32, col.scale) if col.scale is not None else None,
                             f(8, I32, col.precision) if col.precision is not None else None,
                             f(10, STRUCT, logical) if logical is not None else None))
    meta = Struct(f(1, I32, 1), f(2, LIST, (STRUCT, schema)), f(3, I64, nrows),
                  f(4, LIST, (STRUCT, row_groups)), f(6, BINARY, "mlgate tests/gen/gen_parquet.py"))
    footer = meta.encode()
    if tamper:
        out, footer = tamper(out, footer)
    out += footer + struct.pack("<I", len(footer)) + b"PAR1"
    with open(path, "wb") as fh:
        fh.write(out)


def top_level(columns):
    seen, n = set(), 0
    for c in columns:
        key = c.group or ("", c.name)
        if key not in seen:
            seen.add(key)
            n += 1
    return seen


# --- fixtures ---------------------------------------------------------------------

def read_csv_columns(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    cols = []
    for j, name in enumerate(header):
        cells = [r[j] for r in body]
        present = [c for c in cells if c != ""]

        def is_int(s):
            try:
                int(s)
                return True
            except ValueError:
                return False

        def is_float(s):
            try:
                float(s)
                return True
            except ValueError:
                return False
        if present and all(is_int(c) for c in present):
            cols.append((name, "int64", [int(c) if c else None for c in cells]))
        elif present and all(is_float(c) for c in present):
            cols.append((name, "double", [float(c) if c else None for c in cells]))
        else:
            cols.append((name, "string", [c.encode() if c else None for c in cells]))
    return cols


CHURN_VARIANTS = {
    # name: (codec, page version, encodings per kind, dictionary, rows per group/page, crc)
    "plain": ("UNCOMPRESSED", 1, {}, False, None, None, False),
    "dict_snappy": ("SNAPPY", 1, {}, True, 70, 25, True),
    "delta_zstd_v2": ("ZSTD", 2, {"int64": "DELTA_BINARY_PACKED", "string": "DELTA_BYTE_ARRAY",
                                  "double": "BYTE_STREAM_SPLIT"}, False, 100, 33, True),
    "dlba_gzip_v2": ("GZIP", 2, {"string": "DELTA_LENGTH_BYTE_ARRAY", "int64": "BYTE_STREAM_SPLIT"},
                     False, None, 64, False),
    "dict_lz4raw": ("LZ4_RAW", 1, {}, True, None, 50, False),
    "dict_brotli_v2": ("BROTLI", 2, {}, True, 90, None, False),
    "plain_lz4hadoop": ("LZ4", 1, {}, False, None, 40, False),
}


def churn():
    for stem in ("reference", "current", "current_drifted"):
        cols = read_csv_columns(os.path.join(CHURN, stem + ".csv"))
        variants = CHURN_VARIANTS if stem == "reference" else {"dict_snappy": CHURN_VARIANTS["dict_snappy"]}
        for vname, (codec, version, encs, dictionary, rg, page, crc) in variants.items():
            columns = [Column(n, KINDS[k], v, enc=encs.get(k, "PLAIN"), dictionary=dictionary,
                              logical=Struct(f(1, STRUCT, Struct())) if k == "string" else None,
                              conv=0 if k == "string" else None)
                       for n, k, v in cols]
            write_parquet(os.path.join(OUT, "churn_%s_%s.parquet" % (stem, vname)), columns,
                          codec=codec, version=version, rows_per_group=rg, rows_per_page=page,
                          crc=crc)


def metrics():
    """The binary-classification predictions fixture as Parquet (for
    `mlgate metrics` on Parquet)."""
    cols = read_csv_columns(os.path.join(ROOT, "tests", "fixtures", "metrics", "binary.csv"))
    columns = [Column(n, KINDS[k], v, dictionary=(k == "string"),
                      conv=0 if k == "string" else None) for n, k, v in cols]
    write_parquet(os.path.join(OUT, "metrics_binary.parquet"), columns, codec="SNAPPY",
                  rows_per_page=100)


def unit(u):
    return Struct(f({"ms": 1, "us": 2, "ns": 3}[u], STRUCT, Struct()))


def be_twos(n, width):
    return (n % (1 << (8 * width))).to_bytes(width, "big")


def types():
    epoch = datetime.datetime(1970, 1, 1)
    days = [0, 1, -1, 19000, 365 * 30 + 7, None]
    ts_ms = [0, 1_700_000_000_123, -1, 86_400_000, None, 951_782_400_000]
    ts_us = [1, 1_600_000_000_000_000, 1_600_000_000_500_000, None, -86_400_000_001, 0]
    ts_ns = [1_500_000_000_123_456_789, 0, None, 1_000, 2_000_000_000_000_000_000, -5]
    time_ms = [0, 45_296_789, 86_399_999, None, 1000, 60_000]
    dec64 = [12345, -1, 0, None, 100, -987654321]
    fdec = [1, -1, 123456789012345678, -500, None, 0]
    bdec = [7, -128, 128, 32767, -32768, None]
    u32 = [0, 1, 4_294_967_295, 2_147_483_648, None, 12]
    i32 = [-2_147_483_648, 2_147_483_647, 0, -5, 5, None]
    f16 = [0.1, -2.5, 65504.0, None, 0.0, 1.0 / 3.0]
    flt = [0.1, 1.5, -3.25, None, 1e-7, 16777216.0]
    bools = [True, False, None, True, True, False]
    uuids = [bytes(range(16)), None, bytes([255] * 16), bytes(16), bytes([0x12, 0x34] * 8), None]
    lat = [1.5, None, -33.86, 0.0, 90.0, 48.85]
    lon = [2.25, 151.21, None, 0.0, 180.0, 2.35]
    enums = [b"red", b"green", None, b"red", b"blue", b"red"]
    i96 = [(0, 2440588), (43_200_000_000_000, 2440589), None, (1, 2451545), (86_399_999_999_999, 2440587), (0, 2415021)]

    def int96(v):
        return None if v is None else struct.pack("<qi", v[0], v[1])

    cols = [
        Column("i32", KINDS["int32"], i32, conv=17),
        Column("u32", KINDS["int32"], [None if v is None else struct.unpack("<i", struct.pack("<I", v))[0] for v in u32],
               logical=Struct(f(10, STRUCT, Struct(f(1, BYTE, 32), f(2, TRUE, False))))),
        Column("dec64", KINDS["int64"], dec64, conv=5, scale=2, precision=18,
               logical=Struct(f(5, STRUCT, Struct(f(1, I32, 2), f(2, I32, 18))))),
        Column("fdec", {"phys": "FIXED_LEN_BYTE_ARRAY"}, [None if v is None else be_twos(v, 9) for v in fdec],
               type_length=9, conv=5, scale=3, precision=20, enc="BYTE_STREAM_SPLIT"),
        Column("bdec", KINDS["string"], [None if v is None else be_twos(v, (v.bit_length() + 8) // 8) for v in bdec],
               conv=5, scale=1, precision=10, dictionary=True),
        Column("date", KINDS["int32"], days, conv=6, enc="DELTA_BINARY_PACKED"),
        Column("ts_ms", KINDS["int64"], ts_ms, conv=9,
               logical=Struct(f(8, STRUCT, Struct(f(1, TRUE, True), f(2, STRUCT, unit("ms")))))),
        Column("ts_us", KINDS["int64"], ts_us,
               logical=Struct(f(8, STRUCT, Struct(f(1, TRUE, False), f(2, STRUCT, unit("us")))))),
        Column("ts_ns", KINDS["int64"], ts_ns, enc="DELTA_BINARY_PACKED",
               logical=Struct(f(8, STRUCT, Struct(f(1, TRUE, False), f(2, STRUCT, unit("ns")))))),
        Column("time_ms", KINDS["int32"], time_ms, conv=7),
        Column("int96", {"phys": "INT96", "width": 12}, [int96(v) for v in i96]),
        Column("f16", {"phys": "FIXED_LEN_BYTE_ARRAY"},
               [None if v is None else np.float16(v).tobytes() for v in f16], type_length=2,
               logical=Struct(f(15, STRUCT, Struct()))),
        Column("flt", KINDS["float"], flt, enc="BYTE_STREAM_SPLIT"),
        Column("flag", KINDS["bool"], bools, enc="RLE"),
        Column("uuid", {"phys": "FIXED_LEN_BYTE_ARRAY"}, uuids, type_length=16,
               logical=Struct(f(14, STRUCT, Struct()))),
        Column("lat", KINDS["double"], lat, group="geo"),
        Column("lon", KINDS["double"], lon, group="geo", dictionary=True),
        Column("colour", KINDS["string"], enums, conv=4, enc="DELTA_BYTE_ARRAY"),
        Column("nothing", KINDS["int32"], [None] * 6, logical=Struct(f(11, STRUCT, Struct()))),
    ]
    write_parquet(os.path.join(OUT, "types.parquet"), cols, codec="SNAPPY", version=2, rows_per_page=4)

    def dec(v, scale):
        return "" if v is None else str(decimal.Decimal(v).scaleb(-scale))

    def frac_trim(us_or_ns, digits):
        s = "%0*d" % (digits, us_or_ns)
        while len(s) > 3 and s.endswith("000"):
            s = s[:-3]
        return s

    def ts(v, per, utc):
        if v is None:
            return ""
        secs, frac = divmod(v, per)
        t = epoch + datetime.timedelta(seconds=secs)
        s = t.strftime("%Y-%m-%d %H:%M:%S")
        if frac:
            s += "." + frac_trim(frac, len(str(per)) - 1)
        return s + ("+00:00" if utc else "")

    def clock(v, per):
        if v is None:
            return ""
        secs, frac = divmod(v, per)
        s = "%02d:%02d:%02d" % (secs // 3600, secs // 60 % 60, secs % 60)
        return s + ("." + frac_trim(frac, len(str(per)) - 1) if frac else "")

    def i96s(v):
        if v is None:
            return ""
        ns, jd = v
        return ts((jd - 2440588) * 86400 * 10**9 + ns, 10**9, False)

    def uuid(b):
        if b is None:
            return ""
        h = b.hex()
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    expect = [
        ("i32", ["" if v is None else str(v) for v in i32]),
        ("u32", ["" if v is None else str(v) for v in u32]),
        ("dec64", [dec(v, 2) for v in dec64]),
        ("fdec", [dec(v, 3) for v in fdec]),
        ("bdec", [dec(v, 1) for v in bdec]),
        ("date", ["" if d is None else str(datetime.date(1970, 1, 1) + datetime.timedelta(days=d)) for d in days]),
        ("ts_ms", [ts(v, 1000, True) for v in ts_ms]),
        ("ts_us", [ts(v, 10**6, False) for v in ts_us]),
        ("ts_ns", [ts(v, 10**9, False) for v in ts_ns]),
        ("time_ms", [clock(v, 1000) for v in time_ms]),
        ("int96", [i96s(v) for v in i96]),
        ("f16", ["" if v is None else str(np.float16(v)) for v in f16]),
        ("flt", ["" if v is None else str(np.float32(v)) for v in flt]),
        ("flag", ["" if v is None else str(v) for v in bools]),
        ("uuid", [uuid(b) for b in uuids]),
        ("geo.lat", ["" if v is None else repr(v) for v in lat]),
        ("geo.lon", ["" if v is None else repr(v) for v in lon]),
        ("colour", ["" if v is None else v.decode() for v in enums]),
        ("nothing", [""] * 6),
    ]
    with open(os.path.join(OUT, "types.expect.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([n for n, _ in expect])
        for i in range(6):
            w.writerow([vals[i] for _, vals in expect])


def refusals():
    small = [Column("x", KINDS["int64"], [1, 2, None, 4])]
    # a repeated (list) column
    write_parquet(os.path.join(OUT, "refuse_list.parquet"),
                  [Column("x", KINDS["int64"], [1, 2, 3, 4]),
                   Column("tags", KINDS["string"], [b"a", b"b", b"c", b"d"], conv=3)])
    # a logical type mlgate does not know (union member 42)
    write_parquet(os.path.join(OUT, "refuse_unknown_type.parquet"),
                  [Column("x", KINDS["int64"], [1, 2, 3, 4]),
                   Column("odd", KINDS["int64"], [1, 2, 3, 4], logical=Struct(f(42, STRUCT, Struct())))])
    # a page whose CRC does not match
    write_parquet(os.path.join(OUT, "refuse_crc.parquet"), small, crc=True, hack={"flip": True})
    # a page announcing 2 GiB uncompressed
    write_parquet(os.path.join(OUT, "refuse_bomb_header.parquet"), small, hack={"usize": 2**31 - 1})
    # a gzip page that inflates to 64 MiB, far past its announced size
    bomb = zlib.compressobj(9, zlib.DEFLATED, 16 + 15)
    big = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()
    write_parquet(os.path.join(OUT, "refuse_bomb_gzip.parquet"), small, codec="GZIP",
                  hack={"comp": lambda codec, data: big})
    # LZO, which no Debian library decodes
    write_parquet(os.path.join(OUT, "refuse_lzo.parquet"), small,
                  tamper=lambda out, foot: (out, foot.replace(bytes([0x15, 0x00, 0x16]), bytes([0x15, 0x06, 0x16]), 1)))
    # an encrypted footer (magic PARE)
    write_parquet(os.path.join(OUT, "refuse_encrypted.parquet"), small)
    with open(os.path.join(OUT, "refuse_encrypted.parquet"), "r+b") as fh:
        fh.seek(-4, 2)
        fh.write(b"PARE")
    # truncated: the last 100 bytes cut off (the footer is gone)
    write_parquet(os.path.join(OUT, "refuse_truncated.parquet"),
                  [Column("x", KINDS["int64"], list(range(200)))])
    with open(os.path.join(OUT, "refuse_truncated.parquet"), "r+b") as fh:
        fh.truncate(os.path.getsize(fh.name) - 100)
    # dictionary indices past the dictionary
    write_parquet(os.path.join(OUT, "refuse_dict_index.parquet"),
                  [Column("s", KINDS["string"], [b"a", b"b", b"c", b"a", b"b", b"c", b"a", b"b"], dictionary=True, required=True)],
                  hack={"last_ff": True})
    # binary data (a NUL byte in an unannotated BYTE_ARRAY)
    write_parquet(os.path.join(OUT, "refuse_binary.parquet"),
                  [Column("blob", KINDS["string"], [b"ok", b"a\0b"])])


def main():
    os.makedirs(OUT, exist_ok=True)
    churn()
    metrics()
    types()
    refusals()


if __name__ == "__main__":
    main()
