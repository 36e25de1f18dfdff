# The metrics added for issue 14 against scikit-learn (expected.json):
# binary with a score, multiclass, regression, and zero_division.
C="python3 $ROOT/tests/cli/metrics/compare.py"
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --prediction pred --score score \
	--by group -o b.json || exit
$C b.json /binary balanced_accuracy=balanced_accuracy matthews_corrcoef=matthews_corrcoef \
	cohen_kappa=cohen_kappa average_precision=average_precision brier_score=brier_score \
	selection_rate=rates/selection_rate true_positive_rate=rates/true_positive_rate \
	false_positive_rate=rates/false_positive_rate \
	by/group/B/average_precision=by_group/B/average_precision || exit
mlgate metrics "$FIXTURES/metrics/multiclass.csv" --label animal --prediction predicted \
	--average macro -o m.json || exit
$C m.json /multiclass matthews_corrcoef=matthews_corrcoef cohen_kappa=cohen_kappa \
	balanced_accuracy=balanced_accuracy || exit
mlgate metrics "$FIXTURES/metrics/regression.csv" --task regression --label y --prediction yhat \
	--by segment -o r.json || exit
$C r.json /regression median_absolute_error=median_absolute_error max_error=max_error \
	explained_variance=explained_variance \
	by/segment/s2/median_absolute_error=by_group/s2/median_absolute_error || exit
# zero_division 1: a model that never predicts the positive label
printf "y,p\n0,0\n1,0\n0,0\n1,0\n0,0\n0,0\n" > never.csv
mlgate metrics never.csv --label y --prediction p --zero-division 1 -o z.json || exit
$C z.json /zero_division/1/binary precision=precision recall=recall f1=f1
