# An explicit --delimiter , wins over the .tsv name (the file is comma-
# separated although it is called .tsv), and so does a policy's
# delimiter: ","; without it the .tsv name means tab (one column).
printf 'a,b\n1,x\n2,y\n3,\n' > data.tsv
mlgate profile data.tsv --delimiter , --format text
mlgate profile data.tsv --format text | head -3
printf 'version: 1\ndata:\n  - name: d\n    path: data.tsv\n    delimiter: ","\n    schema: {required: [a, b]}\n    columns:\n      a: {type: number, max: 3}\n' > p.yml
mlgate check -p p.yml; echo "exit $?"
