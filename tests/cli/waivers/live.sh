# A live waiver turns a failing gate into "waived" and the run passes.
echo '{"f1": 0.4}' > m.json
cat > p.yml <<'Y'
version: 1
metrics: m.json
model:
  - metric: f1
    min: 0.5
waivers:
  - gate: model.f1.*
    until: 2099-12-31
    reason: "new labelling; JIRA-123"
Y
mlgate check -p p.yml
