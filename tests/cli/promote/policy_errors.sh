# Promotion settings are validated like every other part of a policy:
# exit 2 with file:line:col, before anything is evaluated or sent.
cat > policy.yml <<'YML'
version: 1
metrics: m.json
model:
  - metric: f1
    min: 0.5
promote:
  when: always
  mlflow:
    model: churn
    version: ${MODEL_VERSION:-three}
    alias: latest
    stage: Prod
    archive_existing: true
    aliass: x
    tags: {mlgate.policy_sha256: forged}
  webhook:
    url: ftp://example.invalid/x
    method: SEND
    headers: {"Bad Header": x}
    expect_status: [700]
  retries: 11
  timeout_s: 0
YML
mlgate lint policy.yml
