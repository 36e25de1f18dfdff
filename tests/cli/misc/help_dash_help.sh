# `mlgate CMD --help` and `-h` print exactly what `mlgate help CMD` prints,
# and exit 0 without running the command.
for c in check profile drift metrics promote lint init; do
	mlgate help $c > a.txt || exit 1
	mlgate $c --help > b.txt || exit 2
	mlgate $c -h > c.txt || exit 3
	cmp a.txt b.txt && cmp a.txt c.txt || exit 4
done
test ! -e mlgate.yml || exit 5
echo same
