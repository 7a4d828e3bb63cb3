# --flash-key: auditing a 4 MiB flash-encrypted ESP32 dump with its key
# (decrypted in memory: ESP32 AES-256 with the per-32-byte key tweak, the
# heaviest scheme) against auditing the same dump in plaintext. The dump is
# bench/make_dump.py's (signed bootloader, 3 signed apps, NVS, otadata),
# encrypted here as a chip does (tests/integration/esp_flash_encrypt.py).
# Target: within 3x the plaintext audit (issue #18).
set -u
: "${FWAUDIT:?}"
N=${N:-30}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -d "$SHARED/vectors" ] || { echo "  skip: $SHARED/vectors is absent"; exit 0; }
/usr/bin/python3 -c "import cryptography" 2>/dev/null ||
	{ echo "  skip: python3-cryptography is needed to build the dump"; exit 0; }

. "$(dirname "$0")/lib.sh"

/usr/bin/python3 "$TOP/bench/make_dump.py" "$SHARED" "$out" 4 >/dev/null || exit 1
head -c 32 /dev/urandom >"$out/key.bin"
/usr/bin/python3 "$TOP/tests/integration/esp_flash_encrypt.py" "$out/flash_4mb.bin" \
	"$out/enc.bin" "$out/key.bin" esp32 0xF 0xA000 || exit 1
set -- $(walltime "$FWAUDIT" scan "$out/flash_4mb.bin" --format json -o "$out/p.json")
pmin=$1 pmed=$2
set -- $(walltime "$FWAUDIT" scan "$out/enc.bin" --flash-key "$out/key.bin" --format json -o "$out/e.json")
emin=$1 emed=$2
ratio=$(awk "BEGIN { printf \"%.1f\", $emin / $pmin }")
printf '  4 MiB ESP32 dump, all rules, JSON report:\n'
printf '    plaintext                    min %6.1f ms  median %6.1f ms\n' "$pmin" "$pmed"
printf '    flash-encrypted + --flash-key min %6.1f ms  median %6.1f ms  (%sx)\n' "$emin" "$emed" "$ratio"
awk "BEGIN { exit !($ratio > 3) }" && { echo "    OVER TARGET (3x)"; exit 1; }
exit 0
