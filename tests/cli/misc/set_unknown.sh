cp -r "$EXAMPLES/churn" . && cd churn
mlgate check -p policy.yml --set model.auc.min=0.9
