# A policy error (the most common first-run mistake) is an annotation at
# its place, relative to the workspace, and a step summary, not only
# stderr; the summary starts on a line of its own.
mkdir -p ws/models && cd ws/models
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: a\n    mni: 1\n' > mlgate.yml
printf 'an earlier step, unterminated' > ../summary.md
GITHUB_WORKSPACE=$(cd .. && pwd) GITHUB_STEP_SUMMARY=$(cd .. && pwd)/summary.md \
	mlgate check -p mlgate.yml --report github
echo "exit $?"
cat ../summary.md
