# shellcheck shell=bash
# "\0" in a quoted scalar: refused rather than cut ("min\0x" must not read as "min").
printf 'version: 1\nmodel:\n  - {metric: "f1\\0x", min: 0.5}\n' > policy.yml
mlgate lint policy.yml
