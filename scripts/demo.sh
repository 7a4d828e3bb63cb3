#!/bin/sh
# `make demo`: a real audit of the samples — a secure and an insecure ESP32-S3
# device (sdkconfig, eFuse summary, 4 MiB flash dump), then two units compared.
# Each prints the text report a person reads first (docs/reports.md, "Text");
# the full evidence goes to out/. Findings are the point of the demo, so
# their exit status 1 is expected here.
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
echo "=== Secure device: Secure Boot V2, flash encryption (release), JTAG off, secure download mode."
echo "    The dump is read from the device, so it is flash-encrypted: what it cannot show is"
echo "    listed under \"to complete the evidence\"."
run scan samples/secure/sdkconfig samples/secure/efuse.json samples/secure/flash-encrypted.bin \
	--declarations samples/vendor.yaml --profile etsi-en-303-645 --profile pswg \
	--format text --format json -o out/secure.json --format html -o out/secure.html
echo "=== Insecure device (development defaults), with the team's waivers"
run scan samples/insecure/sdkconfig samples/insecure/efuse.json samples/insecure/flash.bin \
	--declarations samples/vendor.yaml --waivers samples/waivers.yaml \
	--format text --format json -o out/insecure.json --format sarif -o out/insecure.sarif
echo "=== Two units of the insecure product: what they wrongly share (failures only)"
run scan --compare samples/insecure/flash.bin samples/insecure/flash-unit2.bin --quiet
echo "Reports: out/secure.json, out/secure.html, out/insecure.json, out/insecure.sarif"
echo "Every rule with all its evidence: add --verbose."
