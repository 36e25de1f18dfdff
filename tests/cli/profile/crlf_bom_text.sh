# BOM, CRLF, a quoted CRLF and the text format
printf '\357\273\277city,temp\r\n"New\r\nYork",21\r\nOslo,NA\r\nRome,30\r\nOslo,-3\r\n' > d.csv
mlgate profile d.csv
