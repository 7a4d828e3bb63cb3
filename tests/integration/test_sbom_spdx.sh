# SPDX 2.x tag/value SBOMs as an input (esp-idf-sbom's format): the shared
# spdx-examples documents, the merge with a real app's binary evidence
# (agreements, the one planted disagreement, what only one side names), and
# broken documents refused with the line.
. "$(dirname "$0")/lib.sh"
need_shared
SP=$SHARED/vectors/spdx
D=$TOP/tests/data/sbom/projet_securite.spdx
W=$SHARED/vectors/realworld/esp32_wifi_creds_2mb_flash_dump.bin

# 1. The spdx-examples documents: packages and the lines they start on, as grep finds them.
for f in example1.spdx example6-bin.spdx; do
	expect_exit 0 "$FWAUDIT" scan --facts-only "$SP/$f" -o "$T/$f.json"
	names=$(grep '^PackageName: ' "$SP/$f" | sed 's/^PackageName: //' | tr '\n' ',')
	lines=$(grep -n '^PackageName: ' "$SP/$f" | cut -d: -f1 | tr '\n' ',')
	jcheck "$T/$f.json" "d['inputs'][0]['kind'] == 'spdx' and ','.join(p['name'] for p in d['facts']['spdx.packages']['value']) + ',' == '$names'"
	jcheck "$T/$f.json" "','.join(str(p['line']) for p in d['facts']['spdx.packages']['value']) + ',' == '$lines'"
	jcheck "$T/$f.json" "d['facts']['spdx.documents']['value'][0]['spdx_version'] == 'SPDX-2.2'"
done

# 2. Merged with the binary: the table says what ESP-IDF v5.5.1 bundles.
expect_exit 0 "$FWAUDIT" scan --facts-only "$W" "$D" -o "$T/m.json"
lwip=$(sed -n '/^  v5.5.1:/,/^  v/p' "$TOP/rules/data/esp-idf-releases.yaml" | sed -n 's/^    lwip: {version: "\([^"]*\)".*/\1/p')
[ -n "$lwip" ] && [ "$lwip" != 2.1.3 ] || fail "the planted disagreement needs v5.5.1's lwIP to differ from 2.1.3 (table: '$lwip')"
jcheck "$T/m.json" "{m['package']: m['status'] for m in d['facts']['components.spdx_merge']['value'] if 'package' in m} == {'projet_securite': 'agree', 'esp-idf': 'agree', 'mbedtls': 'agree', 'lwip': 'disagree', 'esp_wifi': 'not_in_catalogue'}"
jcheck "$T/m.json" "[(m['spdx_version'], m['binary_version']) for m in d['facts']['components.spdx_merge']['value'] if m.get('package') == 'lwip'] == [('2.1.3', '$lwip')]"
jcheck "$T/m.json" "{m['component'] for m in d['facts']['components.spdx_merge']['value'] if m['status'] == 'not_in_spdx'} == {'freertos', 'wpa_supplicant', 'esp-tls'}"
line=$(grep -n '^PackageName: lwip' "$D" | cut -d: -f1)
jcheck "$T/m.json" "any(w.startswith('$D:$line: ') and '2.1.3' in w and '$lwip' in w for w in d['warnings'])"
# the SBOM shows what the vendor's SPDX says, and still validates
"$FWAUDIT" scan "$W" "$D" --format cyclonedx -o "$T/m.cdx.json" >/dev/null 2>&1
jcheck "$T/m.cdx.json" "[p['value'] for c in d['components'] for k in c.get('components', []) if k['name'] == 'lwIP' for p in k['properties'] if p['name'] == 'fwaudit:spdx_version'] == ['2.1.3']"
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null && [ -f "$SHARED/vectors/cyclonedx/validate.py" ]; then
	/usr/bin/python3 "$SHARED/vectors/cyclonedx/validate.py" "$T/m.cdx.json" > "$T/v.out" || { cat "$T/v.out"; fail "schema"; }
fi

# 3. Broken documents: exit 2, the line and what was expected.
head -n 21 "$D" > "$T/cut.spdx"		# ends inside the <text> of PackageComment
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/cut.spdx"
contains "$T/err" "cut.spdx:$(grep -n '^PackageComment' "$D" | cut -d: -f1): <text> value of 'PackageComment' never ends"
{ head -n 20 "$D"; echo "this line has no tag"; } > "$T/notag.spdx"
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/notag.spdx"
contains "$T/err" "notag.spdx:21: expected 'Tag: value'"
printf 'DataLicense: CC0-1.0\nSPDXVersion: SPDX-2.2\n' > "$T/order.spdx"
expect_exit 2 "$FWAUDIT" scan --facts-only --kind spdx "$T/order.spdx"
contains "$T/err" "order.spdx:1: expected 'SPDXVersion: SPDX-2.x' first"
printf 'SPDXVersion: SPDX-3.0\n' > "$T/v3.spdx"
expect_exit 2 "$FWAUDIT" scan --facts-only --kind spdx "$T/v3.spdx"
contains "$T/err" "only SPDX 2.x tag/value"
printf 'SPDXVersion: SPDX-2.2\nPackageName: a\0b\n' > "$T/nul.spdx"
expect_exit 2 "$FWAUDIT" scan --facts-only --kind spdx "$T/nul.spdx"
contains "$T/err" "a NUL byte"
echo ok
