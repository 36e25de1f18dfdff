# shellcheck shell=bash
# --report json:/dev/stdout (here a link to /proc/self/fd/1, so that a
# regression cannot replace the real /dev/stdout): the report goes to
# standard output and the link stays.  Before, the report was renamed over
# the path -- as root, /dev/stdout itself became a regular file and the
# report never reached the output.
cp -r "$EXAMPLES/churn/." .
ln -s /proc/self/fd/1 so.json
mlgate check -p policy.yml --report json:so.json > out.txt || exit
[ -L so.json ] || { echo "so.json was replaced" >&2; exit 91; }
python3 -c 'import json,sys; sys.exit(0 if json.load(open("out.txt"))["status"] == "pass" else 92)'
