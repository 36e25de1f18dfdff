# shellcheck shell=bash
# Every file a policy names must resolve inside the workspace (the working
# directory): absolute paths, ../ and symlinks leading out are refused at
# the line that names them (exit 2), unless the operator passes
# --allow-path.  The secret outside reaches no output.
mkdir -p ws outside
echo '{"f1": 0.9, "note": "MARKER-outside-secret"}' > outside/m.json
printf 'a\nMARKER-outside-secret\n' > outside/d.csv
top=$(pwd)
cd ws
ln -s ../outside/m.json link.json
{
	for m in "$top/outside/m.json" ../outside/m.json link.json; do
		printf 'version: 1\nmetrics: "%s"\nmodel: [{metric: f1, min: 0.5}]\n' "$m" > p.yml
		mlgate check -p p.yml; echo "metrics: exit $?"
	done
	printf 'version: 1\ndata:\n  - name: d\n    path: ../outside/d.csv\n    row_count: {min: 1}\n' > d.yml
	mlgate check -p d.yml; echo "data: exit $?"
	printf 'version: 1\nlatency:\n  - name: p\n    http: {url: "http://127.0.0.1:9/", body_file: /etc/hostname}\n    p95_ms: {max: 1}\n' > l.yml
	mlgate check -p l.yml; echo "body_file: exit $?"
	# allowed by the operator: read
	printf 'version: 1\nmetrics: ../outside/m.json\nmodel: [{metric: f1, min: 0.5}]\n' > p.yml
	mlgate check -p p.yml --allow-path ../outside; echo "allowed: exit $?"
} > log 2>&1
sed "s|$top|WORK|g" log
if grep -rlF MARKER . ; then echo "SECRET LEAKED" >&2; exit 97; fi
