# shellcheck shell=bash
mlgate lint .
