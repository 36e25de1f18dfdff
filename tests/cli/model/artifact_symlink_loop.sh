# Symlink loops (a path that never resolves, a directory linking to its
# parent) are input errors, not an endless walk.
ln -s b a
ln -s a b
mkdir -p tree/x
echo weights > tree/x/w
ln -s .. tree/x/up
cat > policy.yml <<'YML'
version: 1
artifacts:
  - {path: a, max_size_mb: 1}
  - {path: tree, max_size_mb: 1}
YML
mlgate check -p policy.yml
