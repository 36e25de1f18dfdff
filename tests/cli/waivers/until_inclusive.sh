# `until` is inclusive (UTC): on that very day the waiver still applies.
echo '{"f1": 0.4}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\nwaivers:\n  - gate: model.f1.min\n    until: 2026-03-01\n    reason: r\n' > p.yml
MLGATE_TODAY=2026-03-01 mlgate check -p p.yml
