# shellcheck shell=bash
# A metric name carrying a right-to-left override (U+202E) and CSI (U+009B,
# the one-byte escape that starts terminal commands): the text report,
# GitHub annotations and Markdown show U+FFFD instead, JSON writes \u
# escapes; no output carries the raw bytes.
cat > policy.yml <<'EOP'
version: 1
metrics: m.json
model:
  - metric: "f1\u202Egpj.exe\u009B2J"
    min: 0.5
EOP
printf '{"f1\\u202egpj.exe\\u009b2J": 0.1}' > m.json
mlgate check -p policy.yml --report text:t.txt --report github:gh.txt \
	--report markdown:r.md --report json:r.json --report junit:r.xml
echo "exit $?"
rlo=$(printf '\342\200\256') csi=$(printf '\302\233') fffd=$(printf '\357\277\275')
for f in t.txt gh.txt r.md r.json r.xml; do
	if grep -q "$rlo\|$csi" "$f"; then echo "$f: raw control"; fi
done
for f in t.txt gh.txt r.md; do
	grep -q "f1${fffd}gpj.exe${fffd}2J" "$f" && echo "$f: replaced"
done
grep -q 'f1\\u202egpj.exe\\u009b2J' r.json && echo "r.json: escaped"
grep -q 'f1&#x202E;gpj.exe&#x9B;2J' r.xml && echo "r.xml: character references"
