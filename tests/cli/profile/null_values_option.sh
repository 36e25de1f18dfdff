# --null-values replaces the default list; an empty item is the empty cell
printf 'a,b\nNA,-\n,x\n-,\n1,2\n' > d.csv
mlgate profile d.csv --null-values '-,' --format json -o p.json
grep -E '"(name|type|nulls)"' p.json
