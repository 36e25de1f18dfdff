# shellcheck shell=bash
# ${VAR} reads only what the operator allows: a credential in a gate's
# name or a metrics path is refused (exit 2), the message quoting the raw
# text; no output holds the secret, even lower-cased.
export MLFLOW_TRACKING_TOKEN=tok-MARKER-name-0001 GITHUB_TOKEN=ghs_MARKER_gh_0002
echo '{"f1": 0.9}' > m.json
printf 'version: 1\nname: "x ${MLFLOW_TRACKING_TOKEN}"\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > a.yml
mlgate check -p a.yml --report json:a.json --report markdown:a.md; echo "name: exit $?"
printf 'version: 1\nmetrics: "${GITHUB_TOKEN}.json"\nmodel: [{metric: f1, min: 0.5}]\n' > b.yml
mlgate check -p b.yml; echo "path: exit $?"
# a glob in MLGATE_ALLOWED_ENV never admits a credential
MLGATE_ALLOWED_ENV='*' mlgate check -p b.yml; echo "glob: exit $?"
# the safe default reads CI variables
printf 'version: 1\nname: "run ${CI_PIPELINE_ID}"\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > c.yml
CI_PIPELINE_ID=4711 mlgate check -p c.yml -q --report json:c.json && grep '"name"' c.json
if grep -rliF marker . ; then echo "SECRET LEAKED" >&2; exit 97; fi
