cp -r "$EXAMPLES/churn" . && cd churn
mlgate check -p policy.yml --set model.f1_score.min=0.9
