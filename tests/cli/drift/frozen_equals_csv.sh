# A frozen reference profile gives the same bins and the same PSI, chi2 and
# Jensen-Shannon numbers as the reference CSV, to the last bit; KS and
# Wasserstein need raw values and are absent; --bins cannot re-bin it.
ref="$FIXTURES/drift/rounded.ref.csv" cur="$FIXTURES/drift/rounded.cur.csv"
mlgate profile "$ref" --format json -o ref.json || exit 1
for m in psi chi2 jensenshannon; do
	mlgate drift ref.json "$cur" --method $m | grep -v '"reference' > frozen.$m || exit 1
	mlgate drift "$ref" "$cur" --method $m | grep -v '"reference' > csv.$m || exit 1
	cmp frozen.$m csv.$m || exit 1
	grep -c "\"$m\": " frozen.$m
done
mlgate drift ref.json "$cur" > all.json || exit 1
mlgate drift "$ref" "$cur" > all-csv.json || exit 1
grep -c '"ks"' all.json
grep -c '"ks"' all-csv.json
grep '"reference_frozen"' all.json
mlgate drift ref.json "$cur" --bins 5
