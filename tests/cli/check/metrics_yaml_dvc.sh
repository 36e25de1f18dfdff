# DVC writes metrics as YAML; nested keys are reached with dot paths.
printf 'train:\n  f1: 0.91\neval:\n  loss: 0.2\n' > metrics.yaml
printf 'version: 1\nmetrics: metrics.yaml\nmodel:\n  - metric: train.f1\n    min: 0.9\n  - metric: eval.loss\n    max: 0.3\n' > p.yml
mlgate check -p p.yml
