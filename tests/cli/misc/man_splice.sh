# scripts/man.sh rewrites only the generated parts: an edit inside one is
# undone, an edit to the prose is kept, and a part without its end is refused.
sed -e 's/^\\fB\\-\\-dry\\-run\\fR$/\\fB\\-\\-dry\\-walk\\fR/' \
    -e 's/^reads a model.s metrics/reads a model'"'"'s numbers/' \
    "$ROOT/doc/mlgate.1" > edited.1
grep -q 'dry\\-walk' edited.1 && grep -q "reads a model's numbers" edited.1 || exit 1
"$ROOT/scripts/man.sh" mlgate edited.1 > out.1 || exit 2
grep -c 'dry\\-walk' out.1
grep -c "reads a model's numbers" out.1
sed 's/numbers/metrics/' out.1 | cmp -s - "$ROOT/doc/mlgate.1" || exit 3
grep -v '^\.\\" end generated: options' "$ROOT/doc/mlgate.1" > broken.1
"$ROOT/scripts/man.sh" mlgate broken.1 > /dev/null
echo "unbalanced: $?"
