#!/bin/sh
# The committed sample dumps (samples/, made by `make samples`): NVS and
# esp_secure_cert partitions cut out at the offsets of the samples' partition
# table and scanned alone. Expected values come from the generator's inputs:
# the certificates in samples/keys (fingerprints computed here with the openssl
# command line) and the NVS keys it wrote.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
[ -f "$S/secure/flash.bin" ] || fail "samples/secure/flash.bin is missing (make samples)"

cut() {	# cut DUMP OFFSET_4K_PAGES COUNT OUT
	dd if="$1" of="$4" bs=4096 skip="$2" count="$3" 2>/dev/null || fail "dd $1"
}
cut "$S/insecure/flash.bin" 9 6 "$T/ins-nvs.bin"	# nvs 0x9000 0x6000
cut "$S/secure/flash.bin" 9 6 "$T/sec-nvs.bin"
cut "$S/secure/flash.bin" 19 2 "$T/sec-cert.bin"	# esp_secure_cert 0x13000 0x2000

# Insecure unit: plaintext Wi-Fi passphrase, MQTT password, PEM key.
expect_exit 1 "$FWAUDIT" scan "$T/ins-nvs.bin" --format json -o "$T/ins.json"
jcheck "$T/ins.json" "sorted((c['name'], c['kind']) for c in d['facts']['nvs.credentials']['value']) == [('app:mqtt_pass', 'password'), ('app:tls_key', 'private_key'), ('nvs.net80211:sta.pswd', 'wifi_password'), ('nvs.net80211:sta.ssid', 'wifi_ssid')]"
for id in ESP-NVS-WIFI-PLAINTEXT ESP-NVS-KEY-PLAINTEXT ESP-NVS-PASSWORD-PLAINTEXT ESP-NVS-ENCRYPTED; do
	jcheck "$T/ins.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['fail']"
done
# An NVS partition alone says nothing about the rest of the flash: whether the
# device has a certificate is not tested (the flash-dump collector decides).
jcheck "$T/ins.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ID-DEVICE-CERT'] == ['not_tested']"
jcheck "$T/ins.json" "'identity.examined' not in d['facts']"
lacks "$T/ins.json" "Sup3rS3cret"
lacks "$T/ins.json" "BEGIN PRIVATE KEY"

# Secure unit: entries that look encrypted; nothing readable, nothing listed.
# Alone, nothing shows NVS encryption is on (damage looks the same): the
# partition's encryption stays unknown and the NVS rules are not tested.
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/sec-nvs.bin" -o "$T/secn.json"
jcheck "$T/secn.json" "d['facts']['nvs.partitions']['value'][0]['entries_look_encrypted'] is True"
jcheck "$T/secn.json" "d['facts']['nvs.partitions']['value'][0]['encrypted'] is None"
jcheck "$T/secn.json" "d['facts']['nvs.partitions']['value'][0]['pages_valid'] == 1"
jcheck "$T/secn.json" "d['facts']['nvs.credentials']['value'] == []"
# With the unit's sdkconfig (CONFIG_NVS_ENCRYPTION=y), or inside the whole dump
# (its nvs_keys partition holds keys), it is encrypted.
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/sec-nvs.bin" "$S/secure/sdkconfig" -o "$T/secn2.json"
jcheck "$T/secn2.json" "d['facts']['nvs.partitions']['value'][0]['encrypted'] is True"
"$FWAUDIT" scan "$S/secure/flash.bin" --format json -o "$T/secd.json" 2>"$T/err"
jcheck "$T/secd.json" "[p['encrypted'] for p in d['facts']['nvs.partitions']['value']] == [True]"
jcheck "$T/secd.json" "'nvs_keys partition' in d['facts']['nvs.partitions']['value'][0]['encryption_evidence']"
jcheck "$T/secd.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-ENCRYPTED'] == ['pass']"
# Random bytes where the dump's table puts NVS: not NVS, nothing read, so no
# NVS rule passes (they are not tested), and the dump is still scanned.
cp "$S/insecure/flash.bin" "$T/rnd-dump.bin"
head -c 24576 /dev/urandom | dd of="$T/rnd-dump.bin" bs=4096 seek=9 conv=notrunc 2>/dev/null
"$FWAUDIT" scan "$T/rnd-dump.bin" --format json -o "$T/rnd.json" 2>"$T/err"
jcheck "$T/rnd.json" "[(p['decoded'], p['values_read']) for p in d['facts']['nvs.partitions']['value']] == [(False, False)]"
jcheck "$T/rnd.json" "'not an NVS partition' in d['facts']['nvs.partitions']['value'][0]['error']"
for id in ESP-NVS-WIFI-PLAINTEXT ESP-NVS-KEY-PLAINTEXT ESP-NVS-PASSWORD-PLAINTEXT ESP-NVS-ENCRYPTED; do
	jcheck "$T/rnd.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['not_tested']"
