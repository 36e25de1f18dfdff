printf -- '- metric: f1\n' > p.yml
mlgate check -p p.yml
