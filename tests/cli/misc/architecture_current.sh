# doc/architecture.md names every module under src/ with the first sentence
# of its header (run 'make architecture' after adding a module or changing
# a header's opening comment).
"$ROOT/scripts/architecture.sh" "$ROOT/doc/architecture.md" > architecture.md || exit 1
diff -u "$ROOT/doc/architecture.md" architecture.md
