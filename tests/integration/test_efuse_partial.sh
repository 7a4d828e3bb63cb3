# Exact or nothing: an eFuse source that lacks a field the chip has (a
# trimmed summary, a dump of BLOCK0 only, access flags not given) leaves the
# facts that depend on it missing, so their rules are not_tested, never a
# pass or fail from a default. Hostile register words are an error (exit 2).
. "$(dirname "$0")/lib.sh"
need_shared
VEC="$SHARED/vectors/efuse"

# trim SRC OUT PYTHON: the summary with PYTHON applied to its dict d.
trim() {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY' || fail "trim $1"
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w'))
PY
}
verdict() {
	jcheck "$1" "[r['verdict'] for r in d['rules'] if r['id'] == '$2'] == ['$3']"
}
scan() {
	"$FWAUDIT" scan "$1" --format json -o "$2" 2>"$T/err"
	[ $? -le 1 ] || fail "scan $1: $(cat "$T/err")"
}

# The hardened C3 as given: every rule below is decided.
scan "$VEC/esp32c3_hardened.summary.json" "$T/full.json"
verdict "$T/full.json" ESP-EFUSE-JTAG-DISABLED pass
verdict "$T/full.json" ESP-EFUSE-DOWNLOAD-MODE pass
verdict "$T/full.json" ESP-EFUSE-FE-KEY-READ-PROTECTED pass
verdict "$T/full.json" ESP-EFUSE-SB-KEY-DIGEST pass

# Pads disabled, DIS_USB_JTAG absent: USB-JTAG may be open. Was a pass.
trim "$VEC/esp32c3_hardened.summary.json" "$T/nousb.json" 'del d["DIS_USB_JTAG"]'
scan "$T/nousb.json" "$T/nousb.r.json"
jcheck "$T/nousb.r.json" '"efuse.jtag.disabled" not in d["facts"] and d["facts"]["efuse.jtag.pad_disabled"]["value"] is True'
verdict "$T/nousb.r.json" ESP-EFUSE-JTAG-DISABLED not_tested

# DIS_DOWNLOAD_MODE=0 and ENABLE_SECURITY_DOWNLOAD absent: secure or plain
# is unknown. Was state "enabled" (a fail of a chip in secure download mode).
trim "$VEC/esp32c3_hardened.summary.json" "$T/nosdm.json" 'del d["ENABLE_SECURITY_DOWNLOAD"]'
scan "$T/nosdm.json" "$T/nosdm.r.json"
jcheck "$T/nosdm.r.json" '"efuse.download_mode.state" not in d["facts"]'
verdict "$T/nosdm.r.json" ESP-EFUSE-DOWNLOAD-MODE not_tested

# The XTS key's "readable" flag not given (and its bytes shown, not "??"):
# protection unknown. Was taken as readable (a default), a fail.
trim "$VEC/esp32c3_hardened.summary.json" "$T/nord.json" 'del d["BLOCK_KEY2"]["readable"]; d["BLOCK_KEY2"]["value"] = " ".join(["00"] * 32)'
scan "$T/nord.json" "$T/nord.r.json"
jcheck "$T/nord.r.json" '[k["readable"] for k in d["facts"]["efuse.keys"]["value"] if k["block"] == "BLOCK_KEY2"] == [None]'
jcheck "$T/nord.r.json" '"efuse.flash_encryption.key_read_protected" not in d["facts"]'
verdict "$T/nord.r.json" ESP-EFUSE-FE-KEY-READ-PROTECTED not_tested

# "??" bytes are unreadable whatever "readable" claims.
trim "$VEC/esp32c3_hardened.summary.json" "$T/qq.json" 'd["BLOCK_KEY2"]["readable"] = True'
scan "$T/qq.json" "$T/qq.r.json"
verdict "$T/qq.r.json" ESP-EFUSE-FE-KEY-READ-PROTECTED pass

# A key purpose missing: the digest list may lack one, so it is not given.
trim "$VEC/esp32c3_hardened.summary.json" "$T/nopurp.json" 'del d["KEY_PURPOSE_1"]'
scan "$T/nopurp.json" "$T/nopurp.r.json"
jcheck "$T/nopurp.r.json" '"efuse.secure_boot.digests" not in d["facts"]'
verdict "$T/nopurp.r.json" ESP-EFUSE-SB-KEY-DIGEST not_tested

# ESP32 with ABS_DONE_1 absent and ABS_DONE_0 unburned: Secure Boot V2 may be
# on. Was "enabled: false".
trim "$VEC/esp32.summary.json" "$T/noabs.json" 'del d["ABS_DONE_1"]'
scan "$T/noabs.json" "$T/noabs.r.json"
jcheck "$T/noabs.r.json" '"efuse.secure_boot.enabled" not in d["facts"] and "efuse.secure_boot.version" not in d["facts"]'
verdict "$T/noabs.r.json" ESP-EFUSE-SECURE-BOOT not_tested

# A BLOCK0-only register dump: key blocks unread, so no digest list (was
# "no digests").
printf 'Detecting chip type... ESP32-S3\nBLOCK0          (                ) [0 ] read_regs: 00000000 00080000 00000000 00100000 00000001 00000000\n' >"$T/s3.txt"
"$FWAUDIT" scan --facts-only "$T/s3.txt" >"$T/s3.json" || fail "s3 dump"
jcheck "$T/s3.json" '"efuse.secure_boot.digests" not in d["facts"] and d["facts"]["efuse.secure_boot.enabled"]["value"] is True'

# A register word strtoul would take but that is not eight hex digits.
printf 'Detecting chip type... ESP32-S3\nBLOCK0 () [0 ] read_regs: 00000000 -0000001 00000000 00000000 00000000 00000000\n' >"$T/sign.txt"
expect_exit 2 "$FWAUDIT" scan "$T/sign.txt"
contains "$T/err" "expected an 8-digit hex word"
exit 0
