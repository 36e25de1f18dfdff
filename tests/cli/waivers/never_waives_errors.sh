# A gate that could not be evaluated proves nothing; no waiver covers it.
echo '{}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\nwaivers:\n  - gate: "*"\n    until: 2099-01-01\n    reason: r\n' > p.yml
mlgate check -p p.yml
