# An HTTP probe whose body file is missing is an error before any request.
cat > policy.yml <<'YML'
version: 1
latency:
  - name: api
    http: {url: "http://127.0.0.1:9/predict", method: POST, body_file: nope.json}
    p95_ms: {max: 10}
YML
mlgate check -p policy.yml
