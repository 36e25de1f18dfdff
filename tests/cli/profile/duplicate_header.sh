printf 'id,x,id\n1,2,3\n' > d.csv
mlgate profile d.csv
