# With --fail-on-warn the JSON report's status agrees with the exit code.
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n  - metric: lat\n    max: 10\n    severity: warn\n' > p.yml; echo '{"f1": 0.9, "lat": 12}' > m.json
mlgate check -p p.yml --fail-on-warn -q --report json:r.json; test $? -eq 1 || exit 1
grep -q '"status": "fail"' r.json && grep -q '"exit_code": 1' r.json && grep -q '"warned": 1' r.json && echo ok
