# Each command's help: synopsis, options and only the exit codes that
# command can return, all generated from its table (src/cli/cmd_*.c).
for c in check profile drift metrics promote comment lint init; do
	mlgate help $c || exit 1
	echo "----"
done
