# Labels are numbers, one prediction is a word: different types, not a class.
printf "y,p\n1,1\n0,yes\n1,0\n" > p.csv
mlgate metrics p.csv --label y --prediction p -o m.json
code=$?; [ ! -e m.json ] || echo "m.json written" >&2; exit $code
