mlgate check -p nope.yml
