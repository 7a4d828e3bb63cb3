#!/bin/sh
# Installs the Debian packages fwaudit needs, only when some are missing.
# build: libraries to compile; test: what the test suite drives;
# fuzz: the libFuzzer toolchain for `make fuzz`.
set -eu
build="gcc make pkg-config libssl-dev libyaml-dev libjansson-dev libelf-dev libcapstone-dev libserialport-dev libcrypt-dev libsqlite3-dev liblzma-dev zlib1g-dev libzstd-dev"
test="libcmocka-dev python3 python3-jsonschema python3-yaml python3-cryptography openssl socat poppler-utils chromium man-db groff-base checksec binutils-arm-linux-gnueabi binutils-mips-linux-gnu binutils-aarch64-linux-gnu squashfs-tools"
case "${1:-build}" in
	build) want=$build ;;
	test) want=$test ;;
	bench) want="nmap hyperfine checksec" ;;
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
