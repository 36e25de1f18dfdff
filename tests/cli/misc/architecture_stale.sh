# The check above can fail: a module that is not in the doc makes the
# generated table differ.
mkdir -p src/common scripts
cp "$ROOT/scripts/modules.sh" "$ROOT/scripts/layers.sh" "$ROOT/scripts/architecture.sh" scripts/
cp -r "$ROOT/src" .
printf '/* planted: a module nobody documented. */\n' > src/common/planted.h
scripts/architecture.sh "$ROOT/doc/architecture.md" > new.md || exit 1
if diff -q "$ROOT/doc/architecture.md" new.md >/dev/null; then
	echo "a new module went unnoticed"; exit 1
fi
grep -c 'common/planted. | a module nobody documented.' new.md
