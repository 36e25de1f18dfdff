# Three classes with the default (binary) average: say which averages apply.
printf "y,p\n0,0\n1,1\n2,2\n" > p.csv
mlgate metrics p.csv --label y --prediction p
