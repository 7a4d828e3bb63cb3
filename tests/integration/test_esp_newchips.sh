# ESP32-C5, C61, P4 and H4 (issue #17), on Espressif's own espefuse
# summaries (../shared/vectors/efuse/NEWCHIPS.md): each read as its own chip
# (the P4 was read as an S3), factory failing and hardened passing the
# Secure Boot / flash encryption / JTAG / download rules; H21 and S31 refused
# by name; a summary with a field moved refused; the Secure Boot scheme
# checked against signatures (an RSA-signed app on the ECDSA-only C61 is a
# finding); bootloader anti-rollback judged against the descriptor version.
. "$(dirname "$0")/lib.sh"
need_shared
V=$SHARED/vectors/efuse
verdict() {
	jcheck "$1" "[r['verdict'] for r in d['rules'] if r['id'] == '$2'] == ['$3']"
}
# trim SRC OUT PYTHON: the summary with PYTHON applied to its dict d.
trim() {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY' || fail "trim $1"
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w'))
PY
}
# Public key digests in BLOCK_KEY0 as NEWCHIPS.md lists them (espsecure
# digest-sbv2-public-key of each chip's key).
digest_esp32c5=15cb8bf47707ab3640d2f8ea10955ed91b08f41be78c3428adf5e66d7fe8181e
digest_esp32c61=d277d03f547058a6054a8714d34362bd6c34d5649c44d5328b2d448f8de82606
digest_esp32p4=718946e118b1fe75823fe0893baebfd7d3d3958b59aae1197dd88de6b4ce7502
digest_esp32h4=1f2d0c091f1653046786d15b5cbd74da1adcf2383aae88dfb307a79450bb74c8
for chip in esp32c5 esp32c61 esp32p4 esp32h4; do
	expect_exit 1 "$FWAUDIT" scan "$V/$chip.summary.json" --format json -o "$T/$chip.json"
	jcheck "$T/$chip.json" "d['facts']['efuse.chip']['value'] == '$chip'"
	for id in ESP-EFUSE-SECURE-BOOT ESP-EFUSE-FLASH-ENCRYPTION ESP-EFUSE-JTAG-DISABLED ESP-EFUSE-DOWNLOAD-MODE; do
		verdict "$T/$chip.json" $id fail
	done
	"$FWAUDIT" scan "$V/${chip}_hardened.summary.json" --format json -o "$T/${chip}_h.json" ||
		fail "$chip hardened: failing rules at high"
	jcheck "$T/${chip}_h.json" "d['facts']['efuse.chip']['value'] == '$chip'"
	for id in ESP-EFUSE-SECURE-BOOT ESP-EFUSE-SB-KEY-DIGEST ESP-EFUSE-SB-UNUSED-SLOTS-REVOKED \
	    ESP-EFUSE-FLASH-ENCRYPTION ESP-EFUSE-FE-RELEASE-MODE ESP-EFUSE-FE-KEY-READ-PROTECTED \
	    ESP-EFUSE-FE-DOWNLOAD-CACHE ESP-EFUSE-JTAG-DISABLED ESP-EFUSE-DOWNLOAD-MODE \
	    ESP-EFUSE-FE-DPA-PROTECTION; do
		verdict "$T/${chip}_h.json" $id pass
	done
	eval want=\$digest_$chip
	jcheck "$T/${chip}_h.json" "[x['digest'] for x in d['facts']['efuse.secure_boot.digests']['value']] == ['$want']"
done

# What each chip's eFuses say about its Secure Boot schemes: C5 hardened with
# SHA-384 burned (P-384 key), C61 ECDSA only, P4 (v3.0 map) without SHA-384.
jcheck "$T/esp32c5_h.json" "d['facts']['efuse.secure_boot.sha384_enabled']['value'] is True"
jcheck "$T/esp32c5_h.json" "'ECDSA-P384' in d['facts']['efuse.secure_boot.schemes']['value']"
jcheck "$T/esp32c5.json" "'ECDSA-P384' not in d['facts']['efuse.secure_boot.schemes']['value']"
jcheck "$T/esp32c61_h.json" "'RSA-3072' not in d['facts']['efuse.secure_boot.schemes']['value'] and 'ECDSA-P256' in d['facts']['efuse.secure_boot.schemes']['value']"
jcheck "$T/esp32p4_h.json" "d['facts']['efuse.secure_boot.schemes']['value'] == ['RSA-3072', 'ECDSA-P192', 'ECDSA-P256']"
# ESP-IDF has no Secure Boot schemes for the H4 yet: not a guess
jcheck "$T/esp32h4_h.json" "'efuse.secure_boot.schemes' not in d['facts']"
# The hardening recipe leaves bootloader anti-rollback off (set by firmware)
verdict "$T/esp32c5_h.json" ESP-EFUSE-BOOTLOADER-ANTI-ROLLBACK fail
verdict "$T/esp32c5.json" ESP-EFUSE-BOOTLOADER-ANTI-ROLLBACK not_applicable
# H4 has no such eFuse: the rule does not apply, whatever Secure Boot says
jcheck "$T/esp32h4_h.json" "'efuse.bootloader_anti_rollback.enabled' not in d['facts']"
jcheck "$T/esp32c5_h.json" "d['facts']['efuse.dpa.xts_pseudo_level']['value'] == 1"

