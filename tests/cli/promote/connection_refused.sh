# Nothing listens at the tracking URI: retried (the request was never
# sent), then exit 4 with the transport error.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/metrics.json .
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  retries: 2
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]["requests"]; print(len(r), r[0]["step"], r[0]["status"], r[0]["attempts"])'
finish
