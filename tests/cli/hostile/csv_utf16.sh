# shellcheck shell=bash
# A UTF-16 export (Excel, PowerShell) is refused, not read as garbage columns.
printf '\377\376a\000,\000b\000\n\0001\000,\0002\000\n\000' > d.csv
mlgate profile d.csv
