# shellcheck shell=bash
# Column names in Latin-1 (not UTF-8): refused, since two names that
# differ only in invalid bytes print alike in profiles and reports (a
# frozen profile could not be read back; found by fuzz_profile).
printf 'caf\351,na\357ve\n1,2\n' > d.csv
mlgate profile d.csv
