# The serial path on ESP32-C5, C61, P4 and H4 (issue #17): the simulator
# answers with each chip's id and eFuse words (from Espressif's summaries);
# fwaudit names the chip from GET_SECURITY_INFO, reads only what its
# generated tables need, and gives the same efuse.* facts as the summary,
# including what these chips add. The hardened P4 is read with its v3.0 map
# (KEY_PURPOSE_n_H, SHA-384) chosen from the wafer version it reads.
. "$(dirname "$0")/lib.sh"
need_shared
. "$(dirname "$0")/serial_lib.sh"

for chip in esp32c5 esp32c5_hardened esp32p4 esp32p4_hardened esp32c61_hardened esp32h4_hardened; do
	"$FWAUDIT" scan --facts-only "$VEC/$chip.summary.json" >"$T/$chip.json" || fail "$chip: JSON scan"
	start_sim "$chip" --efuse "$VEC/$chip.summary.json"
	"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/$chip.live.json" 2>"$T/err" ||
		fail "$chip: live scan failed: $(cat "$T/err")"
	same_efuse "$T/$chip.json" "$T/$chip.live.json"
	expect_fact "$T/$chip.live.json" serial.rom.chip_source '"security_info"'
	ops=$(sort -u "$T/$chip.ops" | tr '\n' ' ')
	[ "$ops" = "op 0x08 op 0x0a op 0x14 " ] || fail "$chip: ops on the wire: $ops"
done
expect_fact "$T/esp32c5.live.json" serial.rom.chip '"esp32c5"'
expect_fact "$T/esp32c5.live.json" serial.rom.security_info.chip_id 23
expect_fact "$T/esp32p4.live.json" serial.rom.chip '"esp32p4"'
expect_fact "$T/esp32p4.live.json" serial.rom.security_info.chip_id 18
# What the later chips add, read from registers: P-384 and bootloader
# anti-rollback on the C5, the P4 v3.0 map's SHA-384 fuse and DPA level.
expect_fact "$T/esp32c5_hardened.live.json" efuse.secure_boot.sha384_enabled true
expect_fact "$T/esp32c5_hardened.live.json" efuse.bootloader_anti_rollback.enabled false
expect_fact "$T/esp32p4_hardened.live.json" efuse.secure_boot.sha384_enabled false
expect_fact "$T/esp32p4_hardened.live.json" efuse.dpa.xts_pseudo_level 1
# Key purposes from GET_SECURITY_INFO in the chip's numbering.
expect_fact "$T/esp32c5_hardened.live.json" serial.rom.security_info.key_purposes \
	'["SECURE_BOOT_DIGEST0", "XTS_AES_128_KEY", "USER", "USER", "USER", "USER", "USER"]'
# Judged like the summaries: the hardened chips pass, the factory ones fail.
for chip in esp32c5 esp32p4; do
	expect_exit 1 "$FWAUDIT" evaluate "$T/$chip.live.json" --format json -o "$T/$chip.eval.json"
	expect_verdict "$T/$chip.eval.json" ESP-EFUSE-SECURE-BOOT fail
	expect_verdict "$T/$chip.eval.json" ESP-EFUSE-JTAG-DISABLED fail
	"$FWAUDIT" evaluate "$T/${chip}_hardened.live.json" --format json -o "$T/${chip}_h.eval.json" >/dev/null 2>&1
	for id in ESP-EFUSE-SECURE-BOOT ESP-EFUSE-SB-KEY-DIGEST ESP-EFUSE-FLASH-ENCRYPTION \
	    ESP-EFUSE-FE-KEY-READ-PROTECTED ESP-EFUSE-JTAG-DISABLED; do
		expect_verdict "$T/${chip}_h.eval.json" $id pass
	done
done

# A dump and a raw image of the C5 and P4 eFuses read the same way.
for chip in esp32c5_hardened esp32p4_hardened; do
	"$SIM" --efuse "$VEC/$chip.summary.json" --write-dump "$T/$chip.dump.txt" || fail "$chip dump"
	"$SIM" --efuse "$VEC/$chip.summary.json" --write-bin "$T/efuse_$chip.bin" || fail "$chip bin"
	"$FWAUDIT" scan --facts-only "$T/$chip.dump.txt" >"$T/$chip.d.json" || fail "$chip: dump scan"
	"$FWAUDIT" scan --facts-only "$T/efuse_$chip.bin" >"$T/$chip.b.json" || fail "$chip: bin scan"
	same_efuse "$T/$chip.live.json" "$T/$chip.d.json"
	same_efuse "$T/$chip.live.json" "$T/$chip.b.json"
done
# A dump naming a chip fwaudit does not audit is refused by name.
sed 's/ESP32-C5/ESP32-H21/' "$T/esp32c5_hardened.dump.txt" >"$T/h21.dump.txt"
expect_exit 2 "$FWAUDIT" scan "$T/h21.dump.txt"
contains "$T/err" "a dump of an esp32h21"
exit 0
