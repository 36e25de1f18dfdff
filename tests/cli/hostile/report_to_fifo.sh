# shellcheck shell=bash
# A report path that is a FIFO (a pipe to another tool) is written into,
# not replaced by a regular file.
cp -r "$EXAMPLES/churn/." .
mkfifo pipe.json
timeout 60 cat pipe.json > got.json &
mlgate check -p policy.yml --report json:pipe.json || exit
wait
[ -p pipe.json ] || { echo "pipe.json was replaced" >&2; exit 91; }
python3 -c 'import json,sys; sys.exit(0 if json.load(open("got.json"))["status"] == "pass" else 92)'
