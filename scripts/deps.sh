#!/bin/sh
# Make sure the Debian packages mlgate builds against are installed.
# As root, installs what is missing; otherwise prints the exact command.
# Usage: scripts/deps.sh [--test]   (--test also wants the Check framework)
set -u
pkgs=""
need() { # pkg-config module, Debian package
	pkg-config --exists "$1" 2>/dev/null || pkgs="$pkgs $2"
}
if ! command -v pkg-config >/dev/null 2>&1; then
	pkgs="pkg-config libyaml-dev libcjson-dev libcurl4-openssl-dev zlib1g-dev libsnappy-dev libzstd-dev liblz4-dev libbrotli-dev"
	[ "${1:-}" = --test ] && pkgs="$pkgs check"
else
	need yaml-0.1 libyaml-dev
	need libcjson libcjson-dev
	need libcurl libcurl4-openssl-dev
	need zlib zlib1g-dev
	need snappy libsnappy-dev
	need libzstd libzstd-dev
	need liblz4 liblz4-dev
	need libbrotlidec libbrotli-dev
	[ "${1:-}" = --test ] && need check check
fi
command -v cc >/dev/null 2>&1 || pkgs="$pkgs gcc"
command -v make >/dev/null 2>&1 || pkgs="$pkgs make"
[ -z "$pkgs" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "mlgate: installing missing Debian packages:$pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $pkgs >&2 && exit 0
	echo "mlgate: apt-get install failed" >&2
	exit 1
fi
echo "mlgate: missing packages:$pkgs" >&2
echo "mlgate: install them with: sudo apt-get install -y$pkgs" >&2
exit 1
