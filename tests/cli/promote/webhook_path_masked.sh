# A webhook URL's path and query are its secret (Slack's
# /services/T/B/SECRET): a receiver that echoes them in an error body is
# shown with *** in text, JSON, JUnit, Markdown, annotations and the step
# summary -- also the path alone, and one segment alone.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/metrics.json .
start_registry --fault '{"path": "/hook/services/T0001/B0002/slackpathsecret", "kind": "status", "status": 404, "body": "no such hook /hook/services/T0001/B0002/slackpathsecret?token=querysecret42 (slackpathsecret)"}'
export HOOK="$MLFLOW_TRACKING_URI/hook/services/T0001/B0002/slackpathsecret?token=querysecret42"
export MLGATE_ALLOWED_ENV=HOOK GITHUB_STEP_SUMMARY=summary.md
write_policy policy.yml <<'YML'
  webhook: {url: "${HOOK}", body: '{}'}
  retries: 0
YML
run mlgate check -p policy.yml --report text --report json:r.json --report junit:r.xml \
	--report markdown:r.md --report github:r.gh
python3 -c 'import json; print("json:", json.load(open("r.json"))["promotion"]["message"])'
grep -c 'no such hook' r.xml r.md r.gh summary.md
rm -f reg.log # the receiver's own log holds the path, as any receiver's would
no_secrets slackpathsecret querysecret42 T0001/B0002
finish
