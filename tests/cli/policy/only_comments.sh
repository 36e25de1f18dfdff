printf '# nothing here\n' > p.yml
mlgate check -p p.yml
