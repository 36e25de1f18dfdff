# A 50 MB policy is refused without reading it all into memory.
{ printf 'version: 1\nname: x\n'; head -c 52428800 /dev/zero | tr '\0' '#'; } > p.yml
# bounded memory (ASan reserves huge shadow maps, so only without it)
[ -n "${MLGATE_SANITIZED:-}" ] || ulimit -v 200000
mlgate check -p p.yml
