mlgate check --report yaml
