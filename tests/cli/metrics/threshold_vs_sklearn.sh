# Predictions made from the score (score >= threshold is positive).
C="python3 $ROOT/tests/cli/metrics/compare.py"
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --score score -o t5.json || exit
$C t5.json /binary/threshold/0.5 accuracy=accuracy f1=binary/f1 roc_auc=roc_auc || exit
mlgate metrics "$FIXTURES/metrics/binary.csv" --label label --score score --threshold 0.3 -o t3.json || exit
$C t3.json /binary/threshold/0.3 accuracy=accuracy precision=binary/precision recall=binary/recall || exit
grep '"threshold"' t3.json
