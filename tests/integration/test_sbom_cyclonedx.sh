# --format cyclonedx (docs/sbom.md): every document validates against the
# official CycloneDX 1.6 schema (../shared/vectors/cyclonedx), carries what
# BSI TR-03183-2 asks per component, SHA-512s that match the bytes, and is
# the same bytes twice under SOURCE_DATE_EPOCH.
. "$(dirname "$0")/lib.sh"
need_shared
CDX=$SHARED/vectors/cyclonedx
[ -f "$CDX/validate.py" ] || skip "no CycloneDX schema in $CDX"
/usr/bin/python3 -c "import jsonschema" 2>/dev/null || skip "python3-jsonschema is not installed (make deps-test)"
export SOURCE_DATE_EPOCH=1700000000
S=$TOP/samples/insecure

validate() { /usr/bin/python3 "$CDX/validate.py" "$@" > "$T/v.out" 2>&1 || { cat "$T/v.out"; fail "schema: $*"; }; }
# the validator itself must reject a broken document, or a pass says nothing
sed 's/"specVersion": "1.6"/"specVersion": 1.6/' "$CDX/examples/valid-minimal-viable-1.6.json" > "$T/invalid-x.json"
/usr/bin/python3 "$CDX/validate.py" "$T/invalid-x.json" > "$T/inv.out" 2>&1
grep -q "^ok   INVALID" "$T/inv.out" || fail "validator accepts a broken document"

# 1. The samples, with declarations: the product is the declared one.
"$FWAUDIT" scan "$S/sdkconfig" "$S/efuse.json" "$S/flash.bin" --declarations "$TOP/samples/vendor.yaml" \
	--format cyclonedx -o "$T/a.cdx.json" --format json -o "$T/a.json" >/dev/null 2>&1
[ -s "$T/a.cdx.json" ] || fail "no SBOM written"
validate "$T/a.cdx.json"
"$FWAUDIT" scan "$S/sdkconfig" "$S/efuse.json" "$S/flash.bin" --declarations "$TOP/samples/vendor.yaml" \
	--format cyclonedx -o "$T/b.cdx.json" >/dev/null 2>&1
cmp -s "$T/a.cdx.json" "$T/b.cdx.json" || fail "two runs under SOURCE_DATE_EPOCH differ"
jcheck "$T/a.cdx.json" "d['metadata']['component']['name'] == 'Acme SmartPlug' and d['metadata']['timestamp'] == '2023-11-14T22:13:20Z'"
jcheck "$T/a.cdx.json" "'vulnerabilities' not in d"
/usr/bin/python3 - "$T/a.cdx.json" "$S/flash.bin" <<'PY' || fail "SBOM content"
import hashlib, json, sys
d = json.load(open(sys.argv[1])); data = open(sys.argv[2], "rb").read()
props = lambda c: {p["name"]: p["value"] for p in c.get("properties", [])}
tops = d["components"]
assert tops, "no components"
refs = set()
def walk(cs):
    for c in cs:
        assert c["bom-ref"] not in refs, "duplicate bom-ref " + c["bom-ref"]
        refs.add(c["bom-ref"])
        p = props(c)
        for k in ("bsi:component:filename", "bsi:component:executable", "bsi:component:archive", "bsi:component:structured"):
            assert k in p, (c["name"], k)
        assert p["bsi:component:filename"] == "flash.bin"
        walk(c.get("components", []))
walk(tops)
for c in tops:
    p = props(c)
    off, n = int(p["fwaudit:image_offset"], 16), int(p["fwaudit:image_length"])
    want = hashlib.sha512(data[off:off + n]).hexdigest()
    assert [h["content"] for h in c["hashes"] if h["alg"] == "SHA-512"] == [want], c["name"]
    dist = [r for r in c["externalReferences"] if r["type"] == "distribution"]
    assert dist and dist[0]["hashes"][0]["content"] == want
    assert c.get("supplier") or c["type"] == "firmware", c["name"]
apps = [c for c in tops if c["bom-ref"].endswith(":app")]
assert apps and all(c["name"] == "acme-sensor" for c in apps), apps
idf = [k for a in apps for k in a.get("components", []) if k["name"] == "ESP-IDF"]
assert idf and all(k["purl"] == "pkg:github/espressif/esp-idf@v" + k["version"] and k["cpe"].startswith("cpe:2.3:a:espressif:esp-idf:" + k["version"] + ":") for k in idf)
# every dependency names a component of the document
deps = {x["ref"]: x["dependsOn"] for x in d["dependencies"]}
assert set(deps["product"]) == {c["bom-ref"] for c in tops}
for a in apps:
    assert set(deps[a["bom-ref"]]) == {k["bom-ref"] for k in a.get("components", [])}
PY

# 2. A real app: libraries nested in it, each with its licence and identifiers.
W=$SHARED/vectors/realworld/esp32_wifi_creds_2mb_flash_dump.bin
"$FWAUDIT" scan "$W" --format cyclonedx -o "$T/w.cdx.json" >/dev/null 2>&1
validate "$T/w.cdx.json"
jcheck "$T/w.cdx.json" "[(k['version'], k['licenses'][0]['expression'], k['purl']) for c in d['components'] for k in c.get('components', []) if k['name'] == 'Mbed TLS'] == [(k['version'], 'Apache-2.0 OR GPL-2.0-or-later', 'pkg:github/Mbed-TLS/mbedtls@v' + k['version']) for c in d['components'] for k in c.get('components', []) if k['name'] == 'Mbed TLS'] != []"
jcheck "$T/w.cdx.json" "all(o['additionalContext'] for c in d['components'] for k in c.get('components', []) for o in k['evidence']['occurrences'])"

# 3. An input with nothing to identify still gives a valid document, said to be unknown.
"$FWAUDIT" scan "$S/sdkconfig" --format cyclonedx -o "$T/e.cdx.json" >/dev/null 2>&1
validate "$T/e.cdx.json"
jcheck "$T/e.cdx.json" "d['components'] == [] and d['compositions'][0]['aggregate'] == 'unknown'"
# 4. An encrypted dump and a fork's IDF version (Tasmota) validate too.
for v in esp32_flashenc_sbv1_dump_0x0-0x120000.bin esp32_tasmota32.factory.bin esp32c61_merged_factory.bin; do
	"$FWAUDIT" scan "$SHARED/vectors/realworld/$v" --format cyclonedx -o "$T/v.cdx.json" >/dev/null 2>&1
	validate "$T/v.cdx.json"
done
echo ok
