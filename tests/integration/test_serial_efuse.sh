# Live eFuse read through the chip simulator gives the same efuse.* facts as
# the espefuse JSON summary of the same chip, over every transport.
. "$(dirname "$0")/lib.sh"
need_shared
. "$(dirname "$0")/serial_lib.sh"

for chip in esp32c3_hardened esp32 esp32c2 esp32s2 esp32s3 esp32c6 esp32h2; do
	"$FWAUDIT" scan --facts-only "$VEC/$chip.summary.json" >"$T/$chip.json" || fail "$chip: JSON scan"
	start_sim "$chip" --efuse "$VEC/$chip.summary.json"
	"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/$chip.live.json" 2>"$T/err" ||
		fail "$chip: live scan failed: $(cat "$T/err")"
	same_efuse "$T/$chip.json" "$T/$chip.live.json"
	expect_fact "$T/$chip.live.json" serial.rom.reachable true
	expect_fact "$T/$chip.live.json" serial.transport '"termios"'
	# Read-only: the simulator saw nothing but SYNC, READ_REG, GET_SECURITY_INFO.
	ops=$(sort -u "$T/$chip.ops" | tr '\n' ' ')
	[ "$ops" = "op 0x08 op 0x0a op 0x14 " ] || fail "$chip: ops on the wire: $ops"
done
expect_fact "$T/esp32.live.json" serial.rom.chip_source '"magic"'
expect_fact "$T/esp32.live.json" serial.rom.chip_magic '"0x00f01d83"'
expect_fact "$T/esp32.live.json" serial.rom.security_info.supported false
expect_fact "$T/esp32s3.live.json" serial.rom.chip_source '"security_info"'
# ESP32-S2's security info has no chip id (12 bytes): the magic decides.
expect_fact "$T/esp32s2.live.json" serial.rom.security_info.supported true
expect_fact "$T/esp32s2.live.json" serial.rom.security_info.chip_id MISSING
expect_fact "$T/esp32s2.live.json" serial.rom.chip_source '"magic"'
# A saved live fact tree is judged again by evaluate, with the same verdicts.
expect_exit 1 "$FWAUDIT" evaluate "$T/esp32s3.live.json" --format json -o "$T/eval.json"
expect_verdict "$T/eval.json" ESP-SERIAL-ROM-DOWNLOAD fail
expect_verdict "$T/eval.json" ESP-EFUSE-JTAG-DISABLED fail
# The hardened C3 has KEY2 read-protected: its words are not read at all.
expect_fact "$T/esp32c3_hardened.live.json" serial.efuse.words_read_protected 8
expect_fact "$T/esp32c3_hardened.live.json" efuse.secure_boot.enabled true
expect_fact "$T/esp32c3_hardened.live.json" serial.rom.security_info.secure_boot true

# libserialport on the pty (shim fakes sysfs and modem lines): the classic
# DTR/RTS sequence goes out: EN low, then IO0 low with EN released, then idle.
start_sim sp --efuse "$VEC/esp32c3.summary.json"
SERIAL_SHIM_LOG="$T/lines" LD_PRELOAD="$SHIM" "$FWAUDIT" scan --serial "$PORT" --facts-only \
	>"$T/sp.json" 2>"$T/err" || fail "libserialport path: $(cat "$T/err")"
expect_fact "$T/sp.json" serial.transport '"libserialport"'
expect_fact "$T/sp.json" serial.reset.lines_ok true
expect_fact "$T/sp.json" serial.reset.sequence '"classic"'
seq=$(sed 's/^[a-z]* //' "$T/lines" | uniq | tr '\n' ' ')
case "$seq" in
*"dtr=0 rts=1 dtr=1 rts=1 dtr=1 rts=0 dtr=0 rts=0"*) ;;
*) fail "reset sequence on the lines: $seq" ;;
esac
"$FWAUDIT" scan --facts-only "$VEC/esp32c3.summary.json" >"$T/c3.json" || fail "c3 JSON scan"
same_efuse "$T/c3.json" "$T/sp.json"

