# shellcheck shell=bash
: > policy.yml
mlgate check -p policy.yml
