# `mlgate promote`: the promotion step alone (gates ran in an earlier job).
# It evaluates the gates again first, so provenance says mlgate.status=
# passed.  --dry-run prints to stdout and sends nothing.  A policy that
# declares no gates is refused: nothing would have been seen to pass.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --auth bearer:tok-never-shown-cmd
export MLFLOW_TRACKING_TOKEN=tok-never-shown-cmd
cat > nogates.yml <<'YML'
version: 1
metrics: metrics.json
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate promote -p nogates.yml
echo "no gates: exit $RUN_RC"
run mlgate promote -p policy.yml --dry-run
echo "dry-run exit $RUN_RC"
reg_requests
run mlgate promote -p policy.yml
reg_state
no_secrets tok-never-shown-cmd
finish
