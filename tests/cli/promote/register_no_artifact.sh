# The gated run has no model artifact: nothing is registered (exit 4).
# And 'version: register' with metrics from a file is a policy error.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/register/state.json .
start_registry --state state.json
register_policy policy.yml run-bare "{model: churn, version: register, alias: champion}"
run mlgate check -p policy.yml
echo "no artifact: exit $RUN_RC"
reg_requests
echo '{"f1_score": 0.9}' > metrics.json
sed 's/metrics: {mlflow: {run_id: run-bare}}/metrics: metrics.json/' policy.yml > file.yml
run mlgate check -p file.yml
echo "from a file: exit $RUN_RC"
sed 's/version: register, /version: 3, register: {wait_s: 5}, /' policy.yml > reg.yml
run mlgate check -p reg.yml
echo "register without version: register: exit $RUN_RC"
RUN_RC=0
finish
