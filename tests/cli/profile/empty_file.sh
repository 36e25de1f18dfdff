: > d.csv
mlgate profile d.csv
