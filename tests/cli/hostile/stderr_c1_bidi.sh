# shellcheck shell=bash
# An error message quoting a key with a bidi override and CSI: stderr shows
# U+FFFD for them (a CI log or a terminal would obey the raw bytes).
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    "min\\u202E\\u009B": 0.5\n' > policy.yml
mlgate lint policy.yml 2> err.txt
code=$?
cat err.txt >&2
if grep -q "$(printf '\342\200\256')\|$(printf '\302\233')" err.txt; then exit 91; fi
exit $code
