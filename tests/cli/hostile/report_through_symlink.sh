# shellcheck shell=bash
# A report path that is a link to a file: the file is replaced (atomically),
# the link stays.
cp -r "$EXAMPLES/churn/." .
mkdir store && echo '{"old": true}' > store/report.json
ln -s store/report.json report.json
mlgate check -p policy.yml --report json:report.json || exit
[ -L report.json ] || { echo "report.json link was replaced" >&2; exit 91; }
python3 -c 'import json,sys; sys.exit(0 if json.load(open("store/report.json"))["status"] == "pass" else 92)'
