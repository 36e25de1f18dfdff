# shellcheck shell=bash
# The numeric values kept for quantiles, KS and Wasserstein are capped in
# all (2^27 = 1 GiB by default, MLGATE_MAX_VALUES): a small .csv.gz that
# inflates to many numbers is an input error naming the cap, the file and
# the column, not an abort.  With a cap of 1000: the header is line 1,
# values 1..1000 are lines 2..1001, so the 1001st value (line 1002) is the
# first one refused; exactly 1000 values are fine.
. "$ROOT/tests/cli/hostile/timeout.inc"
{ echo x; yes 7 | head -n 1001; } | gzip -9 > d.csv.gz
{ echo x; yes 7 | head -n 1000; } | gzip -9 > ok.csv.gz
{ echo x; seq 1 50; } > ref.csv
MLGATE_MAX_VALUES=1000 tmo 20 mlgate profile d.csv.gz; echo "profile over: exit $?"
MLGATE_MAX_VALUES=1000 tmo 20 mlgate profile ok.csv.gz > /dev/null; echo "profile at the cap: exit $?"
MLGATE_MAX_VALUES=1K tmo 20 mlgate profile d.csv.gz > /dev/null; echo "1K = 1024: exit $?"
tmo 20 mlgate profile d.csv.gz > /dev/null; echo "default cap: exit $?"
cat > p.yml <<'YML'
version: 1
data:
  - name: d
    path: d.csv.gz
    reference: ref.csv
    drift:
      columns:
        x: {method: ks, max: 0.5}
YML
# the data and its reference share the cap: 1001 + 50 values do not fit
# in 1040 (which of the two is refused depends on which thread draws
# first: both are read at once)
MLGATE_MAX_VALUES=1040 tmo 20 mlgate check -p p.yml --report json:r.json > /dev/null; echo "check: exit $?"
grep -Eq "(d.csv.gz|ref.csv):[0-9]+: column 'x': more than 1040 numeric values to keep" r.json && echo 'the report names the cap'
MLGATE_MAX_VALUES=lots mlgate profile d.csv.gz; echo "bad setting: exit $?"
MLGATE_MAX_VALUES=0 mlgate profile d.csv.gz; echo "zero: exit $?"
