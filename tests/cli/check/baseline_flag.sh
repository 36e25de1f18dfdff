# --baseline replaces the policy's baseline (e.g. downloaded in an earlier CI step).
echo '{"f1": 0.9}' > m.json; echo '{"f1": 0.905}' > other.json
printf 'version: 1\nmetrics: m.json\nbaseline: missing.json\nmodel:\n  - metric: f1\n    baseline: {max_drop: 0.01}\n' > p.yml
mlgate check --only all -p p.yml --baseline other.json
