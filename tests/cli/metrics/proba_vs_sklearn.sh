# Class probabilities (--proba p_ reads p_bird, p_cat, p_dog): multiclass
# ROC AUC one-vs-rest and one-vs-one, top-k accuracy and log loss, overall
# and per group, to 1e-9 of scikit-learn (expected.json).
C="python3 $ROOT/tests/cli/metrics/compare.py"
F="$FIXTURES/metrics/proba.csv"
mlgate metrics "$F" --label animal --prediction predicted --proba p_ --average macro --by region -o a.json || exit
$C a.json /proba roc_auc=roc_auc_ovr_macro top_k_accuracy=top_2 log_loss=log_loss \
	by/region/east/roc_auc=by_group/east/roc_auc_ovr_macro by/region/west/top_k_accuracy=by_group/west/top_2 || exit
mlgate metrics "$F" --label animal --prediction predicted --proba p_ --multi-class ovo \
	--average weighted --top-k 1 -o b.json || exit
$C b.json /proba roc_auc=roc_auc_ovo_weighted top_k_accuracy=top_1 || exit
grep -E '"(multi_class|top_k)"' b.json
