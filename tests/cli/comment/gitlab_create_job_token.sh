# GitLab with only CI_JOB_TOKEN (sent as JOB-TOKEN): no note has the
# marker, so one is created.
. "$ROOT/tests/servers/forge.sh"
start_forge --seed '{"gitlab": {"42!5": []}}'
printf '### mlgate: ok\n\n<!-- mlgate-report -->\n' > r.md
GITLAB_CI=true CI_JOB_TOKEN=$TOKEN CI_API_V4_URL=$FORGE/api/v4/ CI_PROJECT_ID=42 \
	CI_MERGE_REQUEST_IID=5 mlgate comment r.md
echo "exit $?"
forge_requests && forge_thread gitlab '42!5'
