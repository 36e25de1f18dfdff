# A report that fails to write makes the exit code 2, and the json report,
# written last, says 2 as well (here the step summary is a directory, so
# the github report's append fails after the gates ran).
cp -r "$EXAMPLES/churn" . && cd churn
mkdir summary-dir
GITHUB_STEP_SUMMARY=$PWD/summary-dir mlgate check -p policy.yml -q \
	--report json:r.json --report github:gh.txt --report sarif:r.sarif
echo "exit $?"
grep '^  "exit_code"' r.json
grep -A1 '"executionSuccessful"' r.sarif
