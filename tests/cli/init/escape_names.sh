# Names init writes go through one YAML escaper: metric names, column names
# and category values holding '"', a newline, ': ', '#', '${HOME}', a
# leading '-', 'yes', '1e3', non-ASCII and a C1 control (CSI, U+009B)
# re-read as exactly those names: the metric gates find their metrics, the
# column gates their columns, the allowed list every category, and
# nothing is expanded or added.
printf '{"a\\"b\\nc": 0.5, "k: v #x": 0.6, "${HOME}": 0.7, "-lead": 0.8, "yes": 0.9, "1e3": 1.0, "Z\\u00fcrich": 1.1, "csi\\u009bx": 1.2, "a/b~c": 1.3}\n' > m.json
printf '"a""b\nc","k: v #x","${HOME}",-lead,yes,1e3,Z\xc3\xbcrich,csi\xc2\x9bx\n' > d.csv
for i in $(seq 20); do
	printf '1,"x, y",3,4,5,6,7,8\n1,"${HOME}",3,4,5,6,7,8\n1,yes,3,4,5,6,7,8\n1,"q""t: #",3,4,5,6,7,8\n'
done >> d.csv
mlgate init --metrics m.json --data d.csv --reference d.csv 2>/dev/null || exit 10
# the thresholds the policy leaves to a person
sed -i 's/min: ~ .*/min: 0/' mlgate.yml
mlgate lint || exit 11
mlgate check --report json:r.json >/dev/null || exit 12
# 9 metric gates with the names as they are in m.json (JSON-escaped here)
for t in '/a\"b\nc' '/k: v #x' '/${HOME}' '-lead' 'yes' '1e3' '/Zürich' '/csi\u009bx' '/a~1b~0c'; do
	grep -qF "\"target\": \"$t\"" r.json || { echo "no metric gate $t"; exit 13; }
done
# a type gate per column, named as in d.csv
for c in 'a\"b\nc' 'k: v #x' '${HOME}' '-lead' 'yes' '1e3' 'Zürich' 'csi\u009bx'; do
	grep -qF "\"id\": \"data.dataset.$c.type\"" r.json || { echo "no column gate $c"; exit 14; }
done
grep -qF '"id": "data.dataset.k: v #x.allowed"' r.json || exit 15
# 9 metric gates; row count, 3 schema gates; per column (8) type, null
# ratio and drift; the one allowed list: 9 + 4 + 24 + 1
grep -E '"(passed|failed|errored)":' r.json
# ${HOME} was written as $${HOME} where mlgate expands, never read
grep -c 'HOME' mlgate.yml
grep -F -e '$${HOME}' -e '"${HOME}":' mlgate.yml
# a changed category fails the allowed list that came from the escaped values
sed 's/^1,yes,/1,Yes,/' d.csv > cur.csv
mlgate check --set data.dataset.path=cur.csv | grep -F 'FAIL   k: v #x.allowed'
