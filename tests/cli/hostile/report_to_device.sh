# shellcheck shell=bash
# A report path that is a device is written in place: /dev/full gives "No
# space left on device" and exit 2.  A link to a device is a link like any
# other: replaced by the report, never followed (as root, a link to a disk
# would otherwise be written into the disk).
cp -r "$EXAMPLES/churn/." .
ln -s /dev/full full.json
mlgate check -p policy.yml --report json:full.json || exit 90
[ -L full.json ] && { echo "full.json link was followed" >&2; exit 91; }
[ -f full.json ] || exit 92
mlgate check -p policy.yml --report json:/dev/full
