# A predicted class that never occurs in the labels (usually an encoding mix-up).
printf "y,p\n0,0\n1,2\n1,1\n0,1\n" > p.csv
mlgate metrics p.csv --label y --prediction p
