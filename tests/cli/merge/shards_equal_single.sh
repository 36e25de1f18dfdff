# The profile of a CSV equals the merge of the partial profiles of its 3
# shards (one read from stdin): every field equal, the mean and std to
# 1e-12 relative.  Every numeric column has few distinct values, so the
# merged sketch is exact and so are the quantiles and bins from it.
awk 'BEGIN {
	print "k,price,plan,score"
	for (i = 0; i < 9000; i++) {
		plan = i < 3 ? substr("abc", i + 1, 1) : substr("abc", (i * 7) % 3 + 1, 1)
		score = (i % 13 == 0) ? "" : ((i * 37) % 1001) / 8 - 40
		printf "%d,%.2f,%s,%s\n", i % 97, ((i * 7919) % 3001) / 100, plan, score
	}
}' > all.csv
head -n 1 all.csv > h
{ cat h; sed -n '2,3001p' all.csv; } > s1.csv
{ cat h; sed -n '3002,7001p' all.csv; } > s2.csv
{ cat h; sed -n '7002,$p' all.csv; } > s3.csv
mlgate profile --partial -o p1.json s1.csv
mlgate profile --partial -o p2.json - < s2.csv
mlgate profile --partial -o p3.json s3.csv
mlgate merge p3.json p1.json p2.json -o merged.json
mlgate profile --format json -o single.json all.csv
# drop what only a partial has (its merge state, and the path)
strip() {
	awk '/^ *"(partial|moments|sketch)": [{]/ { skip = match($0, /[^ ]/); next }
	     skip { if (match($0, /[^ ]/) == skip && $0 ~ /^ *}/) skip = 0; next }
	     /"(hist_frozen|sketch_rank_error|path)":/ { next }
	     { sub(/,$/, ""); print }' "$1"
}
strip merged.json > m.txt
strip single.json > s.txt
wc -l < s.txt
# line by line: equal, or a mean/std within 1e-12 relative
paste -d '\t' s.txt m.txt | awk -F '\t' '
	$1 == $2 { same++; next }
	$1 ~ /"(mean|std)":/ {
		split($1, a, ": "); split($2, b, ": ")
		d = a[2] - b[2]; if (d < 0) d = -d
		r = a[2] < 0 ? -a[2] : a[2]
		if (d <= 1e-12 * r) { near++; next }
	}
	{ print "differs: " $1 " | " $2; bad++ }
	END { printf "%s lines equal, moments within 1e-12: %s\n", bad ? "NOT all" : "all", bad ? "no" : "yes" }'
grep -c '"parts": 3' merged.json
