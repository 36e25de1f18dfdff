# JSON Lines refusals: exit 3, naming the file and the line.
printf '{"a": 1}\n[1, 2]\n' > array_line.jsonl
printf '{"a": 1}\n{"a": [1]}\n' > array_value.jsonl
printf '{"a": 1}\n{"a": }\n' > syntax.jsonl
printf '{"a": 1}\n"text"\n' > scalar.ndjson
printf '{"a.b": 1, "a": {"b": 2}}\n' > clash.jsonl
printf '\n\n' > blank.jsonl
printf '{"a": 1, "a": 2}\n' > dupkey.jsonl
for f in array_line.jsonl array_value.jsonl syntax.jsonl scalar.ndjson clash.jsonl blank.jsonl dupkey.jsonl; do
	mlgate profile "$f" 2>&1 >/dev/null
	echo "exit $?"
done
# blank lines and a last line without a newline are fine; values as CSV cells
printf '{"n": 1, "s": "x", "b": true}\n\n{"n": 2.5, "b": false, "o": {"k": null}}\r\n{"s": "NA"}' > ok.jsonl
mlgate profile ok.jsonl
