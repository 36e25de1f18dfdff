# An empty predictions file, and one with only a header.
: > empty.csv
mlgate metrics empty.csv --label y --prediction p
printf "y,p\n" > header.csv
mlgate metrics header.csv --label y --prediction p
