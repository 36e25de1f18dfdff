# The drifted sample fails: income moved (KS p-value), a 'trial' plan
# appeared (allowed, and chi2: a two-sample test counts the new category;
# scipy's chi2_contingency gives p = 7.19e-13, ks_2samp 4.99e-08), ages
# went missing (null ratio).  The JSON report's
# drift gate carries the method, both n and the bins with their counts.
cp -r "$EXAMPLES/churn-data" . && cd churn-data
mlgate check -p policy.yml --set data.customers.path=data/current_drifted.csv
echo "exit $?"
mlgate check -p policy.yml --set data.customers.path=data/current_drifted.csv -q --report json:r.json
grep -o '"id": "data.customers.income.drift.ks"' r.json
grep -o '"details": {"method":"ks","type":"number","n_reference":600,"n_current":400,' r.json
# numeric drift gates: age, income, tenure_months, churn
n=$(grep -o '"bins":{"edges":\[[-0-9.,e]*\],"reference_counts":\[[0-9,]*\],"current_counts":\[[0-9,]*\]}' r.json | wc -l)
echo "drift gates with edges and counts: $n"
