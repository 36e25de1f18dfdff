# A version still PENDING_REGISTRATION after register.wait_s: exit 4 that
# names the wait, and what was changed already (the new version).  The
# polls back off (0.25 s, 0.5 s, ...) so a 1 s wait is a handful of them.
. "$ROOT/tests/servers/lib.sh"
register_state '{"polls": 1000}'
start_registry --state state.json
register_policy policy.yml run-best "{model: churn, version: register, register: {wait_s: 1}, alias: champion}"
run mlgate check -p policy.yml > /dev/null
sed -E "s/\(([0-9]+) checks;/(N checks;/" out.1
python3 -c 'import json; n = sum(1 for l in open("reg.log") if "model-versions/get" in l); print("polls between 3 and 6:", 3 <= n <= 6)'
reg_state
finish
