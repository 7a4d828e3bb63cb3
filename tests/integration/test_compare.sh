#!/bin/sh
# --compare on the sample units: the insecure product's two units share their
# Wi-Fi passphrase, MQTT password and TLS key; the secure product's units have
# their own certificates (and encrypted NVS, so NVS cannot be compared:
# not_tested, never pass). Partitions are cut out of the committed dumps.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
[ -f "$S/insecure/flash-unit2.bin" ] || fail "samples are missing (make samples)"

cut() { dd if="$1" of="$4" bs=4096 skip="$2" count="$3" 2>/dev/null || fail "dd $1"; }
cut "$S/insecure/flash.bin" 9 6 "$T/i1.bin"
cut "$S/insecure/flash-unit2.bin" 9 6 "$T/i2.bin"
cut "$S/secure/flash.bin" 9 6 "$T/s1-nvs.bin"
cut "$S/secure/flash-unit2.bin" 9 6 "$T/s2-nvs.bin"
cut "$S/secure/flash.bin" 19 2 "$T/s1.bin"
cut "$S/secure/flash-unit2.bin" 19 2 "$T/s2.bin"
verdict() {	# verdict FILE RULE EXPECTED
	jcheck "$1" "[r['verdict'] for r in d['rules'] if r['id'] == '$2'] == ['$3']"
}

# Insecure units: the same secrets in both.
expect_exit 1 "$FWAUDIT" scan --compare "$T/i1.bin" "$T/i2.bin" --format json -o "$T/ci.json"
jcheck "$T/ci.json" "sorted(s['name'] for s in d['facts']['compare.shared_credentials']['value']) == ['app:mqtt_pass', 'app:tls_key', 'nvs.net80211:sta.pswd']"
jcheck "$T/ci.json" "all(s['unit_a']['offset'] == s['unit_b']['offset'] for s in d['facts']['compare.shared_credentials']['value'])"
jcheck "$T/ci.json" "[u['input'] for u in d['facts']['compare.units']['value']] == [0, 1]"
verdict "$T/ci.json" CMP-SHARED-CREDENTIALS fail
verdict "$T/ci.json" CMP-DEVICE-CERT-UNIQUE not_tested
lacks "$T/ci.json" "acme1234"
# The saved fact tree gives the same verdicts (fwaudit evaluate).
expect_exit 0 "$FWAUDIT" scan --compare --facts-only "$T/i1.bin" "$T/i2.bin" -o "$T/cf.json"
expect_exit 1 "$FWAUDIT" evaluate "$T/cf.json" --format json -o "$T/ce2.json"
verdict "$T/ce2.json" CMP-SHARED-CREDENTIALS fail

# Secure units' identities: different certificates and keys.
expect_exit 0 "$FWAUDIT" scan --compare "$T/s1.bin" "$T/s2.bin" --format json -o "$T/cs.json"
jcheck "$T/cs.json" "d['facts']['compare.device_certificates_differ']['value'] is True"
jcheck "$T/cs.json" "d['facts']['compare.shared_private_keys']['value'] == []"
verdict "$T/cs.json" CMP-DEVICE-CERT-UNIQUE pass
verdict "$T/cs.json" CMP-SHARED-PRIVATE-KEYS pass
verdict "$T/cs.json" CMP-SHARED-CREDENTIALS not_tested

# One unit's identity against itself (a cloned unit): all shared.
expect_exit 1 "$FWAUDIT" scan --compare "$T/s1.bin" "$T/s1.bin" --format json -o "$T/cc.json"
jcheck "$T/cc.json" "d['facts']['compare.device_certificates_differ']['value'] is False"
jcheck "$T/cc.json" "[s['reason'] for s in d['facts']['compare.shared_private_keys']['value']] == ['same value']"
verdict "$T/cc.json" CMP-DEVICE-CERT-UNIQUE fail
verdict "$T/cc.json" CMP-SHARED-PRIVATE-KEYS fail
jcheck "$T/cc.json" "any('same file' in w for w in d['warnings'])"

# Encrypted NVS on both sides: nothing to compare, so not_tested.
expect_exit 0 "$FWAUDIT" scan --compare "$T/s1-nvs.bin" "$T/s2-nvs.bin" --format json -o "$T/ce.json"
jcheck "$T/ce.json" "'compare.shared_credentials' not in d['facts']"
verdict "$T/ce.json" CMP-SHARED-CREDENTIALS not_tested

# A unit read only up to its NVS partition: its keys, certificates and
# passwords were never searched, so nothing "is not shared".
head -c $((0x9000)) "$S/insecure/flash-unit2.bin" > "$T/u2-cut.bin"
expect_exit 1 "$FWAUDIT" scan --compare "$S/insecure/flash.bin" "$T/u2-cut.bin" --format json -o "$T/cut.json"
for r in CMP-SHARED-PRIVATE-KEYS CMP-SHARED-CREDENTIALS CMP-DEVICE-CERT-UNIQUE; do
	verdict "$T/cut.json" $r not_tested
done
jcheck "$T/cut.json" "any('were not searched' in w for w in d['warnings'])"

expect_exit 2 "$FWAUDIT" scan --compare "$T/i1.bin"
contains "$T/err" "--compare takes exactly two inputs"
exit 0
