printf 'verison: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' > mlgate.yml
mlgate lint
