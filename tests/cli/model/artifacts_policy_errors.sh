# Policy mistakes in artifacts: are refused with their position (exit 2).
cat > policy.yml <<'YML'
version: 1
artifacts:
  - path: m.bin
    max_size: 5
  - path: m.bin
    max_size_mb: -1
  - path: n.bin
    min_size_mb: 3
    max_size_mb: 2
  - max_size_mb: 2
  - path: o.bin
    max_size_mb: "5"
YML
mlgate check -p policy.yml
