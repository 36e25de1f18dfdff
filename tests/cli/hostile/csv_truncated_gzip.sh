# shellcheck shell=bash
seq 1 1000 | sed 's/.*/&,&/' | { echo 'a,b'; cat; } | gzip | head -c 100 > d.csv.gz
mlgate profile d.csv.gz
