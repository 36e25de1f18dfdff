# Mistakes in predictions: are policy errors with their position (exit 2).
cat > policy.yml <<'YML'
version: 1
predictions:
  path: preds.csv
  label: y
  prediction: p
  threshold: 0.3
  gates:
    - metric: f1_score
      min: 0.5
    - metric: roc_auc
      min: 0.5
    - metric: f1
      max_gap: 0.1
    - metric: mae
      max: 3
    - metric: f1
      min: 0.9
      max: 0.8
YML
mlgate check -p policy.yml
