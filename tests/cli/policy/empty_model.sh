# A policy that checks nothing must not pass.
echo '{"f1": 0.9}' > m.json
printf 'version: 1\nmetrics: m.json\nmodel: []\n' > p.yml
mlgate check -p p.yml
