# shellcheck shell=bash
# A policy naming another registry origin gets no credentials: without
# the operator's --allow-host it is refused before any request (exit 2,
# at the URI's line); allowed, the requests go there without the token.
# 'localhost' is another origin than the operator's 127.0.0.1.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --auth bearer:tok-MARKER-bound-5150
export MLFLOW_TRACKING_TOKEN=tok-MARKER-bound-5150
write_policy policy.yml <<YML
  mlflow: {model: churn, version: 3, alias: champion, tracking_uri: "http://localhost:$REG_PORT"}
YML
run mlgate check -p policy.yml --no-promote --dry-run
echo "refused: exit $RUN_RC"
reg_requests
run mlgate check -p policy.yml --allow-host "localhost:$REG_PORT" --report json:r.json
echo "allowed: exit $RUN_RC"
reg_requests | sed 's/ status=.*//' | sort -u
no_secrets MARKER
finish
