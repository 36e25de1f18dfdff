# shellcheck shell=bash
# A frozen reference profile (drift's REFERENCE) whose histogram has the wrong number of counts.
printf 'a,b\n1,x\n2,y\n3,x\n' > cur.csv
mlgate profile cur.csv --format json -o good.json || exit 90
python3 - <<'PY'
import json
d = json.load(open("good.json"))
a, b = d["columns"][0], d["columns"][1]
a["hist"]["counts"] = [1]
open("ref.json", "w").write(json.dumps(d).replace('"__NAN__"', "NaN"))
PY
[ -f ref.json ] || exit 90
mlgate drift ref.json cur.csv
