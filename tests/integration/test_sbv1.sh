#!/bin/sh
# Secure Boot V1 with the keys (--sbv1-bootloader-key, --sbv1-verify-key) on
# the real flash-encrypted ESP32 dump: its README says the bootloader digest
# at 0x0 matches and the app's signature verifies; a changed byte in the
# bootloader or the app, or another signing key, must not.
. "$(dirname "$0")/lib.sh"
need_shared
V=$SHARED/vectors/realworld
D=$V/esp32_flashenc_sbv1_dump_0x0-0x120000.bin
KEYS="--flash-key $V/esp32_flashenc_sbv1_dump.key.bin --sbv1-bootloader-key $V/esp32_flashenc_sbv1_dump.bootloader_key.bin"
PEM=$V/esp32_flashenc_sbv1_dump.sbv1_verify_key.pem
S=$TOP/samples

sb() { # sb OUT DUMP [extra options]: the fact tree
	out=$1 dump=$2; shift 2
	"$FWAUDIT" scan --facts-only -o "$out" "$dump" $KEYS "$@" >"$T/out" 2>"$T/err" ||
		{ cat "$T/err"; fail "scan $dump"; }
}
digest_valid() { jcheck "$1" 'd["facts"]["esp.secure_boot_v1.bootloader_digest"]["value"]["digest_valid"] is '"$2"; }
sig_valid() { jcheck "$1" '[s["signature_valid"] for s in d["facts"]["esp.secure_boot_v1.app_signatures"]["value"]] == ['"$2"']'; }

sb "$T/ok.json" "$D" --sbv1-verify-key "$PEM"
digest_valid "$T/ok.json" True
sig_valid "$T/ok.json" True
jcheck "$T/ok.json" 'd["facts"]["esp.secure_boot_v1.app_signatures"]["value"][0]["label"] == "factory"'
jcheck "$T/ok.json" 'd["facts"]["esp.secure_boot_v1.app_signatures"]["value"][0]["key_sha256"] == "f7a324445cedd4447d9815f81f24bc63b58ad60e39e37b0bb6127bcc4b3887ba"'
jcheck "$T/ok.json" 'd["facts"]["esp.secure_boot_v1.bootloader_digest"]["value"]["key_sha256"] == "ff5e04f3cc7033583ad996b9b6ff8f2a7010819c42200598ed14d9eba82118db"'

# one byte changed in the app (flash offset 0x80000, inside the signed part)
/usr/bin/python3 - "$D" "$T/app.bin" 0x80000 "$T/bl.bin" 0x3000 <<'PY'
import sys
src = open(sys.argv[1], "rb").read()
for out, at in ((sys.argv[2], int(sys.argv[3], 0)), (sys.argv[4], int(sys.argv[5], 0))):
    b = bytearray(src)
    b[at] ^= 0x01
    open(out, "wb").write(b)
PY
sb "$T/app.json" "$T/app.bin" --sbv1-verify-key "$PEM"
sig_valid "$T/app.json" False
digest_valid "$T/app.json" True
# one byte changed in the bootloader
sb "$T/bl.json" "$T/bl.bin" --sbv1-verify-key "$PEM"
digest_valid "$T/bl.json" False
sig_valid "$T/bl.json" True
# another P-256 key does not verify the app; a wrong bootloader key no digest
sb "$T/other.json" "$D" --sbv1-verify-key "$S/keys/sb_ecdsa_p256.pem"
sig_valid "$T/other.json" False
head -c 32 /dev/urandom >"$T/blkey.bin"
"$FWAUDIT" scan --facts-only -o "$T/wrongbl.json" "$D" --flash-key "$V/esp32_flashenc_sbv1_dump.key.bin" \
	--sbv1-bootloader-key "$T/blkey.bin" >/dev/null 2>&1
digest_valid "$T/wrongbl.json" False
# without the verification key, nothing is claimed about the signature
sb "$T/nokey.json" "$D"
jcheck "$T/nokey.json" '"esp.secure_boot_v1.app_signatures" not in d["facts"]'
# unusable key files: exit 2, naming the file and what is wrong
expect_exit 2 "$FWAUDIT" scan "$D" --sbv1-verify-key "$S/keys/sb_rsa3072.pem"
contains "$T/err" "sb_rsa3072.pem"
contains "$T/err" "P-256"
head -c 20 /dev/urandom >"$T/short.bin"
expect_exit 2 "$FWAUDIT" scan "$D" --sbv1-bootloader-key "$T/short.bin"
contains "$T/err" "short.bin"
# no key byte in the outputs
/usr/bin/python3 - "$V/esp32_flashenc_sbv1_dump.bootloader_key.bin" "$V/esp32_flashenc_sbv1_dump.key.bin" "$T" <<'PY' || fail "key bytes in an output"
import os, sys
keys = [open(p, "rb").read() for p in sys.argv[1:3]]
for root, _, files in os.walk(sys.argv[3]):
    for f in files:
        if not f.endswith(".json"):
            continue
        data = open(os.path.join(root, f), "rb").read()
        for k in keys:
            if k.hex().encode() in data or k.hex().upper().encode() in data:
                sys.exit(1)
PY
echo ok
