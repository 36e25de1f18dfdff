# shellcheck shell=bash
# Invalid UTF-8 in string cells beside a real U+FFFD: the frozen profile
# must not repeat a category key (it did, so it could not be read back;
# found by fuzz_profile).  Frozen, then used as a drift reference.
printf 'c,n\n\377,1\n\376,2\n\357\277\275,3\nok,4\n' > d.csv
mlgate profile d.csv --format json -o ref.json || exit 90
mlgate drift ref.json d.csv --format json > drift.json
