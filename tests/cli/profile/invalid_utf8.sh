# bytes that are not UTF-8 are kept apart in the statistics, and every
# output stays valid: JSON (read by Python's parser, duplicate keys
# refused) and text.  \377 and \376 both print as U+FFFD, so the
# categories object adds their counts under one key.
printf 'name,v\n\377\376,1\n\376,2\nok,3\n\377\376,4\n\377,5\n' > d.csv
mlgate profile d.csv --format json -o p.json
python3 - <<'PY'
import json
def no_dups(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)
p = json.load(open("p.json"), object_pairs_hook=no_dups)
c = p["columns"][0]
print(c["type"], c["distinct"], c["top"], sorted(c["categories"].items()))
PY
mlgate profile d.csv | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8"); print("text is utf-8")'
