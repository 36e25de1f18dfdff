# With --metrics, gates whose metric is absent are flagged before CI runs.
echo '{"f1_score": 0.9, "eval": {"acc": 0.8}}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1_scre\n    min: 0.5\n  - metric: eval.auc\n    min: 0.5\n' > p.yml
mlgate lint p.yml --metrics m.json
