#!/bin/sh
# Verdicts that rest on evidence gathered: flash encryption judged by where a
# flash or image input comes from (--origin, else the input's own evidence),
# inputs that cannot be one device (exit 2 naming both, --separate-units),
# and --compare evidence naming the unit each image came from.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
[ -f "$S/secure/flash-encrypted.bin" ] || fail "samples are missing (make samples)"
rule() {	# rule FILE RULE: the rule's result object as r
	echo "[r for r in d['rules'] if r['id'] == '$2'][0]"
}
verdict() {	# verdict FILE RULE EXPECTED
	jcheck "$1" "$(rule "$1" "$2")['verdict'] == '$3'"
}
fe() {	# fe FILE: the first esp.flash_encryption.inputs item
	echo "d['facts']['esp.flash_encryption.inputs']['value'][0]"
}
FE=ESP-IMG-FLASH-ENCRYPTED

# README's vendor example on the secure sample: the plaintext 4 MiB image
# (whole flash, otadata and NVS written: told as a read-back) beside eFuses
# in release-mode flash encryption is an inconsistency, not a high fail.
cd "$S" || fail "cd samples"
expect_exit 0 "$FWAUDIT" scan secure/flash.bin secure/efuse.json secure/sdkconfig \
    --declarations vendor.yaml --format json -o "$T/vendor.json"
cd - >/dev/null || fail "cd back"
verdict "$T/vendor.json" $FE not_tested
jcheck "$T/vendor.json" "'inconsistent' in $(rule x $FE)['reason'] and '--origin build' in $(rule x $FE)['reason']"
jcheck "$T/vendor.json" "$(fe x)['origin'] == 'readback' and $(fe x)['origin_by'] == 'evidence' and $(fe x)['inconsistent'] is True"
jcheck "$T/vendor.json" "'an otadata entry' in d['facts']['esp.dump']['value']['origin_evidence']"
jcheck "$T/vendor.json" "any('inconsistent' in w for w in d['warnings'])"
# The same image given as what it is, a build output: judged by the eFuses.
expect_exit 0 "$FWAUDIT" scan --origin build "$S/secure/flash.bin" "$S/secure/efuse.json" \
    --format json -o "$T/build.json"
verdict "$T/build.json" $FE pass
jcheck "$T/build.json" "$(fe x)['origin_by'] == 'option' and 'judged from the eFuses' in $(fe x)['reason']"
# ... and by the sdkconfig when there are no eFuses.
expect_exit 0 "$FWAUDIT" scan --origin build "$S/secure/flash.bin" "$S/secure/sdkconfig" \
    --format json -o "$T/build-sdk.json"
verdict "$T/build-sdk.json" $FE pass
jcheck "$T/build-sdk.json" "'judged from the sdkconfig' in $(fe x)['reason']"
# The device's own read-out, encrypted: passes by its bytes.
expect_exit 0 "$FWAUDIT" scan "$S/secure/flash-encrypted.bin" "$S/secure/efuse.json" \
    --format json -o "$T/enc.json"
verdict "$T/enc.json" $FE pass
jcheck "$T/enc.json" "$(fe x)['origin'] == 'readback'"
# The insecure unit's read-out is plaintext and its eFuses agree: fail.
expect_exit 1 "$FWAUDIT" scan "$S/insecure/flash.bin" "$S/insecure/efuse.json" \
    --format json -o "$T/insecure.json"
verdict "$T/insecure.json" $FE fail
# --origin readback on the plaintext secure image: the inconsistency again.
expect_exit 0 "$FWAUDIT" scan --origin readback "$S/secure/flash.bin" "$S/secure/efuse.json" \
    --format json -o "$T/rb.json"
verdict "$T/rb.json" $FE not_tested
expect_exit 2 "$FWAUDIT" scan --origin factory "$S/secure/flash.bin"
contains "$T/err" "--origin takes readback or build, not 'factory'"

# A merged image as esptool merge_bin writes it (ends where ota_0's signature
# sector ends, before the 4 MiB the header declares): a build output.
head -c $((0x2f000)) "$S/secure/flash.bin" > "$T/merged.bin"
expect_exit 0 "$FWAUDIT" scan "$T/merged.bin" "$S/secure/efuse.json" --format json -o "$T/m.json"
verdict "$T/m.json" $FE pass
jcheck "$T/m.json" "$(fe x)['origin'] == 'build' and \"exactly where the image in 'ota_0' ends\" in $(fe x)['origin_evidence']"
expect_exit 1 "$FWAUDIT" scan "$T/merged.bin" "$S/insecure/efuse.json" --format json -o "$T/m2.json"
verdict "$T/m2.json" $FE fail
expect_exit 0 "$FWAUDIT" scan "$T/merged.bin" --format json -o "$T/m3.json"
verdict "$T/m3.json" $FE not_tested
jcheck "$T/m3.json" "'give the eFuses' in $(rule x $FE)['reason']"
# An app image file (ends where its signature sector ends): a build output.
dd if="$S/secure/flash.bin" of="$T/app.bin" bs=4096 skip=32 count=15 2>/dev/null
expect_exit 0 "$FWAUDIT" scan "$T/app.bin" "$S/secure/sdkconfig" --format json -o "$T/app.json"
jcheck "$T/app.json" "d['inputs'][0]['kind'] == 'esp-app' and $(fe x)['origin'] == 'build'"
verdict "$T/app.json" $FE pass

