unset METRICS_FILE
export MLGATE_ALLOWED_ENV=METRICS_FILE
printf 'version: 1\nmetrics: ${METRICS_FILE}\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
mlgate check -p p.yml
