# The policy and output shown in the README are what mlgate really does.
mkdir reports && cp "$EXAMPLES"/churn/reports/*.json reports/
sed -n '/^# mlgate.yml/,/^```$/p' "$ROOT/README.md" | sed '$d' > mlgate.yml
sed -n '/^\$ mlgate check$/,/^```$/p' "$ROOT/README.md" | sed '1d;$d' > expected.txt
test -s expected.txt || exit 9
mlgate check > got.txt
diff expected.txt got.txt
