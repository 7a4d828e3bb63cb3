#!/bin/sh
# --flash-key: flash-encrypted dumps decrypted in memory and audited.
#  - our own dumps, encrypted by espsecure's algorithm (esp_flash_encrypt.py,
#    checked against espsecure's known answers) for ESP32 (AES-256 + tweak,
#    two FLASH_CRYPT_CONF values) and ESP32-S3 (XTS-AES-128; the sample's
#    XTS-AES-256 dump): the images found are the plaintext dump's, byte for
#    byte (their SHA-256);
#  - the real ESP32 dump with its published key gives what its README names;
#  - a wrong key, a key for another scheme, bad key files, truncated dumps;
#  - no key byte in any report, fact tree, evidence bundle or message.
. "$(dirname "$0")/lib.sh"
command -v /usr/bin/python3 >/dev/null || skip "python3 is absent"
/usr/bin/python3 -c "import cryptography" 2>/dev/null || skip "python3-cryptography is absent"
ENC="/usr/bin/python3 $TOP/tests/integration/esp_flash_encrypt.py"
S=$TOP/samples

facts() { # facts OUT ARGS...: the fact tree of a scan (exit 0 or 1)
	out=$1; shift
	"$FWAUDIT" scan --facts-only -o "$out" "$@" >"$T/out" 2>"$T/err" ||
		{ cat "$T/err"; fail "scan $*"; }
}
# same_images A B: every image of fact tree A is in B at the same offset with
# the same appended hash and checksum, and B has no other image
same_images() {
	/usr/bin/python3 - "$1" "$2" <<'PY' || fail "images of $2 differ from $1"
import json, sys
def imgs(p):
    return sorted((i["offset"], i.get("role"), i.get("hash"), i.get("checksum_valid"),
                   i.get("hash_valid"), i.get("sbv2_valid"))
                  for i in json.load(open(p))["facts"]["esp.images"]["value"])
a, b = imgs(sys.argv[1]), imgs(sys.argv[2])
print(a); print(b)
sys.exit(0 if a == b and a and all(i[2] for i in a) else 1)
PY
}

# --- XTS-AES-128 on an ESP32-S3 dump of our own ---------------------------
head -c 32 /dev/urandom >"$T/xts128.key"
$ENC "$S/secure/flash.bin" "$T/s3-xts128.bin" "$T/xts128.key" xts || fail "encrypting"
cmp -s "$S/secure/flash.bin" "$T/s3-xts128.bin" && fail "nothing was encrypted"
facts "$T/plain.json" "$S/secure/flash.bin"
facts "$T/xts128.json" "$T/s3-xts128.bin" --flash-key "$T/xts128.key"
same_images "$T/plain.json" "$T/xts128.json"
jcheck "$T/xts128.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["scheme"] == "xts-aes-128"'
jcheck "$T/xts128.json" 'd["facts"]["esp.flash_encryption.state"]["value"] == "encrypted"'
jcheck "$T/xts128.json" 'all(i.get("decrypted") for i in d["facts"]["esp.images"]["value"])'
# the nvs_keys partition is decrypted: keys readable with the key only
jcheck "$T/xts128.json" '[k["state"] for k in d["facts"]["nvs.keys_partitions"]["value"]] == ["plaintext"]'
# without the key the same dump shows ciphertext and no image
facts "$T/nokey.json" "$T/s3-xts128.bin"
jcheck "$T/nokey.json" 'not any(i.get("parsed") for i in d["facts"]["esp.images"]["value"])'
jcheck "$T/nokey.json" '"esp.flash_decryption" not in d["facts"]'

# --- XTS-AES-256: the sample's encrypted dump (samples/gen) ---------------
facts "$T/xts256.json" "$S/secure/flash-encrypted.bin" --flash-key "$S/keys/flash_encryption_key.bin"
same_images "$T/plain.json" "$T/xts256.json"
jcheck "$T/xts256.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["scheme"] == "xts-aes-256"'

# NVS encryption undone with the nvs_keys keys the flash key exposes: the
# sample's NVS (samples/gen/mkflash.c: Wi-Fi "AcmeHome", namespace app) reads
/usr/bin/python3 - "$T/xts256.json" <<'PY' || fail "the encrypted NVS was not decrypted"
import json, sys
f = json.load(open(sys.argv[1]))["facts"]
nvs = [p for p in f["nvs.partitions"]["value"] if p["label"] == "nvs"][0]
assert nvs["decrypted"] and nvs["encrypted"] is True and nvs["items_bad"] == 0, nvs
assert {n["name"] for n in nvs["namespaces"]} >= {"nvs.net80211", "app"}, nvs["namespaces"]
ex = f["esp.flash_key_exposes"]["value"]
assert any(e["what"] == "nvs_secret" and e["label"] == "nvs.net80211:sta.pswd" for e in ex), ex
assert [e["what"] for e in ex][:1] == ["nvs_keys"], ex
# what anyone reads: no credential from the encrypted NVS
assert f["nvs.credentials"]["value"] == [], f["nvs.credentials"]
PY

