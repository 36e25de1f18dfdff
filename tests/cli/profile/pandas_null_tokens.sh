# The default null tokens are pandas' read_csv na_values: 'nan' (what
# df.astype(str) writes), '-nan', '#N/A', '<NA>', 'n/a', '1.#QNAN' ... are
# null, matched exactly ('Nan' and 'NAN' are text).  pandas reads this
# column as 6 of 10 null and the rest numbers.
printf 'x,y\nnan,1\n1.5,nan\n-nan,2\n#N/A,3\n2.5,4\n<NA>,5\nn/a,6\n1.#QNAN,7\n-1.25,8\n3,9\n' > d.csv
mlgate profile d.csv --format json -o p.json
grep -E '"(name|type|count|nulls|null_ratio|mean)"' p.json
printf 'z\nNan\nNAN\n1\n' > e.csv
mlgate profile e.csv --format json | grep -E '"(type|nulls)"'
