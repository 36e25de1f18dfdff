# -o writes the whole profile or nothing; an input error leaves no file
printf 'a\n1\n' > ok.csv
printf 'a\n"open\n' > bad.csv
mlgate profile ok.csv --format json -o out.json && test -s out.json && echo written
mlgate profile bad.csv --format json -o out2.json; echo "exit $?"
test -e out2.json || echo "no partial file"
