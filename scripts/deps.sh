#!/bin/sh
# Installs the Debian packages fwaudit needs, only when some are missing.
# build: libraries to compile; test: what the test suite drives;
# fuzz: the libFuzzer toolchain for `make fuzz`; deb: what `make deb` needs.
# `deps.sh missing` prints the Debian packages a build lacks, found the way
# the build finds them (pkg-config, the compiler on PATH), without root.
set -eu
build="gcc make pkg-config libssl-dev libyaml-dev libjansson-dev libelf-dev libcapstone-dev libserialport-dev libcrypt-dev libsqlite3-dev liblzma-dev zlib1g-dev libzstd-dev"
test="libcmocka-dev zsh cmake python3 python3-jsonschema python3-yaml python3-cryptography openssl socat poppler-utils chromium man-db groff-base checksec binutils-arm-linux-gnueabi binutils-mips-linux-gnu binutils-aarch64-linux-gnu squashfs-tools"
# pkg-config name:Debian package, for each library the Makefile's PKGS lists
libs="openssl:libssl-dev yaml-0.1:libyaml-dev jansson:libjansson-dev libelf:libelf-dev
capstone:libcapstone-dev libserialport:libserialport-dev libcrypt:libcrypt-dev
sqlite3:libsqlite3-dev liblzma:liblzma-dev zlib:zlib1g-dev libzstd:libzstd-dev"
if [ "${1:-}" = missing ]; then
	out=""
	cc=${CC:-cc}; command -v "${cc%% *}" >/dev/null 2>&1 || out="$out gcc"
	command -v pkg-config >/dev/null 2>&1 || { echo "$out pkg-config"; exit 0; }
	for l in $libs; do
		pkg-config --exists "${l%%:*}" || out="$out ${l#*:}"
	done
	echo "$out"
	exit 0
fi
case "${1:-build}" in
	build) want=$build ;;
	test) want=$test ;;
	bench) want="nmap hyperfine checksec" ;;
	deb) want="build-essential debhelper devscripts lintian fakeroot" ;;
	# libclang-rt-dev: libFuzzer and the sanitizer runtimes, only a
	# recommendation of clang on Debian 12 (not installed without it).
	fuzz) want="clang libclang-rt-dev" ;;
	*) want="$*" ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "fwaudit: missing packages:$missing (run as root, or install them: apt-get install$missing)" >&2
	exit 2
fi
echo "fwaudit: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
