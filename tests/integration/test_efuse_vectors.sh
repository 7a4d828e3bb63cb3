# Every espefuse summary in the shared vectors: chip recognised, factory state
# judged insecure, the hardened C3 judged as its README describes.
. "$(dirname "$0")/lib.sh"
need_shared
V=$SHARED/vectors/efuse
for chip in esp32 esp32s2 esp32s3 esp32c2 esp32c3 esp32c6 esp32h2; do
	"$FWAUDIT" scan --facts-only "$V/$chip.summary.json" -o "$T/$chip.json" || fail "$chip: scan failed"
	jcheck "$T/$chip.json" "d['facts']['efuse.chip']['value'] == '$chip'"
	jcheck "$T/$chip.json" "d['facts']['efuse.secure_boot.enabled']['value'] is False"
	jcheck "$T/$chip.json" "d['facts']['efuse.flash_encryption.enabled']['value'] is False"
	jcheck "$T/$chip.json" "d['facts']['efuse.jtag.disabled']['value'] is False"
	jcheck "$T/$chip.json" "d['facts']['efuse.download_mode.state']['value'] == 'enabled'"
	expect_exit 1 "$FWAUDIT" scan "$V/$chip.summary.json"
done
"$FWAUDIT" scan --facts-only "$V/esp32c3_hardened.summary.json" -o "$T/h.json"
jcheck "$T/h.json" "d['facts']['efuse.secure_boot.digests']['value'][0]['digest'] == 'cb2791a371b0c0322bf7370478ba0962224cab1cf2287879e429673e7da84463'"
jcheck "$T/h.json" "d['facts']['efuse.secure_boot.digests']['value'][0]['slot'] == 0"
jcheck "$T/h.json" "d['facts']['efuse.flash_encryption.crypt_cnt']['value'] == 7"
jcheck "$T/h.json" "d['facts']['efuse.jtag.disabled']['value'] is True"
jcheck "$T/h.json" "d['facts']['efuse.jtag.soft_disabled']['value'] is True"
jcheck "$T/h.json" "d['facts']['efuse.download_mode.state']['value'] == 'secure'"
jcheck "$T/h.json" "d['facts']['efuse.rd_dis']['value'] == 4"
jcheck "$T/h.json" "d['facts']['efuse.flash_encryption.key_read_protected']['value'] is True"
"$FWAUDIT" scan "$V/esp32c3_hardened.summary.json" --format json -o "$T/hr.json"
for id in ESP-EFUSE-SECURE-BOOT ESP-EFUSE-SB-KEY-DIGEST ESP-EFUSE-FLASH-ENCRYPTION ESP-EFUSE-JTAG-DISABLED ESP-EFUSE-DOWNLOAD-MODE; do
	jcheck "$T/hr.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['pass']"
done
exit 0
