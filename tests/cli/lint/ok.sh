printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n    max: 1\n' > p.yml
mlgate lint p.yml
