printf 'a,b\n' > d.csv
mlgate profile d.csv --format json
