#!/bin/sh
# `make demo`: a real audit of the samples — a secure and an insecure device.
# Findings are the point of the demo, so their exit status 1 is expected here.
set -u
bin=${1:-./fwaudit}
cd "$(dirname "$0")/.."
mkdir -p out
run() {
	echo "\$ fwaudit $*"
	"$bin" "$@"
	rc=$?
	echo "(exit status $rc)"
	[ $rc -le 1 ] || exit $rc
	echo
}
secure="samples/secure/sdkconfig samples/secure/efuse.json"
insecure="samples/insecure/sdkconfig samples/insecure/efuse.json"
for f in samples/secure/flash.bin samples/insecure/flash.bin; do
	[ -f "$f" ] || continue
	case $f in *insecure*) insecure="$insecure $f" ;; *) secure="$secure $f" ;; esac
done
echo "=== Secure device: Secure Boot V2, flash encryption (release), JTAG off, secure download mode"
run scan $secure --declarations samples/vendor.yaml --format text --format json -o out/secure.json
echo "=== Insecure device (development board defaults), with the team's waivers; failures only"
run scan $insecure --declarations samples/vendor.yaml --waivers samples/waivers.yaml --quiet \
	--format text --format json -o out/insecure.json
echo "Reports written to out/secure.json and out/insecure.json"
