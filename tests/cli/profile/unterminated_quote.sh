printf 'a,b\n1,2\n3,"open\n4,5\n' > d.csv
mlgate profile d.csv
