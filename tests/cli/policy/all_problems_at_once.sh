cat > p.yml <<'Y'
version: 1
model:
  - metric: f1
    mni: 0.5
  - metric: auc
    min: 0.5
    severity: fatal
  - metric: acc
waivers:
  - gate: model.*
    untill: 2099-01-01
    reason: test
Y
mlgate lint p.yml
