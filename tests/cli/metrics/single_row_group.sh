# A group with a single row has no meaningful metrics: they are written as
# null with the reason; the other groups and the overall metrics are there.
printf "y,p,g\n0,0,a\n1,1,a\n1,0,b\n" > p.csv
mlgate metrics p.csv --label y --prediction p --by g -o m.json || exit
sed -n '/"b": {/,/"confusion_matrix"/p' m.json | grep -E '"(n|f1|accuracy)"'
grep -c '"the group has a single row"' m.json
grep '"accuracy"' m.json | head -2
