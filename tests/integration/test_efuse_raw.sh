# eFuse register dumps as inputs: `espefuse.py dump` text and raw block
# images of each vector chip give the same efuse.* facts as its JSON summary.
. "$(dirname "$0")/lib.sh"
need_shared
. "$(dirname "$0")/serial_lib.sh"

for chip in esp32 esp32c2 esp32s2 esp32s3 esp32c3 esp32c3_hardened esp32c6 esp32h2; do
	"$FWAUDIT" scan --facts-only "$VEC/$chip.summary.json" >"$T/$chip.json" || fail "$chip JSON"
	"$SIM" --efuse "$VEC/$chip.summary.json" --write-dump "$T/$chip.dump.txt" || fail "$chip: sim dump"
	"$SIM" --efuse "$VEC/$chip.summary.json" --write-bin "$T/efuse_$chip.bin" || fail "$chip: sim bin"
	"$FWAUDIT" scan --facts-only "$T/$chip.dump.txt" >"$T/$chip.d.json" 2>"$T/err" || fail "$chip dump: $(cat "$T/err")"
	"$FWAUDIT" scan --facts-only "$T/efuse_$chip.bin" >"$T/$chip.b.json" 2>"$T/err" || fail "$chip bin: $(cat "$T/err")"
	same_efuse "$T/$chip.json" "$T/$chip.d.json"
	same_efuse "$T/$chip.json" "$T/$chip.b.json"
	jcheck "$T/$chip.d.json" 'd["inputs"][0]["kind"] == "efuse-dump"'
	jcheck "$T/$chip.b.json" 'd["inputs"][0]["kind"] == "efuse-bin"'
done
# A real espefuse layout line (block names, not numbers, in the first column).
printf 'Detecting chip type... ESP32-S3\nBLOCK0          (                ) [0 ] read_regs: 00000000 00080000 00000000 00100000 00000001 00000000\n' >"$T/s3.txt"
"$FWAUDIT" scan --facts-only "$T/s3.txt" >"$T/s3.json" || fail "s3 dump"
jcheck "$T/s3.json" 'd["facts"]["efuse.download_mode.disabled"]["value"] is True'
jcheck "$T/s3.json" 'd["facts"]["efuse.jtag.pad_disabled"]["value"] is True'
jcheck "$T/s3.json" 'd["facts"]["efuse.secure_boot.enabled"]["value"] is True'
jcheck "$T/s3.json" '"efuse.mac" not in d["facts"]'
# Hostile: a dump with a short word, an unnamed raw image.
printf 'Detecting chip type... ESP32-S3\nBLOCK0 () [0 ] read_regs: 0000\n' >"$T/bad.txt"
expect_exit 2 "$FWAUDIT" scan "$T/bad.txt"
contains "$T/err" "bad.txt:2:"
cp "$T/efuse_esp32c3.bin" "$T/unnamed.bin"
expect_exit 2 "$FWAUDIT" scan "$T/unnamed.bin"
contains "$T/err" "name the chip in the file name"
exit 0
