# A version that ends FAILED_REGISTRATION is not promoted: exit 4 with the
# registry's status_message; no alias moves, no tag is set.
. "$ROOT/tests/servers/lib.sh"
register_state '{"polls": 1, "final": "FAILED_REGISTRATION", "status_message": "artifact store refused the upload"}'
start_registry --state state.json
register_policy policy.yml run-best "{model: churn, version: register, alias: champion}"
run mlgate check -p policy.yml
reg_state
finish
