# A dataset of many files profiles and drifts exactly as the one file they
# were cut from (the churn CSVs split into 3 shards of 150, 250 and 200
# rows), apart from path: as a folder and as a glob, on 1 and 2 threads.
# The files a writer leaves beside its data (_SUCCESS, .crc, hidden) are
# not read: a _SUCCESS holding garbage would fail the profile.
d="$EXAMPLES/churn-data/data"
split3() { # csv dir
	mkdir -p "$2"
	for i in 0 1 2; do head -1 "$1" > "$2/part-$i.csv"; done
	tail -n +2 "$1" | awk -v D="$2" 'NR <= 150 { print >> D "/part-0.csv"; next }
		NR <= 400 { print >> D "/part-1.csv"; next } { print >> D "/part-2.csv" }'
	printf 'not,a\n"data file\n' > "$2/_SUCCESS"
	printf 'x\n' > "$2/.part-0.csv.crc"
	printf 'x\n' > "$2/part-1.csv.crc"
}
split3 "$d/reference.csv" ref
split3 "$d/current_drifted.csv" cur
for f in ref/part-*.csv; do echo "$f: $(($(wc -l < "$f") - 1)) rows"; done
mlgate profile --format json "$d/reference.csv" | grep -v '"path"' > want.json
for spec in ref 'ref/' 'ref/*.csv' 'ref/part-[0-2].csv' 're?/**/*'; do
	for t in 1 2; do
		mlgate profile --threads $t --format json "$spec" | grep -v '"path"' > got.json
		cmp -s want.json got.json && echo "$spec --threads $t: same" || diff want.json got.json | head -5
	done
done
mlgate drift "$d/reference.csv" "$d/current_drifted.csv" --format json | grep -v '"path"\|"reference"\|"current"' > want.json
mlgate drift ref 'cur/*.csv' --format json | grep -v '"path"\|"reference"\|"current"' > got.json
cmp -s want.json got.json && echo "drift: same"
# the text output names the files read
mlgate profile ref | tail -1
