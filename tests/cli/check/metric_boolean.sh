# A metric that is boolean can never pass a gate: error, exit 3.
cat > m.json <<'J'
{"f1": true}
J
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    max: 1\n' > p.yml
mlgate check -p p.yml
