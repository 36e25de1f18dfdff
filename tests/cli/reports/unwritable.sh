# An unwritable report path is an error, and nothing is left behind.
cp -r "$EXAMPLES/churn" . && cd churn
mlgate check -p policy.yml -q --report json:nodir/r.json
