# shellcheck shell=bash
: > d.csv
mlgate profile d.csv
