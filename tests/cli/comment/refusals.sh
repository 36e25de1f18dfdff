# What is refused, each with a reason and no token in any message: a bad
# token (the API's 401), a next page on another origin (the token stays
# with the API), plain http to a remote host, no pull request number, a
# file without the marker, a failing update (500).
. "$ROOT/tests/servers/forge.sh"
seed='{"github": {"o/r#7": [{"body": "a"}, {"body": "b"}, {"body": "c"}]}}'
printf '### mlgate: ok\n\n<!-- mlgate-report -->\n' > r.md
export GITHUB_REPOSITORY=o/r
start_forge --seed "$seed"
echo "-- bad token"
GITHUB_TOKEN=wrong-$TOKEN GITHUB_API_URL=$FORGE/gh mlgate comment --forge github --pr 7 r.md 2>&1 | sed "s/$(cat forge.port)/PORT/g"
echo "exit ${PIPESTATUS[0]}"
stop_forge
start_forge --seed "$seed" --max-per-page 2 --redirect-next "http://127.0.0.2:9/steal"
echo "-- next page elsewhere"
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh mlgate comment --forge github --pr 7 r.md
echo "exit $?"
forge_requests
stop_forge
start_forge --seed "$seed" --fault '{"method": "POST", "status": 500}'
echo "-- the API fails"
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh mlgate comment --forge github --pr 7 r.md 2>&1 | sed "s/$(cat forge.port)/PORT/g"
echo "exit ${PIPESTATUS[0]}"
echo "-- plain http to a remote host"
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=http://api.example.invalid mlgate comment --forge github --pr 7 r.md
echo "exit $?"
echo "-- no pull request"
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh mlgate comment --forge github r.md
echo "exit $?"
echo "-- no token"
GITHUB_API_URL=$FORGE/gh mlgate comment --forge github --pr 7 r.md
echo "exit $?"
echo "-- no marker"
printf 'hello\n' > plain.md
GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh mlgate comment --forge github --pr 7 plain.md
echo "exit $?"
no_token