# The chip's own USB-Serial-JTAG (303a:1001, faked in sysfs by the shim):
# its reset sequence passes through DTR=RTS=1 on the way.
start_sim usb --efuse "$VEC/esp32c6.summary.json"
SERIAL_SHIM_USB=303a:1001 SERIAL_SHIM_LOG="$T/usblines" LD_PRELOAD="$SHIM" "$FWAUDIT" scan \
	--serial "$PORT" --facts-only >"$T/usb.json" 2>"$T/err" || fail "usb-serial-jtag: $(cat "$T/err")"
expect_fact "$T/usb.json" serial.usb_id '"303a:1001"'
expect_fact "$T/usb.json" serial.reset.sequence '"usb-serial-jtag"'
seq=$(sed 's/^[a-z]* //' "$T/usblines" | uniq | tr '\n' ' ')
case "$seq" in
*"dtr=1 rts=0 dtr=1 rts=1 dtr=0 rts=1 dtr=0 rts=0"*) ;;
*) fail "usb-serial-jtag reset sequence on the lines: $seq" ;;
esac

# RFC 2217: baud and modem lines go over telnet; the simulator sees the
# reset into download mode and interleaves telnet notifications. The S3 here
# has a Secure Boot digest full of 0xFF bytes, which telnet doubles on the wire.
/usr/bin/python3 - "$VEC/esp32s3.summary.json" "$T/s3ff.summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
key = "ff 00 ff ff c0 db " + " ".join(["ff"] * 26)
d["BLOCK_KEY0"]["value"] = key
d["BLOCK_KEY0"]["raw_value"] = "0x" + key.replace(" ", "")
d["KEY_PURPOSE_0"]["value"] = "SECURE_BOOT_DIGEST0"
d["KEY_PURPOSE_0"]["raw_value"] = "0x9"
d["SECURE_BOOT_EN"]["value"] = True
d["SECURE_BOOT_EN"]["raw_value"] = "0x1"
json.dump(d, open(sys.argv[2], "w"), indent=4)
PY
"$FWAUDIT" scan --facts-only "$T/s3ff.summary.json" >"$T/s3ff.json" || fail "s3ff JSON"
start_sim rfc --listen rfc2217 --efuse "$T/s3ff.summary.json"
"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/rfc.json" 2>"$T/err" ||
	fail "rfc2217: $(cat "$T/err")"
expect_fact "$T/rfc.json" serial.transport '"rfc2217"'
expect_fact "$T/rfc.json" serial.reset.lines_ok true
contains "$T/rfc.ops" "reset download"
same_efuse "$T/s3ff.json" "$T/rfc.json"
jcheck "$T/rfc.json" 'd["facts"]["efuse.secure_boot.digests"]["value"][0]["digest"].startswith("ff00ffffc0db")' 

# Raw TCP (ser2net raw): no modem lines, said as a warning, the read goes on.
start_sim tcp --listen tcp --efuse "$VEC/esp32c6.summary.json"
"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/tcp.json" 2>"$T/err" ||
	fail "tcp: $(cat "$T/err")"
expect_fact "$T/tcp.json" serial.transport '"tcp"'
expect_fact "$T/tcp.json" serial.reset.lines_ok false
jcheck "$T/tcp.json" 'any("no modem lines" in w for w in d["warnings"])'
same_efuse "$T/esp32c6.json" "$T/tcp.json"

# Evidence: the transcript is kept, hashed, and shows the SYNC frame.
start_sim ev --efuse "$VEC/esp32c3.summary.json"
expect_exit 1 "$FWAUDIT" scan --serial "$PORT" --evidence-dir "$T/ev" --format json -o "$T/ev.json"
[ -s "$T/ev/serial-transcript.txt" ] || fail "no transcript in the evidence dir"
contains "$T/ev/serial-transcript.txt" "> c0 00 08 24 00 00 00 00 00 07 07 12 20 55"
sha=$(sha256sum "$T/ev/serial-transcript.txt" | cut -d' ' -f1)
jcheck "$T/ev.json" "'$sha' in json.dumps(d)"
exit 0
