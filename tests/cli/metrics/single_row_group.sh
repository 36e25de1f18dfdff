# A group with a single row has no meaningful metrics: exit 3, no output.
printf "y,p,g\n0,0,a\n1,1,a\n1,0,b\n" > p.csv
mlgate metrics p.csv --label y --prediction p --by g -o m.json
code=$?; [ ! -e m.json ] || echo "m.json written" >&2; exit $code
