echo '{"f1": 0.9}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' | mlgate check -p -
