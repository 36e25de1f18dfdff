# 1e999 overflows: not a number, so its column is string; -0 is 0;
# 0x10 is not decimal; spaces around a number are trimmed
printf 'inf,zero,hex,spaced\n1,-0,16,5\n1e999,-0.0,0x10, 5 \n2,0,1,"  7  "\n' > d.csv
mlgate profile d.csv --format json -o p.json
python3 - <<'PY'
import json
cols = {c["name"]: c for c in json.load(open("p.json"))["columns"]}
print("inf", cols["inf"]["type"], sorted(cols["inf"]["categories"].items()))
z = cols["zero"]
print("zero", z["type"], z["min"], z["max"], z["distinct"], z["mean"])
print("hex", cols["hex"]["type"], sorted(cols["hex"]["categories"].items()))
s = cols["spaced"]
print("spaced", s["type"], s["min"], s["max"], s["mean"])
PY
