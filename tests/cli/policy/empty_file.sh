: > p.yml
mlgate check -p p.yml
