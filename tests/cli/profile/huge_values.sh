# Values near the top of the double range: the mean (1.4e308) and std
# (3.6e307) are finite, so the frozen profile is written with numbers and
# read back.  A column whose std is itself beyond the largest double (both
# ends of the range in two values) is refused clearly, not written null.
printf 'x\n1e308\n1.5e308\n1.7e308\n' > o.csv
mlgate profile o.csv --format json -o o.json
grep -E '"(mean|std|p05|p50|p95)"' o.json
mlgate drift o.json o.csv --format text; echo "drift: $?"
printf 'x\n1.7976931348623157e308\n-1.7976931348623157e308\n' > m.csv
mlgate profile m.csv --format json -o m.json; echo "profile: $?"
test -e m.json || echo "no m.json"
