# 10 million rows of one column, generated here (about 79 MB)
{ echo x; seq 1 10000000; } > d.csv
mlgate profile d.csv --format json -o p.json
grep -E '"(rows|count|nulls|distinct|min|max|mean|p50|p95)"' p.json
grep -c '"std": 2886751.4902856' p.json
