# The bundled example passes with one warning (latency p95 57.9 > 50).
cp -r "$EXAMPLES/churn" . && cd churn
mlgate check --only all -p policy.yml
