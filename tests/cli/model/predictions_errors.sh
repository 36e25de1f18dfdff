# Gates that cannot be evaluated are errors (exit 3): a group with one row,
# a predictions file that is missing.  ROC AUC by hand: positives 0.9, 0.25,
# 0.8 against negatives 0.2, 0.3: 5 of 6 pairs in order.
cat > preds.csv <<'CSV'
y,p,s,region
1,1,0.9,north
0,0,0.2,north
1,0,0.25,south
1,1,0.8,east
0,0,0.3,east
CSV
cat > policy.yml <<'YML'
version: 1
predictions:
  path: preds.csv
  label: y
  prediction: p
  score: s
  gates:
    - metric: recall
      by: region
      min: 0.5
    - metric: roc_auc
      min: 0.5
YML
mlgate check --only all -p policy.yml
sed -e 's/by: region/by: east_or_not/' -e 's/preds.csv/missing.csv/' policy.yml > missing.yml
mlgate check --only all -p missing.yml
