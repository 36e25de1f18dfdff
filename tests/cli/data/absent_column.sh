# A column named in the policy but absent from the data: every gate on it is
# an error (exit 3); a required column that is missing is a failed schema
# gate.
printf 'a,b\n1,x\n2,y\n' > d.csv
printf 'version: 1\ndata:\n  - name: d\n    path: d.csv\n    schema: {required: [a, c]}\n    columns:\n      c: {min: 0}\n' > p.yml
mlgate check -p p.yml