done
# ...and decrypting its entries with the unit's nvs_keys gives valid items,
# so what was recognised really is NVS encryption (XTS-AES-256 per entry).
/usr/bin/python3 - "$T/sec-nvs.bin" "$S/keys/nvs_keys_unit1.bin" "$T/dec.bin" <<'PY' || skip "python3 cryptography module is absent"
import sys
try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
except ImportError:
    sys.exit(1)
part = bytearray(open(sys.argv[1], 'rb').read())
key = open(sys.argv[2], 'rb').read()
for pg in range(len(part) // 4096):
    base = pg * 4096
    if part[base:base + 4] == b'\xff' * 4:
        continue
    for i in range(126):
        if (part[base + 32 + i // 4] >> ((i % 4) * 2)) & 3 != 2:
            continue
        off = base + 64 + 32 * i
        d = Cipher(algorithms.AES(key), modes.XTS(off.to_bytes(16, 'little'))).decryptor()
        part[off:off + 32] = d.update(bytes(part[off:off + 32])) + d.finalize()
open(sys.argv[3], 'wb').write(part)
PY
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/dec.bin" -o "$T/dec.json"
jcheck "$T/dec.json" "d['facts']['nvs.partitions']['value'][0]['encrypted'] is False and d['facts']['nvs.partitions']['value'][0]['items_bad'] == 0 and d['facts']['nvs.partitions']['value'][0]['values_read'] is True"
jcheck "$T/dec.json" "[n['name'] for n in d['facts']['nvs.partitions']['value'][0]['namespaces']] == ['nvs.net80211', 'app']"

# Secure unit identity: the per-device certificate, key HMAC-encrypted.
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/sec-cert.bin" -o "$T/cert.json"
fp=$(openssl x509 -in "$S/keys/secure_unit1.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
jcheck "$T/cert.json" "d['inputs'][0]['kind'] == 'esp-secure-cert'"
jcheck "$T/cert.json" "[c['fingerprint_sha256'] for c in d['facts']['identity.certificates']['value']] == ['$fp']"
jcheck "$T/cert.json" "d['facts']['identity.certificates']['value'][0]['subject'] == 'CN=acme-sensor-0001,O=Acme IoT'"
jcheck "$T/cert.json" "d['facts']['identity.certificates']['value'][0]['key_type'] == 'ec' and d['facts']['identity.certificates']['value'][0]['key_bits'] == 256"
jcheck "$T/cert.json" "[k['protection'] for k in d['facts']['identity.private_keys']['value']] == ['hmac_encrypted']"
jcheck "$T/cert.json" "len(d['facts']['identity.ca_certificates']['value']) == 1"
jcheck "$T/cert.json" "[(e['input'], e['device_certificates'], e['private_keys']) for e in d['facts']['identity.examined']['value']] == [(0, 1, 1)]"
jcheck "$T/cert.json" "[t['type'] for t in d['facts']['identity.partitions']['value'][0]['tlvs']] == ['ca_cert', 'dev_cert', 'priv_key'] and all(t['crc_ok'] for t in d['facts']['identity.partitions']['value'][0]['tlvs'])"
expect_exit 0 "$FWAUDIT" scan "$T/sec-cert.bin" --format json -o "$T/certr.json"
for id in ESP-ID-DEVICE-CERT ESP-ID-CERT-NOT-EXPIRED ESP-ID-KEY-STRENGTH ESP-ID-KEY-PROTECTED; do
	jcheck "$T/certr.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['pass']"
done

# Hostile: a damaged record's CRC is a warning; a truncated first record or a
# too-short NVS file is unusable input (exit 2, message with the offset).
cp "$T/sec-cert.bin" "$T/bad-crc.bin"
printf 'X' | dd of="$T/bad-crc.bin" bs=1 seek=700 conv=notrunc 2>/dev/null
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/bad-crc.bin" -o "$T/bad.json"
jcheck "$T/bad.json" "[t['crc_ok'] for t in d['facts']['identity.partitions']['value'][0]['tlvs']] == [True, False, True]"
jcheck "$T/bad.json" "d['facts']['identity.certificates']['value'] == []"
jcheck "$T/bad.json" "any('dev_cert: CRC32 mismatch' in w for w in d['warnings'])"
head -c 300 "$T/sec-cert.bin" >"$T/short.bin"
expect_exit 2 "$FWAUDIT" scan --kind esp-secure-cert "$T/short.bin"
contains "$T/err" "short.bin: offset 0x0: esp_secure_cert TLV (type 0) of"
head -c 4000 "$T/ins-nvs.bin" >"$T/short-nvs.bin"
expect_exit 2 "$FWAUDIT" scan --kind nvs "$T/short-nvs.bin"
contains "$T/err" "short-nvs.bin: offset 0x0: NVS partition of 4000 bytes is shorter than one 4096-byte page"
exit 0
