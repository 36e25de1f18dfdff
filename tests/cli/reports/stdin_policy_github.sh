# A policy read from stdin has no file: the annotation carries no file=-.
printf '{"a": 0}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: a\n    min: 1\n' |
	mlgate check -p - --report github
echo "exit $?"
