# --report json:PATH writes the JSON report; text still goes to stdout.
cp -r "$EXAMPLES/churn" . && cd churn
mlgate check -p policy.yml --report json:out/report.json --report text >/dev/null 2>&1; test $? -eq 2 || exit 9  # out/ does not exist
mkdir out && mlgate check -p policy.yml --report json:out/report.json --report text > text.txt || exit 8
grep -q '^  WARN   latency_ms.p95.max ' text.txt || exit 7
grep -q '"schema_version": 1' out/report.json && grep -q '"status": "pass"' out/report.json &&
grep -q '"warned": 1' out/report.json && grep -q '"value": 57.9,' out/report.json &&
grep -q '"threshold": 0.9296099999999999,' out/report.json && ls out | grep -vq tmp && echo json ok
