# shellcheck shell=bash
printf 'a,b\n1,2\n3,4\n5,6,7\n' > d.csv
mlgate profile d.csv
