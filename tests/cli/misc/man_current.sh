# doc/mlgate.1's command synopses and OPTIONS section are what the command
# tables generate (run 'make man' after changing an option, a help line or
# an exit code); the hand-written rest of the page is left alone.
"$ROOT/scripts/man.sh" mlgate "$ROOT/doc/mlgate.1" > mlgate.1 || exit 1
diff -u "$ROOT/doc/mlgate.1" mlgate.1