# Chips fwaudit does not audit: refused by name, never judged as another.
for chip in esp32h21 esp32s31; do
	expect_exit 2 "$FWAUDIT" scan "$V/${chip}_hardened.summary.json"
	contains "$T/err" "an eFuse summary of an $chip"
done
# A known field at another place than any chip has it: no chip, an error
# naming the nearest map and the field.
trim "$V/esp32c5.summary.json" "$T/moved.json" 'd["SECURE_BOOT_EN"]["word"] = 5'
expect_exit 2 "$FWAUDIT" scan "$T/moved.json"
contains "$T/err" "not an eFuse summary of a known chip"
contains "$T/err" "nearest esp32c5"
contains "$T/err" "such as SECURE_BOOT_EN"
# A field no chip has
trim "$V/esp32p4.summary.json" "$T/alien.json" 'd["FOO_BAR"] = dict(d["WR_DIS"], name="FOO_BAR")'
expect_exit 2 "$FWAUDIT" scan "$T/alien.json"
contains "$T/err" "such as FOO_BAR"

# The real ESP32-C61 merged image (../shared/vectors/realworld/README.md §5:
# chip id 20, bootloader at 0x0, unsigned) read with the C61's own eFuses:
# one device, judged by the C61's rules; beside a C5's eFuses it is refused.
R=$SHARED/vectors/realworld/esp32c61_merged_factory.bin
expect_exit 1 "$FWAUDIT" scan "$R" "$V/esp32c61.summary.json" --format json -o "$T/c61real.json"
jcheck "$T/c61real.json" "[i['chip'] for i in d['facts']['esp.images']['value']] == ['esp32c61', 'esp32c61']"
jcheck "$T/c61real.json" "[(x['image_offset'], x['efuse_enabled'], x['boots']) for x in d['facts']['esp.bootloader.anti_rollback']['value']] == [(0, False, True)]"
verdict "$T/c61real.json" ESP-IMG-BOOTLOADER-SIGNED fail
verdict "$T/c61real.json" ESP-EFUSE-BOOTLOADER-ANTI-ROLLBACK not_applicable
expect_exit 2 "$FWAUDIT" scan "$R" "$V/esp32c5.summary.json"
contains "$T/err" "esp32c61"

# Images for the new chips, built with the sample generator's image code.
command -v pkg-config >/dev/null || skip "pkg-config is absent"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$TOP" \
    $(pkg-config --cflags openssl) "$TOP/tests/integration/chip_image.c" "$TOP/samples/gen/esp_image.c" \
    "$TOP/samples/gen/util.c" "$TOP/formats/esp_crc32.c" \
    $(pkg-config --libs openssl) -o "$T/chip_image" || fail "chip_image does not build"
K=$TOP/samples/keys
# ESP32-C61 (chip id 20) is ECDSA-only: an RSA-3072 signature is a finding.
"$T/chip_image" "$K" "$T/c61_rsa.bin" 20 app 0 rsa || fail "chip_image rsa"
"$T/chip_image" "$K" "$T/c61_ec.bin" 20 app 0 ecdsa || fail "chip_image ecdsa"
"$FWAUDIT" scan "$T/c61_rsa.bin" "$V/esp32c61_hardened.summary.json" --format json -o "$T/rsa.json"
jcheck "$T/rsa.json" "[(x['scheme'], x['chip'], x['supported']) for x in d['facts']['esp.secure_boot.schemes']['value']] == [('RSA-3072', 'esp32c61', False)]"
verdict "$T/rsa.json" ESP-IMG-SB-SCHEME-SUPPORTED fail
"$FWAUDIT" scan "$T/c61_ec.bin" "$V/esp32c61_hardened.summary.json" --format json -o "$T/ec.json"
verdict "$T/ec.json" ESP-IMG-SB-SCHEME-SUPPORTED pass
# Without eFuses the image's own chip decides.
"$FWAUDIT" scan "$T/c61_rsa.bin" --format json -o "$T/rsa_only.json"
verdict "$T/rsa_only.json" ESP-IMG-SB-SCHEME-SUPPORTED fail
# The same RSA image for a C5 (chip id 23), which has RSA: supported.
"$T/chip_image" "$K" "$T/c5_rsa.bin" 23 app 0 rsa || fail "chip_image c5"
"$FWAUDIT" scan "$T/c5_rsa.bin" "$V/esp32c5_hardened.summary.json" --format json -o "$T/c5rsa.json"
verdict "$T/c5rsa.json" ESP-IMG-SB-SCHEME-SUPPORTED pass

