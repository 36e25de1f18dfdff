# `mlgate help check` names every report format the program knows (the list
# an unknown format's error prints).
mlgate check --report none 2> err.txt
known=$(sed -n "s/.*(known: \(.*\))$/\1/p" err.txt | tr -d ,)
test -n "$known" || exit 1
mlgate help check | tr '\n' ' ' | tr -s ' ' > help.txt
for f in $known; do
	grep -q -- "[ ,]$f[ ,]" help.txt || { echo "missing: $f"; exit 2; }
done
echo "$known"
