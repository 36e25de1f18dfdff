# A dataset whose files do not agree, or that holds no file, is an input
# error (exit 3) naming the file -- never a pass, never a partial read.
t() { mlgate profile --threads "$1" "$2" > /dev/null 2> err; echo "exit $? $(cat err)"; }
mkdir missing extra hive clash empty bad
printf 'a,b\n1,2\n' > missing/1.csv; printf 'a\n1\n' > missing/2.csv; printf 'a,b\n1,2\n' > missing/3.csv
t 1 missing; t 2 missing
printf 'a\n1\n' > extra/1.csv; printf 'a,c\n1,2\n' > extra/2.csv
t 1 extra; t 2 extra
mkdir -p hive/k=1 hive/j=2
printf 'a\n1\n' > hive/j=2/1.csv; printf 'a\n1\n' > hive/k=1/2.csv
t 1 hive
mkdir clash/a=1; printf 'a\n1\n' > clash/a=1/1.csv
t 1 clash
touch empty/_SUCCESS empty/.hidden
t 1 empty; t 1 'nothing/*.parquet'; t 1 'empty/*'
printf 'a,b\n1,2\n' > bad/1.csv; printf 'a,b\n1,2\n3\n' > bad/2.csv
t 1 bad; t 2 bad
