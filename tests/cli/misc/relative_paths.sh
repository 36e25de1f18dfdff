# Paths in a policy are relative to the policy file, not the working directory.
mkdir -p ml/reports && echo '{"f1": 0.9}' > ml/reports/m.json
printf 'version: 1\nmetrics: reports/m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' > ml/gate.yml
mlgate check --only all -p ml/gate.yml
