#!/usr/bin/env bash
# make check-browser: the html report rendered by a real browser, Debian's
# chromium headless.  Two runs are rendered -- make demo's drifted data run
# and a predictions/latency/artifacts/waivers run -- each dumped as a DOM
# and screenshotted; check_dom.py asserts on the DOM against the same
# run's json report (verdict, a chart per drift gate with a bar per bin,
# groups, confusion matrix, latency; no script, no URL) and on the PNG.
# A print to PDF must break pages between sections.  The checker is first
# shown a known-bad page, so a checker that accepts everything cannot make
# this pass.  chromium missing is a failure, never a skip.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-check-browser.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$ROOT" || exit 2
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

command -v chromium > /dev/null ||
	{ echo "check-browser: chromium is missing: apt-get install -y chromium"; exit 2; }
[ -x "$PY" ] || { echo "check-browser: $PY is missing"; exit 2; }
[ -x "$BIN" ] || { echo "check-browser: $BIN not built"; exit 2; }

# chromium FILE.html ARGS...: headless, no network services, a fresh profile
browse() {
	local page=$1 profile
	shift
	profile=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$profile" "$@" "file://$page" 2>> "$T/chromium.log"
}

# render NAME: NAME.html and NAME.json exist in $T; dump, shoot, check
render() {
	local name=$1
	browse "$T/$name.html" --dump-dom > "$T/$name.dom" &&
	browse "$T/$name.html" --screenshot="$T/$name.png" --window-size=1200,2000 > /dev/null ||
		{ bad "$name: chromium failed"; tail -20 "$T/chromium.log"; return 1; }
	if "$PY" tests/browser/check_dom.py "$T/$name.html" "$T/$name.dom" "$T/$name.json" \
		"$T/$name.png" > "$T/check.log" 2>&1; then
		ok "$name: rendered, DOM and screenshot as the json report says"
	else
		bad "$name"
		cat "$T/check.log"
	fi
}

# --- make demo's drifted run
"$BIN" check -p examples/churn-data/policy.yml --set data.customers.path=data/current_drifted.csv \
	--report "html:$T/drifted.html" --report "json:$T/drifted.json" > /dev/null
[ $? -eq 1 ] && ok "drifted: exit 1" || bad "drifted: exit code"
render drifted

# --- predictions (per-group gates, confusion matrix), latency, artifacts, waivers
mkdir -p "$T/model/m"
cp tests/fixtures/metrics/binary.csv "$T/model/"
head -c 150000 /dev/zero > "$T/model/m/model.bin"
cat > "$T/model/policy.yml" <<'YML'
version: 1
name: churn-model
predictions:
  path: binary.csv
  label: label
  prediction: pred
  score: score
  gates:
    - metric: f1
      min: 0.7
    - metric: accuracy
      min: 0.8
    - metric: recall
      by: group
      min: 0.6
      max_gap: 0.05
latency:
  - name: score
    command: ["true"]
    runs: 20
    p95_ms: {max: 5000}
    error_rate: {max: 0.1}
artifacts:
  - path: m/model.bin
    max_size_mb: 1
waivers:
  - gate: predictions.accuracy.*
    until: 2099-01-31
    reason: "known label noise; relabel in JIRA-42"
YML
"$BIN" check --allow-path "$T" -p "$T/model/policy.yml" --report "html:$T/model.html" --report "json:$T/model.json" > /dev/null
[ $? -eq 1 ] && ok "model: exit 1" || bad "model: exit code"
render model
grep -q 'waived until 2099-01-31: known label noise' "$T/model.dom" &&
	ok "model: the waiver shows its expiry" || bad "model: no waiver expiry"

# --- printed: one page or more per section
browse "$T/model.html" --print-to-pdf="$T/model.pdf" --no-pdf-header-footer > /dev/null
pages=$(grep -ac '/Type */Page\b' "$T/model.pdf" 2> /dev/null)
sections=$(grep -o '<section' "$T/model.html" | wc -l)
if [ "${pages:-0}" -ge "$sections" ] && [ "$sections" -ge 4 ]; then
	ok "model: printed on $pages pages for $sections sections"
else
	bad "model: printed on ${pages:-0} pages for $sections sections"
fi

# --- the checker refuses a known-bad page: a bar gone, a script added
sed -e '0,/<rect class="bar ref"[^>]*>/s///' -e 's|</body>|<script>1</script></body>|' \
	"$T/drifted.html" > "$T/bad.html"
cp "$T/drifted.json" "$T/bad.json"
browse "$T/bad.html" --dump-dom > "$T/bad.dom"
if "$PY" tests/browser/check_dom.py "$T/bad.html" "$T/bad.dom" "$T/bad.json" "$T/drifted.png" \
	> "$T/check.log" 2>&1; then
	bad "the checker accepted a page with a bar missing and a script"
elif grep -q 'bars for 10 bins' "$T/check.log" && grep -q '<script>' "$T/check.log"; then
	ok "the checker refuses a page with a bar missing and a script"
else
	bad "the checker refused the bad page for other reasons"
	cat "$T/check.log"
fi

# --- the screenshot the README shows is the drifted run's page
[ -s doc/img/report-drifted.png ] && [ "$(wc -c < doc/img/report-drifted.png)" -le 307200 ] &&
	ok "doc/img/report-drifted.png exists, under 300 KB" || bad "doc/img/report-drifted.png"

[ "$fails" -eq 0 ] && echo "check-browser: all passed" || echo "check-browser: $fails failed"
[ "$fails" -eq 0 ]
