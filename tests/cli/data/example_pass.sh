# The data example passes: schema, nulls, ranges, allowed values, unique ids
# and drift (PSI by default, KS and chi2 p-values on two columns).
cp -r "$EXAMPLES/churn-data" . && cd churn-data
mlgate check --only all -p policy.yml
