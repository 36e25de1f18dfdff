# shellcheck shell=bash
mlgate check -p nope.yml
