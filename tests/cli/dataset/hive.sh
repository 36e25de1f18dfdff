# Hive-style key=value folders become columns after the files' own, in
# folder order; values are URL-decoded (%20 is a space) and read as any
# cell (2024 is a number); __HIVE_DEFAULT_PARTITION__ is a null.  The
# third file has its columns in another order: matched by name.
# By hand: a = 1,2,3,4: mean 2.5, std sqrt(5/3) = 1.2909944487358056,
# p05 = 1 + 0.15*(2-1) = 1.15; year = 2024 x3 and one null (25%);
# region = eu x3, 'us east' x1.
mkdir -p h/year=2024/region=eu "h/year=2024/region=us%20east" h/year=__HIVE_DEFAULT_PARTITION__/region=eu
printf 'a,b\n1,x\n2,y\n' > h/year=2024/region=eu/p.csv
printf 'a,b\n3,z\n' > "h/year=2024/region=us%20east/p.csv"
printf 'b,a\nq,4\n' > h/year=__HIVE_DEFAULT_PARTITION__/region=eu/p.csv
mlgate profile h
# the glob's fixed folders are the base: year is not a column here
mlgate profile 'h/year=2024/*/*.csv' | grep -c '^year'
mlgate profile 'h/year=2024/*/*.csv' | grep '^region'
