# Every file a policy's glob or folder finds stays in the workspace: a
# symlink in the data folder to a file outside it is refused by name, the
# data gates error (exit 3), and nothing outside is read.  The operator's
# --allow-path lets it in.
out=$(mktemp -d)
printf 'a\n1\n' > "$out/secret.csv"
mkdir data
printf 'a\n2\n' > data/1.csv
ln -s "$out/secret.csv" data/2.csv
printf 'version: 1\ndata:\n  - name: d\n    path: data\n    row_count: {min: 1}\n' > p.yml
mlgate check -p p.yml > o 2>&1; echo "exit $?"
sed -e "s|$out|OUTSIDE|g" o
mlgate check -p p.yml --allow-path "$out" > o 2>&1; echo "exit $?"
sed -e "s|$out|OUTSIDE|g" o
rm -rf "$out"
