# Three classes with the default (binary) average: precision, recall and
# f1 are null, and the reason says which averages apply.
printf "y,p\n0,0\n1,1\n2,2\n" > p.csv
mlgate metrics p.csv --label y --prediction p -o m.json || exit
grep -E '"(accuracy|precision|f1)"' m.json
mlgate metrics p.csv --label y --prediction p --average macro | grep '"f1"'
