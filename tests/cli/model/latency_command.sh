# Command probes: a missing program and a hanging one are errors (exit 3),
# never fast samples; a working one passes with its distribution reported.
cat > policy.yml <<'YML'
version: 1
latency:
  - name: ok
    command: ["true"]
    runs: 5
    p95_ms: {max: 600000}
  - name: missing
    command: ["mlgate-no-such-program", "--predict"]
    runs: 100
    p95_ms: {max: 600000}
  - name: hang
    command: ["sleep", "5"]
    timeout_s: 0.2
    runs: 100
    warmup: 0
    p95_ms: {max: 600000}
    error_rate: {max: 0.5}
YML
mlgate check --only all -p policy.yml --report text --report json:r.json
code=$?
grep -o '"details": {"probe":"command","runs":5,[^}]*"n":5,"errors":0,' r.json
exit $code
