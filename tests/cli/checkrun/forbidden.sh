# A token without `checks: write` (GitHub answers 403 "Resource not
# accessible by integration", as for a fork's pull request): a message on
# stderr naming checks: write, exit 3, nothing created, the token in no message.
. "$ROOT/tests/servers/forge.sh"
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: a\n    min: 0.5\n' > p.yml
printf '{"a": 0.25}' > m.json
mlgate check -p p.yml -q --report json:r.json; echo "check exit $?"
start_forge --checks-forbidden
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh GITHUB_REPOSITORY=o/r GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 \
	mlgate check-run r.json 2> err.txt
echo "exit $?"
sed "s/$(cat forge.port)/PORT/g" err.txt
forge_requests && forge_check_run o/r
no_token
