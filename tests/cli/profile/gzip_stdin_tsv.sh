# the same table as CSV, gzip, stdin (gzip too) and TSV gives the same profile
printf 'id,amount,note\n1,2.5,"a, b"\n2,NA,"x\ny"\n3,-1e2,c\n4,7,late\n' > d.csv
printf 'id\tamount\tnote\n1\t2.5\t"a, b"\n2\tNA\t"x\ny"\n3\t-1e2\tc\n4\t7\tlate\n' > d.tsv
gzip -c d.csv > d.csv.gz
gzip -c d.tsv > d.tsv.gz
mlgate profile d.csv --format json | sed 1,2d > a.json
mlgate profile d.csv.gz --format json | sed 1,2d > b.json
mlgate profile - --format json < d.csv.gz | sed 1,2d > c.json
mlgate profile d.tsv --format json | sed 1,2d > d.json
mlgate profile d.tsv.gz --format json | sed 1,2d > e.json
mlgate profile - --delimiter '\t' --format json < d.tsv | sed 1,2d > f.json
cmp a.json b.json && cmp a.json c.json && cmp a.json d.json && cmp a.json e.json && cmp a.json f.json && echo same
grep -c '"amount"' a.json
