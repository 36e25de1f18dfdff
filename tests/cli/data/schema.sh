# schema: a required column missing and columns outside the schema both
# fail (the checks ran: exit 1); declared types are checked per column.
printf 'a,b,z\n1,x,3\n2,y,4\n' > e.csv
printf 'version: 1\ndata:\n  - name: d\n    path: e.csv\n    schema: {required: [a, q], allow_extra: false, types: {a: number, b: number}}\n' > p.yml
mlgate check -p p.yml
