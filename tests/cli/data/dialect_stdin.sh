# Data from standard input; a policy's own delimiter and null tokens; a
# malformed frozen reference is an error for the drift gates.
printf 'version: 1\ndata:\n  - name: d\n    path: "-"\n    row_count: {min: 2}\n    columns:\n      a: {unique: true, null_ratio: {max: 0.4}}\n' > s.yml
printf 'a,b\n1,x\n1,y\n,z\n' | mlgate check --only all -p s.yml; echo "stdin: $?"
printf 'a;b\n1;x\n2;MISSING\n3;-\n' > semi.csv
printf 'version: 1\ndata:\n  - name: d\n    path: semi.csv\n    delimiter: ";"\n    null_values: [MISSING, "-"]\n    columns:\n      b: {null_ratio: {max: 0.5}}\n' > semi.yml
mlgate check --only all -p semi.yml; echo "dialect: $?"
echo '{"bad": ' > bad.json
printf 'version: 1\ndata:\n  - name: d\n    path: semi.csv\n    delimiter: ";"\n    reference: bad.json\n    drift: {method: psi, max: 0.1}\n' > bj.yml
mlgate check --only all -p bj.yml; echo "bad reference: $?"
