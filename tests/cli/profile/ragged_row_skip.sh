printf 'a,b\n1,2\n3,4,5\n6\n7,8\n' > d.csv
mlgate profile d.csv --skip-bad-rows --format json -o p.json
grep -E '"(rows|bad_rows|first_bad_line)"' p.json