# --- a wrong key and a key for another scheme: said, never silent ---------
head -c 32 /dev/urandom >"$T/wrong.key"
for k in "$T/wrong.key" "$S/keys/nvs_keys_unit1.bin"; do
	facts "$T/wrong.json" "$S/secure/flash-encrypted.bin" --flash-key "$k"
	jcheck "$T/wrong.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["result"] == "no_valid_plaintext"'
	jcheck "$T/wrong.json" 'd["facts"]["esp.flash_decryption"]["value"]["decrypted"] is False'
	jcheck "$T/wrong.json" 'any("decrypts nothing valid" in w for w in d["warnings"])'
	jcheck "$T/wrong.json" 'not any(i.get("parsed") for i in d["facts"]["esp.images"]["value"])'
done
# a wrong key first, the right one second: the second decrypts
facts "$T/two.json" "$S/secure/flash-encrypted.bin" --flash-key "$T/wrong.key" \
	--flash-key "$S/keys/flash_encryption_key.bin"
jcheck "$T/two.json" '[k["result"] for k in d["facts"]["esp.flash_decryption"]["value"]["keys"]] == ["no_valid_plaintext", "decrypted"]'
# a key with a plaintext dump: not used, and said so
facts "$T/plainkey.json" "$S/secure/flash.bin" --flash-key "$T/xts128.key"
jcheck "$T/plainkey.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["result"] == "not_encrypted"'
same_images "$T/plain.json" "$T/plainkey.json"

# --- findings: what only the key holder reads, apart from what anyone reads -
# verdict REPORT RULE: the rule's verdict in a JSON report
verdict() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
def walk(o):
    if isinstance(o, dict):
        if o.get("id") == sys.argv[2] and "verdict" in o:
            yield o["verdict"]
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
print(sorted(set(walk(json.load(open(sys.argv[1]))))))
PY
}
"$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --flash-key "$S/keys/flash_encryption_key.bin" \
	--format json -o "$T/k.json" --format text -o "$T/k.txt" >/dev/null 2>&1
"$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --format json -o "$T/n.json" >/dev/null 2>&1
[ "$(verdict "$T/k.json" ESP-FLASH-KEY-EXPOSURE)" = "['fail']" ] || fail "exposure not reported with the key"
[ "$(verdict "$T/n.json" ESP-FLASH-KEY-EXPOSURE)" = "['not_applicable']" ] || fail "exposure judged without a key"
contains "$T/k.txt" "with the flash key: the NVS encryption keys"
contains "$T/k.json" "with the flash key: the app image of acme-sensor 1.4.2"
# for anyone without the key the NVS keys stay protected: not a finding
[ "$(verdict "$T/k.json" ESP-NVS-KEYS-PROTECTED)" = "['pass']" ] || fail "nvs_keys judged as readable by anyone"
jcheck "$T/xts256.json" '[(k["readable"], k["decrypted"]) for k in d["facts"]["nvs.keys_partitions"]["value"]] == [(False, True)]'
contains "$T/k.txt" "with the flash key: a Wi-Fi password in NVS (nvs.net80211:sta.pswd"
# NVS encryption, unproven without the key (entries merely look random), is
# shown by the key: for anyone else the Wi-Fi password stays encrypted
for r in ESP-NVS-WIFI-PLAINTEXT ESP-NVS-ENCRYPTED ESP-NVS-PASSWORD-PLAINTEXT; do
	[ "$(verdict "$T/n.json" $r)" = "['not_tested']" ] || fail "$r without the key"
	[ "$(verdict "$T/k.json" $r)" = "['pass']" ] || fail "$r with the key"
done
# the flash is still judged encrypted (what anyone reads)
[ "$(verdict "$T/k.json" ESP-IMG-FLASH-ENCRYPTED)" = "$(verdict "$T/n.json" ESP-IMG-FLASH-ENCRYPTED)" ] ||
	fail "the key changed the flash encryption verdict"

# --- bad key files: exit 2, naming the file --------------------------------
head -c 31 /dev/urandom >"$T/short.key"
expect_exit 2 "$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --flash-key "$T/short.key"
contains "$T/err" "short.key"
contains "$T/err" "not 31"
head -c 100 /dev/urandom >"$T/long.key"
expect_exit 2 "$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --flash-key "$T/long.key"
contains "$T/err" "long.key"
expect_exit 2 "$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --flash-key "$T/absent.key"
contains "$T/err" "absent.key"

# --- truncated dumps with the key: no crash; what is there is read ---------
for n in 4096 8192 40960 200000; do
	head -c $n "$S/secure/flash-encrypted.bin" >"$T/cut.bin"
	"$FWAUDIT" scan --kind esp-flash "$T/cut.bin" --flash-key "$S/keys/flash_encryption_key.bin" \
		--facts-only -o "$T/cut.json" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -le 2 ] || fail "truncated at $n: exit $rc"
	[ $rc = 2 ] && { grep -q "cut.bin" "$T/err" || fail "truncated at $n: exit 2 without naming the input"; }
done
jcheck "$T/cut.json" 'd["facts"]["esp.flash_decryption"]["value"]["decrypted"] is True'

