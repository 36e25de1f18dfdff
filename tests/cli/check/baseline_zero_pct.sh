echo '{"errors": 3}' > m.json; echo '{"errors": 0}' > prod.json
printf 'version: 1\nmetrics: m.json\nbaseline: prod.json\nmodel:\n  - metric: errors\n    baseline: {max_rise_pct: 10}\n' > p.yml
mlgate check -p p.yml
