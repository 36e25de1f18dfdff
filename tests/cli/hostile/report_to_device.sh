# shellcheck shell=bash
# A report path that is (a link to) a device is written in place: /dev/full
# gives "No space left on device" and exit 2; the link is not replaced.
cp -r "$EXAMPLES/churn/." .
ln -s /dev/full full.json
mlgate check -p policy.yml --report json:full.json
code=$?
[ -L full.json ] || { echo "full.json was replaced" >&2; exit 91; }
exit $code
