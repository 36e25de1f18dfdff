# a 100 MB single field: refused at the 16 MiB field limit, with its line
{ echo x; echo 1; yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | tr -d '\n' | head -c 100000000; echo; } > d.csv
mlgate profile d.csv
