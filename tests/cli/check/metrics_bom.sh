# A UTF-8 byte order mark (as Windows editors write) is skipped.
printf '\xef\xbb\xbf{"f1": 0.9}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n' > p.yml
mlgate check --only all -p p.yml
