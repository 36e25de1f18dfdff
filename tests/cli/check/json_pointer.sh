# JSON Pointers reach keys with dots and slashes; dot paths index arrays.
echo '{"per_class": [{"f1": 0.8}, {"f1": 0.4}], "a.b": {"c/d": 0.7}}' > m.json
cat > p.yml <<'Y'
version: 1
metrics: m.json
model:
  - metric: /per_class/0/f1
    min: 0.5
  - metric: /a.b/c~1d
    min: 0.5
  - metric: per_class.1.f1
    min: 0.5
Y
mlgate check --only all -p p.yml
