printf 'a,b\n1,2\n3,x\0y\n' > d.csv
mlgate profile d.csv
