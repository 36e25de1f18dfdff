# Metrics the data does not define are errors, never 0: a model that never
# predicts the positive class, one class only (AUC), a group without positives.
printf "y,p\n0,0\n1,0\n0,0\n" > never.csv
mlgate metrics never.csv --label y --prediction p
printf "y,p,s\n0,0,0.1\n0,0,0.3\n" > onecls.csv
mlgate metrics onecls.csv --label y --prediction p --score s
printf "y,p,g\n0,0,a\n1,1,a\n1,1,b\n1,0,b\n0,0,c\n0,0,c\n" > grp.csv
mlgate metrics grp.csv --label y --prediction p --by g -o m.json
code=$?; [ ! -e m.json ] || echo "m.json written" >&2; exit $code
