# A metric that is infinity can never pass a gate: error, exit 3.
cat > m.json <<'J'
{"f1": Infinity}
J
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    max: 1\n' > p.yml
mlgate check -p p.yml
