# Flags that contradict each other are usage errors (exit 2).
printf "y,p,s\n0,0,0.1\n1,1,0.9\n" > p.csv
mlgate metrics p.csv --prediction p
mlgate metrics p.csv --label y --prediction p --threshold 0.4
mlgate metrics p.csv --label y --prediction p --average samples
mlgate metrics p.csv --label y --prediction p --task regression --score s
mlgate metrics p.csv --label y --prediction p --seed 3
mlgate metrics p.csv --label y --prediction p --bootstrap 0
