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

PYTHONPATH=$(dirname "$0") /usr/bin/python3 - "$T" <<'PY' || fail "NVS writer"
import sys
from nvs_page import Page
t = sys.argv[1]
p = Page()
p.ns('chip-factory', 1)
p.blob(1, 'dac-cert', open(t + '/dac.der', 'rb').read())
p.blob(1, 'dac-key', open(t + '/dac-key.der', 'rb').read())
p.blob(1, 'pai-cert', open(t + '/pai.der', 'rb').read())
p.ns('certs', 2)
p.blob(2, 'client_key', open(t + '/enc.pem', 'rb').read())
p.ns('nvs.net80211', 3)
p.blob(3, 'ap.passwd', b'apsecret1'.ljust(64, b'\0'))
p.blob(3, 'ap.pmk', bytes(range(1, 33)))
p.blob(3, 'sta.pswd', b'\xff' * 64)            # erased: not a secret
p.ns('cloud', 4)
p.string(4, 'api_token', b'tok-123456')
p.string(4, 'Admin_PWD', b'hunter2')
p.string(4, 'hostname', b'dev.example')
open(t + '/fctry.bin', 'wb').write(bytes(p.b) + b'\xff' * 4096)
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
