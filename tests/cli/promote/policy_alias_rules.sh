# MLflow's alias rules: ^[\w\-]*$, at most 255 characters, 'latest' (any
# case) and v<digits> reserved; archive_existing only with Staging/Production.
for alias in v3 'champ ion' LATEST "$(printf 'a%.0s' $(seq 256))"; do
cat > policy.yml <<YML
version: 1
metrics: m.json
model: [{metric: f1, min: 0.5}]
promote:
  mlflow: {model: churn, version: 3, alias: "$alias"}
YML
mlgate lint policy.yml 2>&1 | cut -c1-120
done
cat > policy.yml <<'YML'
version: 1
metrics: m.json
model: [{metric: f1, min: 0.5}]
promote:
  mlflow: {model: churn, version: 3, stage: archived, archive_existing: true}
YML
mlgate lint policy.yml
