printf 'version: 1\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
echo '{"f1": 0.2}' | mlgate check -p p.yml --metrics -
