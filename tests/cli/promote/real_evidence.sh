# Evidence binds the promotion (real MLflow 2.10.2): a version is promoted
# only on its own metrics.  metrics.json says f1 0.9 but version 1's run
# logged 0.2: exit 4 naming the metric and both values, nothing changed.
# Version 2's run logged 0.9: promoted.  `mlgate promote` alone evaluates
# the gates again (failing metrics: exit 1, nothing sent), or takes a
# passing JSON report of the same policy and metrics, and refuses one made
# with other metrics.  A weaker mlgate.status never replaces "passed".
. "$ROOT/tests/servers/real_mlflow.sh"
start_mlflow
exp=$(new_experiment churn)
v1=$(new_version churn "$(new_run "$exp" f1_score=0.2)")
v2=$(new_version churn "$(new_run "$exp" f1_score=0.9)")
echo '{"f1_score": 0.9}' > metrics.json
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
model:
  - metric: f1_score
    min: 0.5
promote:
  mlflow: {model: churn, version: "${MODEL_VERSION}", alias: champion}
YML
MODEL_VERSION=$v1 mlgate check --only all -p policy.yml --report text
echo "not its own metrics: exit $?"
version_state churn "$v1"
MODEL_VERSION=$v2 mlgate check --only all -p policy.yml --report text
echo "its own metrics: exit $?"
version_state churn "$v2"

echo '{"f1_score": 0.1}' > metrics.json
MODEL_VERSION=$v1 mlgate promote -p policy.yml
echo "promote alone, failing gates: exit $?"
version_state churn "$v1"

echo '{"f1_score": 0.9}' > metrics.json
MODEL_VERSION=$v2 mlgate check --only all -p policy.yml --no-promote --report json:gated.json > /dev/null
echo '{"f1_score": 0.95}' > metrics.json
MODEL_VERSION=$v2 mlgate promote -p policy.yml --from-report gated.json
echo "from a report of other metrics: exit $?"
sed 's/min: 0.5/min: 0.4/' policy.yml > other.yml
echo '{"f1_score": 0.9}' > metrics.json
MODEL_VERSION=$v2 mlgate promote -p other.yml --from-report gated.json
echo "from a report of another policy: exit $?"
MODEL_VERSION=$v2 mlgate promote -p policy.yml --from-report gated.json
echo "from the report of these metrics: exit $?"
version_state churn "$v2"
sed 's/alias: champion}/alias: champion, tags: {mlgate.status: manual}}/' policy.yml > manual.yml
MODEL_VERSION=$v2 mlgate promote -p manual.yml
echo "weaker status: exit $?"
version_state churn "$v2"
