printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\nwaivers:\n  - gate: x\n    until: 2026-02-30\n    reason: r\n' > p.yml
mlgate check -p p.yml
