# the same inside quotes, and with the file on stdin
{ echo x; printf '"'; yes 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"",' | tr -d '\n' | head -c 40000000; echo '"'; } > d.csv
mlgate profile - < d.csv
