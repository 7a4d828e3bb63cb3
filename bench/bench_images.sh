# ESP images: whole-process analysis of a 4 MiB and a 16 MiB flash dump built
# here from the shared vectors (bench/make_dump.py: signed bootloader with 3
# RSA blocks, real NVS, otadata, 3 / 15 OTA slots holding four different real
# ESP32 apps signed with 1-3 RSA-3072 blocks, spiffs filler). Every image is parsed, checksummed, hashed and every signature
# block verified. Target: >= 1 GB/s, 16 MiB in < 20 ms.
#
# Side by side, when Espressif's tools can be run (ESPTOOL_DIR holding
# esptool.py and espsecure.py, or both on PATH): `espsecure.py
# verify_signature --version 2` + `esptool.py image_info --version 2` on the
# same images, extracted (they do not read flash dumps). Target: >= 20x.
set -u
: "${FWAUDIT:?}"
N=${N:-30}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -d "$SHARED/vectors" ] || { echo "  skip: $SHARED/vectors is absent"; exit 0; }
/usr/bin/python3 -c "import cryptography" 2>/dev/null ||
	{ echo "  skip: python3-cryptography is needed to sign the bench images"; exit 0; }

. "$(dirname "$0")/lib.sh"

peer=""
if [ -n "${ESPTOOL_DIR:-}" ] && [ -f "$ESPTOOL_DIR/esptool.py" ]; then
	peer="$ESPTOOL_DIR"
elif command -v espsecure.py >/dev/null 2>&1 && command -v esptool.py >/dev/null 2>&1; then
	peer=$(dirname "$(command -v esptool.py)")
fi
pubkey=$SHARED/vectors/esptool/secure_images/rsa_secure_boot_signing_pubkey.pem

rc=0
for mib in 4 16; do
	info=$(/usr/bin/python3 "$TOP/bench/make_dump.py" "$SHARED" "$out/$mib" "$mib") || { rc=1; continue; }
	slots=${info% *}
	dump=$out/$mib/flash_${mib}mb.bin
	set -- $(walltime "$FWAUDIT" scan --facts-only "$dump" -o "$out/f.json")
	fmin=$1 fmed=$2
	set -- $(walltime "$FWAUDIT" scan "$dump" --format json -o "$out/r.json")
	jmin=$1 jmed=$2
	gbs=$(awk "BEGIN { printf \"%.2f\", $mib * 1048576 / ($jmin / 1000) / 1e9 }")
	printf '  %2d MiB dump, %2d signed apps + signed bootloader:\n' "$mib" "$slots"
	printf '    fwaudit scan --facts-only            min %6.1f ms  median %6.1f ms\n' "$fmin" "$fmed"
	printf '    fwaudit scan, all rules, JSON report  min %6.1f ms  median %6.1f ms  (%s GB/s)\n' \
	    "$jmin" "$jmed" "$gbs"
	if [ "$mib" = 16 ] && awk "BEGIN { exit !($jmin >= 20) }"; then
		echo "    OVER TARGET (16 MiB in < 20 ms)"
		rc=1
	fi
	[ -n "$peer" ] || continue
	start=$(date +%s%N)
	for img in "$out/$mib"/bootloader.bin "$out/$mib"/app_*.bin; do
		/usr/bin/python3 "$peer/espsecure.py" verify_signature --version 2 --keyfile "$pubkey" "$img" \
		    >/dev/null 2>&1
		/usr/bin/python3 "$peer/esptool.py" --chip esp32 image_info --version 2 "$img" >/dev/null 2>&1
	done
	pms=$(( ($(date +%s%N) - start) / 1000000 ))
	ratio=$(awk "BEGIN { printf \"%.0f\", $pms / $jmin }")
	printf '    espsecure verify_signature + esptool image_info, %d images: %d ms  (fwaudit %sx faster)\n' \
	    "$((slots + 1))" "$pms" "$ratio"
	[ "$ratio" -ge 20 ] || { echo "    UNDER TARGET (20x)"; rc=1; }
done
if [ -z "$peer" ]; then
	echo "  peer: set ESPTOOL_DIR to an esptool checkout (esptool.py, espsecure.py) to compare"
fi
exit $rc