# Bootloader anti-rollback: eFuse version 2 (two bits, thermometer code)
# against bootloaders carrying secure_version 1 and 2.
trim "$V/esp32c5_hardened.summary.json" "$T/arb.json" '
for k, v in (("BOOTLOADER_ANTI_ROLLBACK_EN", True), ("BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION", 3)):
    d[k]["value"] = v; d[k]["raw_value"] = hex(int(v))'
"$T/chip_image" "$K" "$T/bl1.bin" 23 bootloader 1 none || fail "chip_image bl1"
"$T/chip_image" "$K" "$T/bl2.bin" 23 bootloader 2 none || fail "chip_image bl2"
"$FWAUDIT" scan "$T/bl1.bin" "$T/arb.json" --format json -o "$T/bl1.json"
verdict "$T/bl1.json" ESP-EFUSE-BOOTLOADER-ANTI-ROLLBACK pass
jcheck "$T/bl1.json" "[(x['secure_version'], x['efuse_secure_version'], x['boots']) for x in d['facts']['esp.bootloader.anti_rollback']['value']] == [(1, 2, False)]"
verdict "$T/bl1.json" ESP-IMG-BOOTLOADER-SECURE-VERSION fail
"$FWAUDIT" scan "$T/bl2.bin" "$T/arb.json" --format json -o "$T/bl2.json"
verdict "$T/bl2.json" ESP-IMG-BOOTLOADER-SECURE-VERSION pass
# With the eFuse check off the ROM boots any version.
"$FWAUDIT" scan "$T/bl1.bin" "$V/esp32c5_hardened.summary.json" --format json -o "$T/bl_off.json"
verdict "$T/bl_off.json" ESP-IMG-BOOTLOADER-SECURE-VERSION pass

# ESP-TEE: a C5 flash with a tee_0 partition (app subtype 0x30) and a
# factory app, both RSA-signed by the same key: passes; the TEE signed by
# another key (ECDSA) fails; the same layout on an S3 (no ESP-TEE) fails.
# mkflash OUT CHIP_ID TEE_SCHEME: bootloader, table, tee_0, factory.
mkflash() {
	"$T/chip_image" "$K" "$T/bl.bin" $2 bootloader 0 rsa || fail "bootloader"
	"$T/chip_image" "$K" "$T/tee.bin" $2 app 0 $3 || fail "tee image"
	"$T/chip_image" "$K" "$T/app.bin" $2 app 0 rsa || fail "app image"
	/usr/bin/python3 - "$T" "$1" <<'PY' || fail "flash layout"
import struct, sys
t, out = sys.argv[1], sys.argv[2]
flash = bytearray(b"\xff" * 0x60000)
def put(off, path):
    b = open(path, "rb").read()
    assert off + len(b) <= len(flash), path
    flash[off:off + len(b)] = b
def entry(typ, sub, off, size, label):
    return struct.pack("<2sBBII16sI", b"\xaa\x50", typ, sub, off, size, label.encode(), 0)
put(0, t + "/bl.bin")
table = entry(0, 0x30, 0x10000, 0x20000, "tee_0") + entry(0, 0x00, 0x30000, 0x30000, "factory")
flash[0x8000:0x8000 + len(table)] = table
put(0x10000, t + "/tee.bin")
put(0x30000, t + "/app.bin")
open(out, "wb").write(flash)
PY
}
mkflash "$T/tee_ok.bin" 23 rsa
"$FWAUDIT" scan "$T/tee_ok.bin" --format json -o "$T/tee_ok.json" 2>"$T/err"
jcheck "$T/tee_ok.json" "d['facts']['esp.tee.partitions']['value'] == ['tee_0']"
jcheck "$T/tee_ok.json" "d['facts']['esp.tee.chip_supported']['value'] is True"
jcheck "$T/tee_ok.json" "[(x['image_offset'], x['sbv2_valid'], x['same_signer_as_app']) for x in d['facts']['esp.tee.images']['value']] == [(0x10000, True, True)]"
verdict "$T/tee_ok.json" ESP-IMG-TEE-SIGNED pass
mkflash "$T/tee_other.bin" 23 ecdsa
"$FWAUDIT" scan "$T/tee_other.bin" --format json -o "$T/tee_other.json" 2>"$T/err"
jcheck "$T/tee_other.json" "[x['same_signer_as_app'] for x in d['facts']['esp.tee.images']['value']] == [False]"
verdict "$T/tee_other.json" ESP-IMG-TEE-SIGNED fail
mkflash "$T/tee_s3.bin" 9 rsa
"$FWAUDIT" scan "$T/tee_s3.bin" --format json -o "$T/tee_s3.json" 2>"$T/err"
jcheck "$T/tee_s3.json" "d['facts']['esp.tee.chip_supported']['value'] is False"
verdict "$T/tee_s3.json" ESP-IMG-TEE-SIGNED fail
exit 0
