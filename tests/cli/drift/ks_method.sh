# --ks-method: auto (scipy's default: exact up to 10,000 values a side),
# exact, asymp.  'over' has 10,001 reference values: auto is asymp.
# Expected (scipy 1.10 ks_2samp, tests/fixtures/drift/expected.json):
#   over  auto 0.003204508674819329  exact 0.003186092367133228
#   at    auto = exact 0.003240607399199968  asymp 0.0032494311041273423
# (the asymp values agree to 4e-14: scipy's asymp D is a float difference
# a few ulps from the correctly rounded fraction mlgate uses)
# and n = m = 7 with D = 1/7, where scipy's exact sum gives up: asymp.
D="$FIXTURES/drift"
for m in auto exact asymp; do
	mlgate drift "$D/ksauto.ref.csv" "$D/ksauto.cur.csv" --columns over,at --ks-method $m |
		grep -E '"(name|ks_pvalue|ks_pvalue_method)"'
done
mlgate drift "$D/kssmall.ref.csv" "$D/kssmall.cur.csv" --columns interleaved --ks-method exact |
	grep -E '"(ks|ks_pvalue|ks_pvalue_method)"'
mlgate drift "$D/kssmall.ref.csv" "$D/kssmall.cur.csv" --ks-method fast; echo "exit $?"
