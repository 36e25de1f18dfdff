printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n  - metric: lat\n    max: 10\n    severity: warn\n' > p.yml; echo '{"f1": 0.9, "lat": 12}' > m.json
mlgate check --only all -p p.yml