# Part of the flash ending on a sector boundary: origin unknown. Plaintext
# never fails against eFuses that say encryption is on; it does against
# eFuses that say off.
head -c $((0x100000)) "$S/secure/flash.bin" > "$T/part.bin"
expect_exit 0 "$FWAUDIT" scan "$T/part.bin" "$S/secure/efuse.json" --format json -o "$T/p.json"
verdict "$T/p.json" $FE not_tested
jcheck "$T/p.json" "$(fe x)['origin'] == 'unknown' and 'give --origin readback|build' in $(rule x $FE)['reason']"
expect_exit 1 "$FWAUDIT" scan "$T/part.bin" "$S/insecure/efuse.json" --format json -o "$T/p2.json"
verdict "$T/p2.json" $FE fail
expect_exit 0 "$FWAUDIT" scan "$T/part.bin" --format json -o "$T/p3.json"
verdict "$T/p3.json" $FE not_tested

# Inputs that cannot be one device: exit 2 naming both inputs and values.
sed 's/^CONFIG_IDF_TARGET="esp32s3"/CONFIG_IDF_TARGET="esp32"/' "$S/secure/sdkconfig" > "$T/sdkconfig"
expect_exit 2 "$FWAUDIT" scan "$S/secure/flash.bin" "$T/sdkconfig"
contains "$T/err" "$S/secure/flash.bin: chip esp32s3 (image header at 0x0) contradicts $T/sdkconfig: chip esp32 (CONFIG_IDF_TARGET, line 24)"
sed 's/7c:df:a1:5e:42:2c/7c:df:a1:5e:42:2d/; s/0x7cdfa15e422c/0x7cdfa15e422d/' "$S/secure/efuse.json" > "$T/efuse2.json"
expect_exit 2 "$FWAUDIT" scan "$S/secure/efuse.json" "$T/efuse2.json"
contains "$T/err" "$S/secure/efuse.json: MAC 7c:df:a1:5e:42:2c (eFuse MAC) contradicts $T/efuse2.json: MAC 7c:df:a1:5e:42:2d"
# Flash size: the 4 MiB bootloader header against a copy declaring 8 MiB.
/usr/bin/python3 - "$S/secure/flash.bin" "$T/flash8.bin" <<'PY' || fail "flash8.bin"
import sys
b = bytearray(open(sys.argv[1], "rb").read(0x8000))
b[3] = (b[3] & 0x0F) | 0x30	# 8MB; the header is not covered by the image hash check here
open(sys.argv[2], "wb").write(bytes(b))
PY
expect_exit 2 "$FWAUDIT" scan "$S/secure/flash.bin" "$T/flash8.bin"
contains "$T/err" "flash size 4MB (bootloader header at 0x0) contradicts $T/flash8.bin: flash size 8MB"
# The user says they are separate units: judged, each contradiction a warning.
expect_exit 0 "$FWAUDIT" scan --separate-units "$S/secure/efuse.json" "$T/efuse2.json" \
    --format json -o "$T/sep.json"
jcheck "$T/sep.json" "any('contradicts' in w and 'separate units' in w for w in d['warnings'])"
jcheck "$T/sep.json" "sorted(c['input'] for c in d['facts']['inputs.device_claims']['value'] if c['what'] == 'MAC') == [0, 1]"
# One device's inputs agree: no error, every claim names its input.
expect_exit 0 "$FWAUDIT" scan --facts-only "$S/secure/flash.bin" "$S/secure/efuse.json" \
    "$S/secure/sdkconfig" -o "$T/agree.json"
jcheck "$T/agree.json" "sorted(set(c['input'] for c in d['facts']['inputs.device_claims']['value'])) == [0, 1, 2]"

# --compare: unit 2's images are named as unit 2's, in the list evidence and
# in each failing item; two units are separate units by definition.
expect_exit 1 "$FWAUDIT" scan --compare "$S/insecure/flash.bin" "$S/insecure/flash-unit2.bin" \
    --format json -o "$T/cmp.json" --format text -o "$T/cmp.txt" --verbose
jcheck "$T/cmp.json" "[e for e in $(rule x ESP-IMG-APP-SIGNED)['evidence'] if e['fact'] == 'esp.images' and e['failed'] == 4][0]['inputs'] == [0, 1]"
jcheck "$T/cmp.json" "sorted(i['input'] for e in $(rule x ESP-IMG-APP-SIGNED)['evidence'] if e['fact'] == 'esp.images' for i in e['failing']) == [0, 0, 0, 1, 1, 1]"
jcheck "$T/cmp.json" "len(d['facts']['esp.flash_encryption.inputs']['value']) == 2 and $(rule x $FE)['verdict'] == 'fail'"
contains "$T/cmp.txt" "2 not matching [$S/insecure/flash.bin, $S/insecure/flash-unit2.bin]"
contains "$T/cmp.txt" "not matching: ota_0 (item 4, input [1], offset 0x20000)"
