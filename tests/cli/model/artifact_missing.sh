# A model path that does not exist is an input error, never a pass.
cat > policy.yml <<'YML'
version: 1
artifacts:
  - path: model/model.pkl
    max_size_mb: 500
YML
mlgate check -p policy.yml
