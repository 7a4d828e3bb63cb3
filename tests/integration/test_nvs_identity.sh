#!/bin/sh
# Identity data kept in NVS: Matter factory data (namespace chip-factory:
# dac-cert, dac-key, pai-cert; connectedhomeip ESP32Config.cpp) and a
# passphrase-protected PEM key elsewhere. The NVS partition is written here
# by a small independent writer (esp-formats.md §5) from the sample CA and
# unit certificate, converted to DER with the openssl command line; the
# expected fingerprints come from openssl too.
. "$(dirname "$0")/lib.sh"
K=$TOP/samples/keys
openssl x509 -in "$K/secure_unit1.crt" -outform DER -out "$T/dac.der" || fail "openssl x509"
openssl x509 -in "$K/device_ca.crt" -outform DER -out "$T/pai.der" || fail "openssl x509"
openssl pkey -in "$K/secure_unit1.key" -outform DER -out "$T/dac-key.der" 2>/dev/null || fail "openssl pkey"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass pass:secret \
    -out "$T/enc.pem" 2>/dev/null || fail "openssl genpkey"

/usr/bin/python3 - "$T" <<'PY' || fail "NVS writer"
import struct, sys, zlib
t = sys.argv[1]
crc = lambda b: zlib.crc32(b, 0xFFFFFFFF)
page = bytearray(b'\xff' * 4096)
hdr = struct.pack('<II', 0xFFFFFFFE, 1) + bytes([0xFE]) + b'\xff' * 19
page[0:28] = hdr
page[28:32] = struct.pack('<I', crc(hdr[4:28]))
slot = [0]
def item(ns, typ, key, data8, payload=b'', chunk=0xFF):
    span = 1 + (len(payload) + 31) // 32
    e = bytearray([ns, typ, span, chunk]) + b'\0' * 4 + key.encode().ljust(16, b'\0') + data8
    e[4:8] = struct.pack('<I', crc(bytes(e[0:4] + e[8:32])))
    off = 64 + 32 * slot[0]
    page[off:off + 32] = e
    page[off + 32:off + 32 + len(payload)] = payload
    for i in range(slot[0], slot[0] + span):
        page[32 + i // 4] &= ~(1 << ((i % 4) * 2)) & 0xFF
    slot[0] += span
def ns(name, idx): item(0, 0x01, name, bytes([idx]) + b'\xff' * 7)
def blob(n, key, v):
    item(n, 0x42, key, struct.pack('<HHI', len(v), 0xFFFF, crc(v)), v, chunk=0)
    item(n, 0x48, key, struct.pack('<IBBH', len(v), 1, 0, 0xFFFF))
ns('chip-factory', 1)
blob(1, 'dac-cert', open(t + '/dac.der', 'rb').read())
blob(1, 'dac-key', open(t + '/dac-key.der', 'rb').read())
blob(1, 'pai-cert', open(t + '/pai.der', 'rb').read())
ns('certs', 2)
blob(2, 'client_key', open(t + '/enc.pem', 'rb').read())
def string(n, key, v):
    v = v + b'\0'
    item(n, 0x21, key, struct.pack('<HHI', len(v), 0xFFFF, crc(v)), v)
ns('nvs.net80211', 3)
blob(3, 'ap.passwd', b'apsecret1'.ljust(64, b'\0'))
blob(3, 'ap.pmk', bytes(range(1, 33)))
blob(3, 'sta.pswd', b'\xff' * 64)            # erased: not a secret
ns('cloud', 4)
string(4, 'api_token', b'tok-123456')
string(4, 'Admin_PWD', b'hunter2')
string(4, 'hostname', b'dev.example')
open(t + '/fctry.bin', 'wb').write(bytes(page) + b'\xff' * 4096)
PY

# No passphrase prompt may block the scan: stdin is closed, and it must end.
timeout 20 "$FWAUDIT" scan "$T/fctry.bin" --format json -o "$T/r.json" </dev/null >"$T/out" 2>"$T/err"
[ $? = 1 ] || fail "scan of the factory NVS did not exit 1 (fail)"
dac=$(openssl x509 -in "$K/secure_unit1.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
pai=$(openssl x509 -in "$K/device_ca.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
jcheck "$T/r.json" "[(c['source'], c['fingerprint_sha256']) for c in d['facts']['identity.certificates']['value']] == [('chip-factory:dac-cert', '$dac')]"
jcheck "$T/r.json" "[c['fingerprint_sha256'] for c in d['facts']['identity.ca_certificates']['value']] == ['$pai']"
# The DAC key is parsed and matches its certificate's public key.
jcheck "$T/r.json" "[(k['source'], k['parsed'], k['key_type'], k['key_bits']) for k in d['facts']['identity.private_keys']['value']] == [('chip-factory:dac-key', True, 'ec', 256)]"
jcheck "$T/r.json" "d['facts']['identity.private_keys']['value'][0]['public_key_sha256'] == d['facts']['identity.certificates']['value'][0]['public_key_sha256']"
jcheck "$T/r.json" "sorted((c['name'], c['kind'], c['length']) for c in d['facts']['nvs.credentials']['value']) == [('certs:client_key', 'private_key', $(wc -c <"$T/enc.pem")), ('chip-factory:dac-key', 'private_key', $(wc -c <"$T/dac-key.der")), ('cloud:Admin_PWD', 'password', 7), ('cloud:api_token', 'token', 10), ('nvs.net80211:ap.passwd', 'wifi_password', 9), ('nvs.net80211:ap.pmk', 'pmk', 32)]"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-KEY-PLAINTEXT'] == ['fail']"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ID-DEVICE-CERT'] == ['pass']"
# Key in clear, no eFuse evidence: not_tested (never pass).
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ID-KEY-PROTECTED'] == ['not_tested']"
exit 0
