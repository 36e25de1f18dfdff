mlgate check --fail-on-warning
