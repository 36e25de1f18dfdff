printf '{"f1": 0.9,\n "accuracy": 0.' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
mlgate check -p p.yml
