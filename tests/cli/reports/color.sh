# --color always colours the text report; never (and NO_COLOR, which the
# test runner sets, with a non-terminal stdout) leaves it plain.
cp -r "$EXAMPLES/churn" . && cd churn
mlgate check -p policy.yml --color always | grep -q $'\033\\[33mWARN' || exit 1
mlgate check -p policy.yml --color never | grep -q $'\033' && exit 2
mlgate check -p policy.yml | grep -q $'\033' && exit 3
mlgate check -p policy.yml --color sometimes 2>/dev/null; test $? -eq 2 || exit 4
echo colours ok
