# The text report (issue 15): a value that passes its baseline threshold by
# less than 6 digits show is printed with the digits that tell them apart
# (0.93 - 0.01094411 = 0.91905589 <= 0.9190559, which %.6g rounds to
# 0.919056 for both); --only lists the gates asked for; on a terminal the
# lines fit its width, and 80 columns otherwise.
cat > p.yml <<'YML'
version: 1
metrics: m.json
baseline: b.json
model:
  - metric: f1
    baseline: {max_drop: 0.01094411}
  - metric: auc
    min: 0.8
  - metric: loss
    max: 0.3
YML
echo '{"f1": 0.9190559, "auc": 0.91, "loss": 0.30000001}' > m.json
echo '{"f1": 0.93, "auc": 0.9, "loss": 0.2}' > b.json
mlgate check -p p.yml; echo "exit $?"
mlgate check -p p.yml --only all; echo "exit $?"
mlgate check -p p.yml --only failures; echo "exit $?"
mlgate check -p p.yml --only some 2>&1; echo "exit $?"
# a terminal 50 columns wide: every line but the verdict fits
script -qc "stty cols 50; mlgate check -p p.yml --only all --color never" /dev/null |
	tr -d '\r' > tty.txt
echo "tty lines wider than 50: $(grep -v '^mlgate: ' tty.txt | awk 'length($0) > 50' | wc -l)"
echo "tty lines: $(grep -c . tty.txt)"
