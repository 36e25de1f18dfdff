# What a serve / stdio / expect probe must say, refused with file:line:col
# (exit 2) before anything runs.
n=0
bad() {
	n=$((n + 1))
	{ echo "version: 1"; echo "latency:"; echo "  - name: p"; cat; } > p$n.yml
	mlgate check -p p$n.yml
	echo "exit $?"
}
bad <<'Y'
    serve: {command: [x], ready: {line: READY}}
    p95_ms: {max: 1}
Y
bad <<'Y'
    serve: {command: [x]}
    stdio: {request: a}
    p95_ms: {max: 1}
Y
bad <<'Y'
    serve: {command: [x], ready: {line: READY, http: "http://127.0.0.1:1/"}}
    stdio: {request: a}
    p95_ms: {max: 1}
Y
bad <<'Y'
    stdio: {request: a}
    p95_ms: {max: 1}
Y
bad <<'Y'
    serve: {command: [x], ready: {line: READY}}
    stdio: {request: a, request_file: r.txt}
    p95_ms: {max: 1}
Y
bad <<'Y'
    command: [x]
    expect: {contains: ok}
    p95_ms: {max: 1}
Y
bad <<'Y'
    serve: {command: [x], ready: {line: READY}}
    stdio: {request: a}
    expect: {status: 200}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/"}
    expect: {json_path: prediction, equals: 1}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/"}
    expect: {json_path: /p, equals: 1, contains: "1"}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/"}
    startup_ms: {max: 10}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/"}
    throughput_rps: {max: 10}
Y
bad <<'Y'
    serve: {command: [x], ready: {line: READY}, startup_timeout_s: 0}
    http: {url: "http://127.0.0.1:1/"}
    p95_ms: {max: 1}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/", keep_alive: sometimes}
    p95_ms: {max: 1}
Y
bad <<'Y'
    http: {url: "http://127.0.0.1:1/"}
    expect: {}
Y
