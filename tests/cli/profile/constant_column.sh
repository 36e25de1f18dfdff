# A constant column (115 x 0.008695652173913044, a file where numpy's own
# mean is one ulp above the max) has mean == min == max and std 0, and its
# frozen profile is read back.
{ echo v; for i in $(seq 115); do echo 0.008695652173913044; done; } > c.csv
mlgate profile c.csv --format json -o c.json
grep -E '"(min|max|mean|std|p05|p95)"' c.json
mlgate drift c.json c.csv --format text
