: > policy.yml
mlgate check -p policy.yml
