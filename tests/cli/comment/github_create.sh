# GitHub: no comment carries the marker on a line of its own (a reply
# quoting the report does not count), so one is posted (201); the number
# comes from --pr; a second run updates that one.
. "$ROOT/tests/servers/forge.sh"
start_forge --seed '{"github": {"o/r#12": [{"body": "looks good, <!-- not the marker -->"},
  {"body": "> ### mlgate x: ok\n> <!-- mlgate-report -->\nwhy?"}]}}'
printf '### mlgate x: ok\n\n<!-- mlgate-report -->\n' > r.md
export GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh GITHUB_REPOSITORY=o/r
mlgate comment --forge github --pr 12 r.md
echo "exit $?"
printf '### mlgate x: second run\n\n<!-- mlgate-report -->\n' > r.md
mlgate comment --forge github --pr 12 r.md
echo "exit $?"
forge_requests && forge_thread github 'o/r#12'
