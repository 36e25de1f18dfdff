# A directory's size is the total of its files (a link to a file inside it
# counted once); MB = 10^6 bytes; min and max gates.
mkdir -p model/sub
head -c 1500000 /dev/zero > model/model.bin
head -c 500000 /dev/zero > model/sub/extra.bin
ln -s ../model.bin model/sub/alias.bin
cat > policy.yml <<'YML'
version: 1
artifacts:
  - path: model
    max_size_mb: 1.9
  - path: model/model.bin
    max_size_mb: 1.5
    min_size_mb: 1
YML
mlgate check --only all -p policy.yml --report text --report json:report.json
code=$?
grep -o '"details": {[^}]*}' report.json
exit $code
