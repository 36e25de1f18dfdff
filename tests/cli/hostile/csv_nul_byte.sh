# shellcheck shell=bash
printf 'a,b\n1,2\n3,\0004\n' > d.csv
mlgate profile d.csv
