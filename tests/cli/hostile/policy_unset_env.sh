# shellcheck shell=bash
unset MLGATE_HOSTILE_UNSET
export MLGATE_ALLOWED_ENV=MLGATE_HOSTILE_UNSET
printf 'version: 1\nmetrics: ${MLGATE_HOSTILE_UNSET}\nmodel: [{metric: f1, min: 0.5}]\n' > policy.yml
mlgate check -p policy.yml
