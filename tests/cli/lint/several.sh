# Several policies (pre-commit's pass_filenames): each is checked, every
# problem is printed, and the exit code is the highest.
mkdir a b
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: x\n    min: 1\n' > a/mlgate.yml
printf 'version: 1\nmetrics: m.json\nmodel:\n  - metric: x\n    mni: 1\n' > b/mlgate.yml
mlgate lint a/mlgate.yml b/mlgate.yml a/mlgate.yml
echo "exit $?"
mlgate lint a/mlgate.yml a/mlgate.yml
echo "exit $?"
mlgate lint a/mlgate.yml missing.yml
echo "exit $?"
