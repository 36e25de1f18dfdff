# A model server started once and sent request lines over stdin/stdout
# (tests/servers/stdio_model.sh): the fast path passes, the slow path
# (0.2 s a request) fails a 100 ms p95, wrong answers are counted and fail
# the default 'errors' gate with the first one quoted, a slow start fails
# 'startup_ms'.  Time bounds are generous: 5 s for the fast path.
S="$ROOT/tests/servers/stdio_model.sh"
printf 'a\n\nb\r\nc\n' > requests.txt
cat > policy.yml <<YML
version: 1
latency:
  - name: fast
    serve:
      command: [sh, "$S", --log, "3", --count, fast.log]
      ready: {line: READY}
    stdio: {request_file: requests.txt}
    expect: {json_path: /prediction, equals: 1}
    runs: 7
    warmup: 2
    p95_ms: {max: 5000}
    throughput_rps: {min: 0.5}
    startup_ms: {max: 20000}
  - name: slow
    serve:
      command: [sh, "$S"]
      ready: {line: READY}
    stdio: {request: slow}
    runs: 3
    warmup: 0
    p50_ms: {max: 100}
    p95_ms: {max: 100}
  - name: wrong
    serve:
      command: [sh, "$S"]
      ready: {line: READY}
    stdio: {request: '{"x": "wrong"}'}
    expect: {json_path: /prediction, equals: 1}
    runs: 4
    p50_ms: {max: 5000}
  - name: late
    serve:
      command: [sh, "$S", --startup, "0.3"]
      ready: {line: READY}
    stdio: {request: x}
    runs: 1
    startup_ms: {max: 100}
  - name: fourfold
    serve:
      command: [sh, "$S", --count, four.log]
      ready: {line: READY}
    stdio: {request: x}
    concurrency: 4
    runs: 8
    warmup: 1
    throughput_rps: {min: 1000000000}
YML
mlgate check --only all -p policy.yml --report text --report json:r.json --report text:t.txt \
	--report markdown:m.md
code=$?
# the distribution once per probe, in text and in Markdown
# (each gate of the text report on one line: its wrapped lines joined)
awk '/^  [A-Z]/ { if (e) print e; e = $0; next }
     /^         / { if (e) { sub(/^ +/, " "); e = e $0 }; next }
     { if (e) print e; e = "" } END { if (e) print e }' t.txt > gates.txt
echo "text lines with fast's distribution: $(grep '^  [A-Z]* *fast\.' gates.txt | grep -c 'p50 ')"
echo "markdown lines of slow: $(grep -c 'latency.slow' m.md), with its distribution: $(grep 'latency.slow' m.md | grep -c 'p50 ')"
# the requests in turn, blank lines skipped, CR removed: 2 warmup + 7 runs
echo "fast server got: $(tr '\n' ' ' < fast.log)"
# four servers, each warmed once: 4 + 8 lines
echo "four servers got: $(wc -l < four.log) lines"
grep -o '"probe":"serve_stdio","runs":7,"warmup":2,"concurrency":1,"timeout_s":10,"n":7,"errors":0,' r.json
grep -o '"distribution_in":"latency.fast.p95_ms"' r.json | sort | uniq -c | sed 's/^ *//'
grep -o '"stopped_by":"SIGTERM"' r.json | head -1
# the timed messages whole (the text report wraps them where the times end)
grep -o -e ' ms > max 100 ms (3 runs, 0 failed; min ' -e 'late: startup_ms = [0-9.e+]* ms > max 100 ms' \
	-e 'req/s < min 1000000000 req/s (8 answered in ' -e 'ms, 4 in flight)' r.json | sed 's/^late: startup_ms = [0-9.e+]*//' 
exit $code
