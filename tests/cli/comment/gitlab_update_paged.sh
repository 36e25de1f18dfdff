# GitLab: the sticky note is on page 2 (X-Next-Page), system notes are
# skipped even when they quote the marker, and the note is updated (PUT).
# GITLAB_TOKEN goes in PRIVATE-TOKEN.
. "$ROOT/tests/servers/forge.sh"
seed='{"gitlab": {"42!3": [{"body": "changed the description <!-- mlgate-report -->", "system": true},
  {"body": "a review"}, {"body": "old\n<!-- mlgate-report -->", "user": "project_42_bot"}]}}'
start_forge --max-per-page 2 --seed "$seed"
printf '### mlgate churn: new report\n\n<!-- mlgate-report -->\n' > r.md
GITLAB_CI=true GITLAB_TOKEN=$TOKEN CI_JOB_TOKEN=unused CI_API_V4_URL=$FORGE/api/v4 CI_PROJECT_ID=42 \
	CI_MERGE_REQUEST_IID=3 mlgate comment r.md
echo "exit $?"
forge_requests && forge_thread gitlab '42!3'
