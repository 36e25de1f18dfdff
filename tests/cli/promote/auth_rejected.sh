# A wrong password: MLflow's basic-auth app answers 401 with a plain
# text/html body, which is shown (not retried); exit 4.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --auth basic:admin:the-right-password
export MLFLOW_TRACKING_USERNAME=admin MLFLOW_TRACKING_PASSWORD=a-wrong-password-000
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  backoff_s: 0.01
YML
run mlgate check -p policy.yml
reg_requests
no_secrets a-wrong-password-000 "$(printf admin:a-wrong-password-000 | base64)"
finish
