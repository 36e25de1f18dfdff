# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# 200,000 distinct strings: exact counts stop at 10,000 and the profile
# says its distinct count is approximate.
{ echo 'cat,x'; seq 1 200000 | sed 's/.*/v&,&/'; } > d.csv
tmo 30 mlgate profile d.csv --format json -o p.json || exit
python3 -c 'import json,sys; c=json.load(open("p.json"))["columns"][0]; sys.exit(0 if c["distinct_approx"] is True and c["categories_truncated"] is True and 190000 < c["distinct"] < 210000 else 99)'
