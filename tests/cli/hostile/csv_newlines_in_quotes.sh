# shellcheck shell=bash
# Quoted fields holding delimiters, doubled quotes and newlines (RFC 4180).
printf 'id,text\r\n1,"a,b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n' > d.csv
mlgate profile d.csv --format json -o p.json || exit
python3 -c 'import json,sys; p=json.load(open("p.json")); sys.exit(0 if p["rows"] == 3 and p["columns"][1]["distinct"] == 3 else 99)'
