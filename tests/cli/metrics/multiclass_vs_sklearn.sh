# String labels, three classes: macro, weighted and micro averages, per-class
# figures and per-region groups, to 1e-9 of scikit-learn.
C="python3 $ROOT/tests/cli/metrics/compare.py"
for avg in macro weighted micro; do
	mlgate metrics "$FIXTURES/metrics/multiclass.csv" --label animal --prediction predicted \
		--average $avg --by region -o $avg.json || exit
	$C $avg.json /multiclass accuracy=accuracy precision=$avg/precision recall=$avg/recall f1=$avg/f1 || exit
	for g in north south; do
		$C $avg.json /multiclass/by_group/$g by/region/$g/precision=$avg/precision \
			by/region/$g/recall=$avg/recall by/region/$g/f1=$avg/f1 || exit
	done
done
for c in bird cat dog; do
	$C macro.json /multiclass/per_class/$c per_class/$c/precision=precision \
		per_class/$c/recall=recall per_class/$c/f1=f1 per_class/$c/support=support || exit
done
$C macro.json /multiclass confusion_matrix/matrix/2/0=confusion_matrix/2/0 \
	confusion_matrix/matrix/1/1=confusion_matrix/1/1 || exit
grep -A4 '"labels"' macro.json | head -5
