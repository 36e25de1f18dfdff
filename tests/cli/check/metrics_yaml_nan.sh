printf 'f1: .nan\n' > m.yaml
printf 'version: 1\nmetrics: m.yaml\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
mlgate check -p p.yml
