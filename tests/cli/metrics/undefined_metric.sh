# A metric the data does not define is never 0: it is written as null with
# its reason (and named on stderr), and the rest is written: a model that
# never predicts the positive class, one class only (AUC), a group without
# positives.
printf "y,p\n0,0\n1,0\n0,0\n" > never.csv
mlgate metrics never.csv --label y --prediction p -o never.json || exit
grep -E '"(precision|f1|recall|accuracy)"|"precision": "' never.json
printf "y,p,s\n0,0,0.1\n0,0,0.3\n" > onecls.csv
mlgate metrics onecls.csv --label y --prediction p --score s -o onecls.json || exit
grep -E '"(roc_auc|log_loss)"' onecls.json
printf "y,p,g\n0,0,a\n1,1,a\n1,1,b\n1,0,b\n0,0,c\n0,0,c\n" > grp.csv
mlgate metrics grp.csv --label y --prediction p --by g -o m.json || exit
# group c: no positive row, nothing predicted positive
sed -n '/"c": {/,/"confusion_matrix"/p' m.json | grep -E '"(f1|recall|precision)"'
