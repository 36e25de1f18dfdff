# examples/mlflow end to end against the real MLflow 2.10.2 server: the seed
# script logs runs with metrics and a model artifact through the REST API;
# the first promotion has no champion yet, so its baseline gate is skipped
# (reported in every format, never a pass) and the best run is registered
# as version 1; a later, better run is compared with that champion and
# becomes version 2.  Then 'version: latest' and models:/ URIs name them.
. "$ROOT/tests/servers/real_mlflow.sh"
start_mlflow
cp "$EXAMPLES"/mlflow/mlgate.yml .
seed() { bash "$EXAMPLES"/mlflow/seed.sh "$@"; }
r1=$(seed 0.86 0.91)
seed 0.84 0.93 > /dev/null
ids() { sed -e "s/$r1/RUN_1/g" -e "s/${r2:-RUN_2}/RUN_2/g"; }

mlgate check --report text --report json:first.json --report junit:first.xml \
	--report sarif:first.sarif --report codequality:first.cq.json --report markdown:first.md \
	--report github:first.gh --report tap:first.tap --report dotenv:first.env \
	--report openmetrics:first.om --report azure:first.az --report html:first.html 2> first.err | ids
echo "first promotion: exit ${PIPESTATUS[0]}"
sed -e "s/$r1/RUN_1/g" first.err
python3 - <<'PY'
import json, re, xml.etree.ElementTree as ET
j = json.load(open("first.json"))
g = {x["id"]: x["status"] for x in j["gates"]}
print("json: summary", j["summary"], "baseline gate:", g["model.f1_score.baseline.max_drop"])
print("json promotion:", j["promotion"]["version"], j["promotion"]["version_from"])
t = ET.parse("first.xml").getroot().find("testsuite")
sk = [c.get("name") for c in t.iter("testcase") if c.find("skipped") is not None]
print("junit: skipped", t.get("skipped"), sk, "body:", [c.find("skipped").text.split(":")[0] for c in t.iter("testcase") if c.find("skipped") is not None])
s = json.load(open("first.sarif"))["runs"][0]["results"]
print("sarif:", [(x["ruleId"].split("/")[-1], x["level"], x["properties"]["status"]) for x in s if x["properties"].get("status") == "skip"])
print("codequality:", [x["severity"] for x in json.load(open("first.cq.json")) if "skip" in x["description"]])
md = open("first.md").read()
print("markdown:", "1 skipped" in md, "⏭️ skip" in md)
print("github:", [l.split("::")[1][:9] + " " + l.split("::")[2][:8] for l in open("first.gh") if "skipped" in l])
print("tap:", [l.split(" - ")[1][:50] for l in open("first.tap") if "# SKIP skipped" in l])
print("dotenv:", [l.strip() for l in open("first.env") if "SKIPPED" in l])
print("openmetrics:", [l.strip() for l in open("first.om") if 'status="skip"' in l])
print("azure:", [l[:40] for l in open("first.az") if "skipped" in l])
print("html:", 'badge b-skip">skip<' in open("first.html").read())
PY
version_state churn 1

r2=$(seed 0.88 0.94)
mlgate check --report text --report json:second.json 2> second.err | ids
echo "second promotion: exit ${PIPESTATUS[0]}"
python3 -c 'import json; j = json.load(open("second.json")); print("second:", j["summary"], j["promotion"]["version"], j["promotion"]["version_from"])'
version_state churn 2
version_state churn 1 > v1.state; head -n 1 v1.state

printf 'version: 1\nmetrics: {mlflow: {model: "models:/churn/latest"}}\nbaseline: {mlflow: {model: "models:/churn/1"}}\nmodel:\n  - metric: f1_score\n    min: 0.8\n    baseline: {max_drop: 0.01}\n' > latest.yml
mlgate check -p latest.yml | ids
echo "latest vs version 1: exit ${PIPESTATUS[0]}"
sed 's/, if_missing: skip//' mlgate.yml | sed 's/alias: champion}/alias: nosuch}/' > strict.yml
mlgate check -p strict.yml --no-promote > /dev/null 2> strict.err
echo "a missing baseline without if_missing: exit $?"
cat strict.err
printf 'version: 1\nmetrics: {mlflow: {model: "models:/churn@champion"}}\nmodel:\n  - metric: f1_score\n    min: 0.8\npromote:\n  mlflow: {model: "models:/churn@champion", alias: production}\n' > byalias.yml
mlgate check -p byalias.yml | grep promotion
echo "models:/churn@champion promoted: exit ${PIPESTATUS[0]}"
printf 'version: 1\nmetrics: {mlflow: {model: churn, version: latest}}\nmodel:\n  - metric: f1_score\n    min: 0.8\npromote:\n  mlflow: {model: churn, version: latest, alias: newest}\n' > newest.yml
mlgate check -p newest.yml --report text --report json:newest.json | grep promotion
echo "version: latest promoted: exit ${PIPESTATUS[0]}"
python3 -c 'import json; p = json.load(open("newest.json"))["promotion"]; print("json:", p["version"], p["version_from"])'
version_state churn 2 > v2.state; head -n 1 v2.state
