# Every CI-facing report in one run, on a policy whose metric names, waiver
# reason, name and directory carry hostile text (%, ::, commas, |, < & >,
# a newline, invalid UTF-8).  Each file is read back by a real parser
# (python3's expat and json) and the escaped forms are checked explicitly.
mkdir 'odd,dir:x' || exit 9
cat > 'odd,dir:x/policy.yml' <<'EOF'
version: 1
name: placeholder
metrics: metrics.json
model:
  - metric: f1_score
    min: 0.85
  - metric: accuracy
    min: 0.95
  - metric: latency_ms.p95
    max: 50
    severity: warn
  - metric: "/evil%::x,y|z<&>\nname"
    min: 0.5
  - metric: "/absent%0A::<b>|"
    min: 0.5
  - metric: recall
    min: 0.9
waivers:
  - gate: model.recall.*
    until: 2099-01-01
    reason: "known dip | see <JIRA-1> & co"
EOF
printf '{"f1_score": 0.9, "accuracy": 0.91, "recall": 0.8, "latency_ms": {"p95": 57.9}, "evil%%::x,y|z<&>\\nname": 0.1}' > 'odd,dir:x/metrics.json'
printf '# an earlier step\n' > summary.md
GITHUB_STEP_SUMMARY=$PWD/summary.md mlgate check -p 'odd,dir:x/policy.yml' \
	--set "name=$(printf 'bad\377name <&>')" \
	--report github --report junit:r.xml --report markdown:r.md \
	--report codequality:cq.json --report sarif:r.sarif --report json:r.json > gh.txt
echo "exit $?"
cat gh.txt
# workflow-command escaping, exactly
grep -qxF '::error file=odd%2Cdir%3Ax/policy.yml,line=13,title=model./evil%25%3A%3Ax%2Cy|z<&>%0Aname.min::/evil%25::x,y|z<&>%0Aname = 0.1 < min 0.5' gh.txt && echo "gh escape ok"
python3 - <<'EOF'
import json, xml.etree.ElementTree as ET
t = ET.parse("r.xml").getroot()          # expat: fails on any ill-formed byte
cases = t.findall("./testsuite/testcase")
print("junit testcases", len(cases), "failures", t.get("failures"), "errors", t.get("errors"), "skipped", t.find("testsuite").get("skipped"))
assert t.get("skipped") is None   # junit-10.xsd has no testsuites@skipped
print("junit name", repr(t.get("name")))
evil = [c for c in cases if "evil" in c.get("name")][0]
assert evil.get("name") == "model./evil%::x,y|z<&>\nname.min", repr(evil.get("name"))
assert evil.get("classname") == "model" and evil.get("file") is None and evil.get("line") is None
f = evil.find("failure")
assert f.get("type") == "fail" and "value: 0.1\nthreshold: >= 0.5\n" in f.text, f.text
w = [c for c in cases if c.get("name") == "model.latency_ms.p95.max"][0]
assert w.find("failure") is None and w.find("skipped").text.startswith("warning: ")
s = [c for c in cases if c.get("name") == "model.recall.min"][0].find("skipped")
assert s.attrib == {} and s.text.startswith("waived: known dip | see <JIRA-1> & co\n")
print("junit ok")
cq = json.load(open("cq.json"))
print("codequality", [(i["severity"], i["location"]["lines"]["begin"]) for i in cq])
assert len({i["fingerprint"] for i in cq}) == len(cq)
assert cq[2]["description"].startswith("model./evil%::x,y|z<&> name.min fail")
assert all(i["type"] == "issue" and i["categories"] and "\n" not in i["description"] and
           i["location"]["lines"]["end"] == i["location"]["lines"]["begin"] for i in cq)
sa = json.load(open("r.sarif"))
res = sa["runs"][0]["results"]
print("sarif", [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in res])
assert res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "odd%2Cdir%3Ax/policy.yml"
js = json.load(open("r.json"))
assert js["name"] == "bad\ufffdname <&>", js["name"]
md = open("r.md", encoding="utf-8").read()    # strict UTF-8
assert md.startswith("### mlgate bad\ufffdname &lt;&amp;&gt;: ⛔ 1 of 6 gates could not be evaluated\n")
assert md.endswith("<!-- mlgate-report -->\n")
row = [l for l in md.splitlines() if "evil" in l and l.startswith("|")][0]
assert row == r"| ❌ fail | model./evil%::x,y\|z&lt;&amp;&gt;<br>name.min | 0.1 | ≥ 0.5 | /evil%::x,y\|z&lt;&amp;&gt;<br>name = 0.1 &lt; min 0.5 |", row
print("markdown ok")
sm = open("summary.md", encoding="utf-8").read()
assert sm.startswith("# an earlier step\n\n### mlgate") and sm.endswith(md), "summary is the markdown, appended"
print("summary ok")
EOF
