echo '{"f1": 0.9}' > m.json; echo '{"accuracy": 0.9}' > prod.json
printf 'version: 1\nmetrics: m.json\nbaseline: prod.json\nmodel:\n  - metric: f1\n    baseline: {max_drop: 0.01}\n' > p.yml
mlgate check -p p.yml
