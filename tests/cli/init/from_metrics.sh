# init writes one gate per numeric metric, thresholds unset: the written
# policy is refused (exit 2) until a person fills them in.
cat > m.json <<'J'
{"accuracy": 0.9, "log_loss": 0.3, "latency_ms": {"p95": 40}, "name": "x", "per class": {"a/b": 0.5}}
J
mlgate init --metrics m.json 2>err.txt || exit 1
grep -q 'wrote mlgate.yml with 4 gates' err.txt || exit 2
grep -q '  - metric: accuracy$' mlgate.yml && grep -q '    min: ~    # TODO: choose (current value 0.9)' mlgate.yml || exit 3
grep -q '  - metric: log_loss$' mlgate.yml && grep -q '    max: ~    # TODO: choose (current value 0.3)' mlgate.yml || exit 4
grep -q '  - metric: latency_ms.p95$' mlgate.yml || exit 5
grep -q '  - metric: "/per class/a~1b"' mlgate.yml || exit 6
mlgate check 2>check.txt; test $? -eq 2 || exit 7
grep -q "'min' is not set (null): choose a number" check.txt || exit 8
# once the thresholds are chosen it is a working policy
sed -i 's/min: ~ .*/min: 0.5/; s/max: ~ .*/max: 100/' mlgate.yml
mlgate check >/dev/null || exit 9
mlgate init --metrics m.json 2>err2.txt; test $? -eq 2 && grep -q 'exists; not overwriting' err2.txt || exit 10
echo init ok
