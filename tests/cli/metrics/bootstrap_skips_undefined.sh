# 12 rows, 2 positives: many resamples draw no positive, so recall, F1 and
# AUC are undefined there and left out of their intervals.  The counts and
# bounds match the independent Python resampling in expected.json.
C="python3 $ROOT/tests/cli/metrics/compare.py"
mlgate metrics "$FIXTURES/metrics/sparse.csv" --label label --prediction pred --score score \
	--bootstrap 300 --seed 9 -o s.json || exit
$C s.json /sparse/bootstrap/values bootstrap/replicates_used/f1=f1/used \
	bootstrap/replicates_used/roc_auc=roc_auc/used bootstrap/replicates_used/accuracy=accuracy/used \
	f1_ci_low=f1/low f1_ci_high=f1/high roc_auc_ci_low=roc_auc/low roc_auc_ci_high=roc_auc/high \
	accuracy_ci_low=accuracy/low log_loss_ci_high=log_loss/high
