# shellcheck shell=bash
# A report path that is a link to a file: the link is replaced by the
# report (atomically), the file it pointed to is left alone.  A link
# committed to a repository must not redirect the write (it could name
# ~/.bashrc or the policy).
cp -r "$EXAMPLES/churn/." .
mkdir store && echo '{"old": true}' > store/report.json
ln -s store/report.json report.json
mlgate check -p policy.yml --report json:report.json || exit
[ -L report.json ] && { echo "report.json link was followed" >&2; exit 91; }
[ "$(cat store/report.json)" = '{"old": true}' ] || { echo "the link's target was replaced" >&2; exit 92; }
grep -q '"status":"pass"' report.json || grep -q '"status": "pass"' report.json || exit 93
