# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A 50 MB policy is refused after reading 4 MiB (POLICY_MAX_BYTES).
{ printf 'version: 1\nmodel:\n  - {metric: f1, min: 0.5}\n'; yes '# padding padding padding padding padding' | head -c 52428800; } > policy.yml
tmo 10 mlgate check -p policy.yml
