# shellcheck shell=bash
printf 'a,b,a\n1,2,3\n' > d.csv
mlgate profile d.csv
