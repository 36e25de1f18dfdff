printf 'a,b\n1,2\n3,4,5\n' > d.csv
mlgate profile d.csv
