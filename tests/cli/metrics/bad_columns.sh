# A column that is not in the file, with a hint; an empty prediction cell;
# a positive label that does not occur.
printf "y,p\n0,0\n1,1\n" > p.csv
mlgate metrics p.csv --label Y --prediction p
printf "y,p\n0,\n" > nullp.csv
mlgate metrics nullp.csv --label y --prediction p
mlgate metrics p.csv --label y --prediction p --positive yes
