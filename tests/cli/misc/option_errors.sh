# An unknown option or a missing value is a usage error of that command,
# with the hint to its help; an unknown command in 'help' points to --help.
mlgate profile --nope x.csv
mlgate drift a.csv b.csv --bins
mlgate lint -p x.yml
mlgate init -o
mlgate promote --dry-run=yes
mlgate promote --nope=yes
mlgate metrics p.csv --label
mlgate check --colour
mlgate help nope
mlgate help --man nope
