# Binary metrics, per group and bootstrap intervals, to 1e-9 of scikit-learn
# (expected.json from tests/gen/gen_metrics_expected.py).
C="python3 $ROOT/tests/cli/metrics/compare.py"
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --prediction pred --score score \
	--by group --bootstrap 200 --seed 42 -o m.json || exit
$C m.json /binary accuracy=accuracy precision=binary/precision recall=binary/recall \
	f1=binary/f1 roc_auc=roc_auc log_loss=log_loss \
	confusion_matrix/matrix/0/1=confusion_matrix/0/1 confusion_matrix/matrix/1/0=confusion_matrix/1/0 \
	per_class/0/f1=positive0/f1 per_class/0/precision=positive0/precision \
	accuracy_ci_low=bootstrap/values/accuracy/low accuracy_ci_high=bootstrap/values/accuracy/high \
	f1_ci_low=bootstrap/values/f1/low f1_ci_high=bootstrap/values/f1/high \
	roc_auc_ci_low=bootstrap/values/roc_auc/low roc_auc_ci_high=bootstrap/values/roc_auc/high \
	log_loss_ci_low=bootstrap/values/log_loss/low log_loss_ci_high=bootstrap/values/log_loss/high || exit
for g in A B C; do
	$C m.json /binary/by_group/$g by/group/$g/n=n by/group/$g/accuracy=accuracy \
		by/group/$g/precision=binary/precision by/group/$g/recall=binary/recall \
		by/group/$g/f1=binary/f1 by/group/$g/roc_auc=roc_auc by/group/$g/log_loss=log_loss || exit
done
# the same seed gives the same intervals; another seed other ones
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --prediction pred --score score \
	--bootstrap 200 --seed 42 -o again.json || exit
grep '_ci_' m.json > a; grep '_ci_' again.json > b; cmp a b && echo "same seed, same intervals"
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --prediction pred \
	--bootstrap 200 --seed 43 | grep -q "$(grep f1_ci_low a)" || echo "another seed, another interval"
# --positive 0 (label metrics only: the score is P(label 1))
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --prediction pred --positive 0 -o p0.json || exit
$C p0.json /binary/positive0 precision=precision recall=recall f1=f1
