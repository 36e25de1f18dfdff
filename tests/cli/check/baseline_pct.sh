# acc: 0.891 >= 0.9 - 1% of 0.9 = 0.891 passes (boundary); loss: 0.23 > 0.2 + 10% = 0.22 fails.
echo '{"acc": 0.8915, "loss": 0.23}' > m.json; echo '{"acc": 0.9, "loss": 0.2}' > prod.json
printf 'version: 1\nmetrics: m.json\nbaseline: prod.json\nmodel:\n  - metric: acc\n    baseline: {max_drop_pct: 1}\n  - metric: loss\n    baseline: {max_rise_pct: 10}\n' > p.yml
mlgate check --only all -p p.yml
