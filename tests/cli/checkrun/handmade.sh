# Reports written by hand, for what a real run rarely shows: a gate without
# a line is annotated at line 1 of the policy, saying so; a gate status
# this version does not know is a failure, never a pass; a report that
# says "pass" while a gate failed gets conclusion failure (the gates
# decide); a policy read from standard input gives no annotations (GitHub
# needs a file) -- the summary still lists the gates.
. "$ROOT/tests/servers/forge.sh"
gate() { # ID STATUS [LINE]
	local loc=
	[ -n "${3:-}" ] && loc=", \"location\": {\"file\": \"p.yml\", \"line\": $3, \"column\": 5}"
	printf '{"id": "%s", "kind": "metric", "status": "%s", "message": "%s is %s"%s}' "$1" "$2" "$1" "$2" "$loc"
}
report() { # POLICY STATUS EXIT GATE...
	local p=$1 s=$2 e=$3; shift 3
	local IFS=,
	printf '{"schema_version": 1, "policy": "%s", "name": "hand", "status": "%s", "exit_code": %s, "gates": [%s]}' \
		"$p" "$s" "$e" "$*"
}
report p.yml fail 1 "$(gate a.min warn)" "$(gate b.min future_status 7)" "$(gate c.min pass 9)" > one.json
report p.yml pass 0 "$(gate a.min fail 3)" > liar.json
report - fail 1 "$(gate a.min fail 3)" > stdin.json
start_forge
export GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh GITHUB_SHA=0123456789abcdef0123456789abcdef01234567
for r in one liar stdin; do
	GITHUB_REPOSITORY=o/$r mlgate check-run $r.json; echo "exit $?"
	forge_check_run o/$r
done
