# GitHub: the sticky comment is on page 3 of the thread (2 per page here),
# found through Link rel="next", and updated in place (PATCH); nothing is
# posted.  The PR number comes from the event payload.
. "$ROOT/tests/servers/forge.sh"
seed='{"github": {"o/r#7": [{"body": "first"}, {"body": "second"}, {"body": "third"}, {"body": "fourth"},
  {"body": "old report\n<!-- mlgate-report -->\n", "user": "github-actions[bot]", "type": "Bot"}, {"body": "later"}]}}'
start_forge --max-per-page 2 --seed "$seed"
mkdir pr && cd pr
printf '### mlgate churn: new report\n\n<!-- mlgate-report -->\n' > report.md
printf '{"action": "synchronize", "number": 7, "pull_request": {"number": 7}}' > event.json
GITHUB_ACTIONS=true GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh/ GITHUB_REPOSITORY=o/r \
	GITHUB_EVENT_PATH=$PWD/event.json mlgate comment report.md
echo "exit $?"
cd .. && forge_requests && forge_thread github 'o/r#7' && no_token
