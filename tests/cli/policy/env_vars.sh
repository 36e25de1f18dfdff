# ${VAR} and ${VAR:-default} expand in string values, including numbers.
echo '{"f1": 0.9}' > m.json
printf 'version: 1\nmetrics: ${METRICS_FILE:-m.json}\nmodel:\n  - metric: f1\n    min: ${F1_MIN}\n' > p.yml
F1_MIN=0.95 mlgate check -p p.yml
