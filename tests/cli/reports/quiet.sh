cp -r "$EXAMPLES/churn" . && cd churn
out=$(mlgate check -p policy.yml -q) && test -z "$out"
