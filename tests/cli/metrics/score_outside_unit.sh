# Log loss needs probabilities: a score above 1 is refused, with its line.
printf "y,s\n0,0.2\n1,0.9\n1,1.2\n" > p.csv
mlgate metrics p.csv --label y --score s
