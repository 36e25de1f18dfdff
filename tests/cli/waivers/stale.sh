# A waiver matching no gate is a warning: a stale waiver is a smell.
echo '{"f1": 0.9}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\nwaivers:\n  - gate: "model.auc.*"\n    until: 2099-01-01\n    reason: r\n' > p.yml
mlgate check -p p.yml
