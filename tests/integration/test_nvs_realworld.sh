#!/bin/sh
# NVS decoding of three real flash dumps (../shared/vectors/realworld, whose
# README gives the expected namespaces, Wi-Fi credentials and damage): the
# partitions are cut out with dd at the offsets of their partition tables and
# scanned as standalone NVS inputs. Secrets must never appear in any output:
# every credential's bytes are read back from the dump at the reported offset
# and searched for in the report.
. "$(dirname "$0")/lib.sh"
need_shared
RW=$SHARED/vectors/realworld

cut() {	# cut DUMP OFFSET_4K_PAGES COUNT OUT
	dd if="$RW/$1" of="$4" bs=4096 skip="$2" count="$3" 2>/dev/null || fail "dd $1"
}
cut esp32_wifi_creds_2mb_flash_dump.bin 9 6 "$T/v1.bin"		# nvs 0x9000 0x6000
cut esp32_esp-at_flash_first_2mb.bin 18 14 "$T/v2.bin"		# nvs 0x12000 0xe000
cut esp32_flashenc_sbv1_dump_0x0-0x120000.bin 17 6 "$T/v3.bin"	# nvs 0x11000 0x6000

# Vector 1: plaintext Wi-Fi credentials, five remembered networks, BLE keys.
expect_exit 1 "$FWAUDIT" scan "$T/v1.bin" --format json -o "$T/r1.json"
jcheck "$T/r1.json" "d['inputs'][0]['kind'] == 'nvs'"
jcheck "$T/r1.json" "[n['name'] for n in d['facts']['nvs.partitions']['value'][0]['namespaces']] == ['phy', 'bt_config.conf', 'misc', 'nvs.net80211']"
jcheck "$T/r1.json" "d['facts']['nvs.partitions']['value'][0]['pages_valid'] == 5 and d['facts']['nvs.partitions']['value'][0]['pages_empty'] == 1"
jcheck "$T/r1.json" "{c['key']: c['length'] for c in d['facts']['nvs.credentials']['value'] if c['namespace'] == 'nvs.net80211' and c['kind'] != 'pmk'} == {'sta.ssid': 9, 'sta.pswd': 8, 'sta.apinfo[0]': 8, 'sta.apinfo[1]': 11, 'sta.apinfo[2]': 8, 'sta.apinfo[3]': 8, 'sta.apinfo[4]': 11}"
jcheck "$T/r1.json" "any(c['kind'] == 'bluetooth_key' and c['key'] == 'bt_cfg_key0' for c in d['facts']['nvs.credentials']['value'])"
jcheck "$T/r1.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-WIFI-PLAINTEXT'] == ['fail']"
jcheck "$T/r1.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-KEY-PLAINTEXT'] == ['pass']"
jcheck "$T/r1.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-ENCRYPTED'] == ['fail']"

# No secret in the report; the SHA-256 is of exactly the reported bytes.
/usr/bin/python3 - "$T/v1.bin" "$T/r1.json" "$T/out" <<'PY' || fail "a secret leaked, or offset/sha256 do not match the value"
import hashlib, json, sys
part = open(sys.argv[1], 'rb').read()
text = open(sys.argv[2], 'rb').read() + open(sys.argv[3], 'rb').read()
creds = json.load(open(sys.argv[2]))['facts']['nvs.credentials']['value']
assert len(creds) >= 8
for c in creds:
    v = part[c['offset']:c['offset'] + c['length']]
    assert hashlib.sha256(v).hexdigest() == c['sha256'], c['name']
    assert len(c['masked']) <= 12, c['masked']
    if c['kind'] in ('wifi_password', 'pmk', 'bluetooth_key'):
        assert v not in text, c['name']
        assert v.hex().encode() not in text, c['name']
PY

# Vector 2: legacy (v1) blobs whose Wi-Fi values are all erased: no credential.
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/v2.bin" -o "$T/f2.json"
jcheck "$T/f2.json" "d['facts']['nvs.partitions']['value'][0]['format_version'] == 1"
# README: UART, misc, nvs.net80211, phy "plus an unused namespace index 5"
jcheck "$T/f2.json" "[(n['index'], n['name']) for n in d['facts']['nvs.partitions']['value'][0]['namespaces']][:4] == [(1, 'UART'), (2, 'misc'), (3, 'nvs.net80211'), (4, 'phy')]"
jcheck "$T/f2.json" "d['facts']['nvs.partitions']['value'][0]['namespaces'][4]['index'] == 5"
jcheck "$T/f2.json" "d['facts']['nvs.credentials']['value'] == []"
expect_exit 0 "$FWAUDIT" scan "$T/v2.bin" --format json -o "$T/r2.json"
jcheck "$T/r2.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-WIFI-PLAINTEXT'] == ['pass']"

# Vector 3: five valid pages, then a page of stale app bytes (not NVS).
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/v3.bin" -o "$T/f3.json"
jcheck "$T/f3.json" "d['facts']['nvs.partitions']['value'][0]['pages_valid'] == 5 and d['facts']['nvs.partitions']['value'][0]['pages_not_nvs'] == 1"
jcheck "$T/f3.json" "d['facts']['nvs.partitions']['value'][0]['problems'] == [{'offset': 0x5000, 'problem': 'not an NVS page (unknown page state)'}]"
jcheck "$T/f3.json" "{c['key']: c['length'] for c in d['facts']['nvs.credentials']['value']} == {'sta.ssid': 10, 'sta.pswd': 8, 'sta.apinfo[0]': 8}"
jcheck "$T/f3.json" "any('0x5000: not an NVS page' in w for w in d['warnings'])"

# A whole dump is not mistaken for an NVS partition (another collector, or
# none, takes it).
"$FWAUDIT" scan --facts-only "$RW/esp32_wifi_creds_2mb_flash_dump.bin" -o "$T/f4.json" 2>"$T/err"
[ -s "$T/f4.json" ] && jcheck "$T/f4.json" "d['inputs'][0]['kind'] != 'nvs'"
exit 0
