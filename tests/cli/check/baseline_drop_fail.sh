# 0.85 dropped 0.02 from production's 0.87; at most 0.01 is allowed.
echo '{"f1": 0.85}' > m.json; echo '{"f1": 0.87}' > prod.json
printf 'version: 1\nmetrics: m.json\nbaseline: prod.json\nmodel:\n  - metric: f1\n    baseline: {max_drop: 0.01}\n' > p.yml
mlgate check -p p.yml