# --- the key never leaves memory: reports, facts, bundle, messages --------
K=$S/keys/flash_encryption_key.bin
"$FWAUDIT" scan "$S/secure/flash-encrypted.bin" "$S/secure/efuse.json" --flash-key "$K" \
	--verbose --format json -o "$T/r.json" --format text -o "$T/r.txt" \
	--format html -o "$T/r.html" --format sarif -o "$T/r.sarif" --format junit -o "$T/r.xml" \
	--format md -o "$T/r.md" --evidence-dir "$T/bundle" >"$T/out" 2>"$T/err"
[ $? -le 1 ] || { cat "$T/err"; fail "scan with evidence bundle"; }
"$FWAUDIT" scan "$S/secure/flash-encrypted.bin" --flash-key "$K" --facts-only -o "$T/f.json" \
	>>"$T/out" 2>>"$T/err"
/usr/bin/python3 - "$K" "$T" <<'PY' || fail "a key byte sequence appears in an output"
import base64, os, sys
key = open(sys.argv[1], "rb").read()
needles = [key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key),
           key[:16].hex().encode(), key[32:].hex().encode()]
seen = 0
for root, _, files in os.walk(sys.argv[2]):
    for f in files:
        p = os.path.join(root, f)
        if p.endswith(".key") or f.endswith(".bin"):
            continue
        data = open(p, "rb").read()
        seen += 1
        for n in needles:
            if n in data:
                print("key material in", p)
                sys.exit(1)
print("outputs checked:", seen)
sys.exit(0 if seen >= 8 else 1)
PY
contains "$T/r.json" "1411992dfce92b049a4eb3e6f3293da687522cbc95584c42564c269246e0944e"

# --- ESP32 (AES-256 + address tweak), our own encryption of a real dump ----
need_shared
V=$SHARED/vectors/realworld
head -c 32 /dev/urandom >"$T/esp32.key"
facts "$T/e-plain.json" "$V/esp32_wifi_creds_2mb_flash_dump.bin"
for conf in 0xF 0x3; do
	$ENC "$V/esp32_wifi_creds_2mb_flash_dump.bin" "$T/e.bin" "$T/esp32.key" esp32 $conf ||
		fail "encrypting (ESP32, conf $conf)"
	facts "$T/e.json" "$T/e.bin" --flash-key "$T/esp32.key"
	same_images "$T/e-plain.json" "$T/e.json"
	jcheck "$T/e.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["flash_crypt_conf"] == '$conf
	jcheck "$T/e.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["scheme"] == "esp32-aes256-tweak"'
done

# --- the real flash-encrypted ESP32 dump with its published key -----------
facts "$T/rw.json" "$V/esp32_flashenc_sbv1_dump_0x0-0x120000.bin" \
	--flash-key "$V/esp32_flashenc_sbv1_dump.key.bin"
jcheck "$T/rw.json" 'd["facts"]["esp.flash_decryption"]["value"]["keys"][0]["key_sha256"] == "f51011fb7ab2f66453b7da2b6431694a4a7e738b2c15c903f0adb17d5a93650f"'
/usr/bin/python3 - "$T/rw.json" <<'PY' || fail "the real dump's plaintext differs from its README"
import json, sys
f = json.load(open(sys.argv[1]))["facts"]
im = {i["offset"]: i for i in f["esp.images"]["value"]}
bl, app = im[0x1000], im[0x20000]
assert bl["role"] == "bootloader" and bl["segment_count"] == 4, bl
assert bl["entry"] == "0x40080688" and bl["checksum_valid"] and bl["hash_valid"], bl
assert bl["hash"].startswith("421de5a0") and bl["hash"].endswith("e3fc"), bl["hash"]
assert f["esp.dump"]["value"]["partition_table_offset"] == 0x10000
parts = [(p["label"], p["type"], p["subtype"], p["offset"], p["size"])
         for p in f["esp.partitions"]["value"]]
assert parts == [("nvs", "data", "nvs", 0x11000, 0x6000),
                 ("phy_init", "data", "phy", 0x17000, 0x1000),
                 ("factory", "app", "factory", 0x20000, 0x100000)], parts
assert f["esp.partition_table"]["value"]["md5_valid"] is True
assert app["partition"] == "factory" and app["segment_count"] == 6, app
assert app["entry"] == "0x400816a4" and app["length"] == 0xdffb0, app
assert app["checksum_valid"] and app["hash_valid"] and app["hash"].startswith("6721ce17")
assert app["app"]["project"] == "YOLO_BIT" and app["app"]["version"] == "5973ec1-dirty"
assert app["app"]["idf_version"] == "v5.1.6-1361-g20dd78b02e"
assert app["sbv1"]["present"] and app["sbv1"]["offset"] - 0x20000 + 68 == 0xdfff4, app["sbv1"]
dg = f["esp.secure_boot_v1.bootloader_digest"]["value"]
assert dg["digest"].startswith("b62feff8") and dg["digest"].endswith("b574"), dg
ssids = [c for c in f["nvs.credentials"]["value"] if c["name"] == "nvs.net80211:sta.ssid"]
assert ssids and ssids[0]["length"] == 10, ssids
PY
echo ok
