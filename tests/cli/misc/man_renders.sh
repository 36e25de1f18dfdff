# The man page renders without a groff warning (where groff is installed).
command -v groff > /dev/null || exit 0
groff -man -ww -z "$ROOT/doc/mlgate.1"
