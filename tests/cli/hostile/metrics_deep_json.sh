# shellcheck shell=bash
printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > policy.yml
head -c 100000 /dev/zero | tr "\0" "[" > m.json
mlgate check -p policy.yml --report json:out.json
code=$?
# the report exists, is valid JSON and says error (never pass)
python3 -c 'import json,sys; r=json.load(open("out.json")); [print("report:", g["message"], file=sys.stderr) for g in r["gates"]]; sys.exit(0 if r["status"] == "error" and r["summary"]["passed"] == 0 else 99)' || exit 99
exit $code
