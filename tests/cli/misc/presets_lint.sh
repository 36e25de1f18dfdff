# Every preset is a valid policy, and lint finds each gate's metric in a
# metrics file that has the preset's metric names.
for p in binary-classification multiclass regression; do
	MLGATE_ALLOWED_PATHS="$ROOT/gates" mlgate lint "$ROOT/gates/$p.yml" || exit 1
done
echo '{"roc_auc": 0.9, "f1": 0.8, "recall": 0.7, "precision": 0.7, "log_loss": 0.3}' > m.json
MLGATE_ALLOWED_PATHS="$ROOT/gates" mlgate lint "$ROOT/gates/binary-classification.yml" --metrics m.json || exit 2
echo '{"r2": 0.9, "rmse": 1}' > r.json
MLGATE_ALLOWED_PATHS="$ROOT/gates" mlgate lint "$ROOT/gates/regression.yml" --metrics r.json; test $? -eq 3 || exit 3
