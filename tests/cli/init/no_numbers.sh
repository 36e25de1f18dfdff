echo '{"model": "x"}' > m.json
mlgate init --metrics m.json -o -
