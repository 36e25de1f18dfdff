# JSON parsers disagree on which duplicate wins: mlgate refuses the file.
echo '{"f1": 0.1, "f1": 0.9}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
mlgate check -p p.yml
