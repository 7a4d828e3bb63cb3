# Component identification (the `components` fact, docs/sbom.md): images
# built here with strings put at known offsets, the samples, and the real
# vectors; every evidence offset is checked against the file's own bytes,
# every derived version against the release table file.
. "$(dirname "$0")/lib.sh"
B="/usr/bin/python3 $TOP/tests/integration/esp_app_image.py"
REL=$TOP/rules/data/esp-idf-releases.yaml

# table VERSION KEY: what the release table says, read here with PyYAML-free parsing
table() {
	/usr/bin/python3 - "$REL" "$1" "$2" <<'PY'
import re, sys
text, tag, key = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
block = text.split("\n  %s:\n" % tag, 1)[1].split("\n  v", 1)[0]
m = re.search(r'^    %s: \{version: "([^"]+)"' % re.escape(key), block, re.M)
print(m.group(1) if m else "")
PY
}

# comp FACTS IMAGE ID: the item as JSON
check_items() {
	/usr/bin/python3 - "$@" <<'PY' || fail "component check failed: $*"
import json, sys
facts, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
items = json.load(open(facts))["facts"]["components"]["value"]
for c in items:
    for e in c["evidence"]:
        if e["kind"] in ("version", "marker"):
            got = data[e["offset"]:e["offset"] + e["length"]].decode("latin-1")
            if got != e["matched"]:
                print("evidence of %s at 0x%x: file has %r, item says %r" % (c["id"], e["offset"], got, e["matched"]))
                sys.exit(1)
PY
}

# 1. A version string of its own: high confidence, the exact offset, and
#    the disagreement with what the release bundles (3.5.2 for v5.2.1).
$B "$T/own.bin" --idf v5.2.1 --string "Mbed TLS 3.5.1" --string "mbedtls_ssl_handshake" > "$T/own.off"
off=$(awk '$2 == "Mbed" {print $1}' "$T/own.off")
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/own.bin" -o "$T/own.json"
check_items "$T/own.json" "$T/own.bin"
bundled=$(table v5.2.1 mbedtls)
[ -n "$bundled" ] && [ "$bundled" != 3.5.1 ] || fail "release table: v5.2.1 mbedtls is '$bundled'"
jcheck "$T/own.json" "[(c['version'], c['confidence'], c['version_from'], c['evidence'][0]['offset'])
    for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == [('3.5.1', 'high', 'version string', $off)]"
jcheck "$T/own.json" "'$bundled' in [c for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'][0]['version_note']"
jcheck "$T/own.json" "[c['purl'] for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == ['pkg:github/Mbed-TLS/mbedtls@v3.5.1']"

# 2. Only markers: the version the release bundles, said to be derived.
$B "$T/derived.bin" --idf v5.4.2 --string "/IDF/components/lwip/lwip/src/core/tcp.c" \
	--string "mbedtls_x509_crt_parse of CA cert" > /dev/null
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/derived.bin" -o "$T/derived.json"
check_items "$T/derived.json" "$T/derived.bin"
for k in mbedtls lwip; do
	want=$(table v5.4.2 $k)
	[ -n "$want" ] || fail "release table lacks v5.4.2 $k"
	jcheck "$T/derived.json" "[(c['version'], c['confidence'], c['derived_from']) for c in
	    d['facts']['components']['value'] if c['id'] == '$k'] == [('$want', 'medium', 'ESP-IDF v5.4.2')]"
done
# a library not linked in is not listed
jcheck "$T/derived.json" "not [c for c in d['facts']['components']['value'] if c['id'] in ('nimble', 'bluedroid', 'freertos')]"

# 3. An unparsable version string: no made-up version, the problem named
#    with its offset; with a release that is no tag, the version is unknown.
$B "$T/bad.bin" --idf v5.3-dev-1234-gdeadbee --string "Mbed TLS x.y" > "$T/bad.off"
off=$(awk '$2 == "Mbed" {print $1}' "$T/bad.off")
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/bad.bin" -o "$T/bad.json"
jcheck "$T/bad.json" "[(c['version'], c['confidence']) for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == [(None, 'low')]"
jcheck "$T/bad.json" "'0x%x' % $off in [c for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'][0]['version_problem']"
jcheck "$T/bad.json" "'purl' not in [c for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'][0]"
# the same string in an app of a real release: that release's version, the problem still said
$B "$T/bad2.bin" --idf v5.2.1 --string "Mbed TLS x.y" > /dev/null
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/bad2.bin" -o "$T/bad2.json"
jcheck "$T/bad2.json" "[(c['version'], c['confidence'], 'version_problem' in c) for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == [('$(table v5.2.1 mbedtls)', 'medium', True)]"

# 4. No app descriptor: the app is listed, its version unknown and why.
$B "$T/nodesc.bin" --no-desc --string "Mbed TLS 3.6.1" > /dev/null
expect_exit 0 "$FWAUDIT" scan --facts-only --kind esp-app "$T/nodesc.bin" -o "$T/nodesc.json"
jcheck "$T/nodesc.json" "[(c['version'], c['confidence']) for c in d['facts']['components']['value'] if c['id'] == 'app'] == [(None, 'low')]"
jcheck "$T/nodesc.json" "[c['version'] for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == ['3.6.1']"

# 5. The catalogue missing: a warning, the scan goes on, descriptors still listed.
mkdir -p "$T/rules" && cp -r "$TOP/rules/"* "$T/rules/" && rm "$T/rules/data/components.yaml"
FWAUDIT_RULES=$T/rules "$FWAUDIT" scan --facts-only "$T/own.bin" -o "$T/nocat.json" 2>/dev/null ||
	fail "a missing catalogue must not stop the scan"
jcheck "$T/nocat.json" "any('components were not identified' in w and 'components.yaml' in w for w in d['warnings'])"
jcheck "$T/nocat.json" "[c['id'] for c in d['facts']['components']['value']] == ['app']"

# 6. The samples: per app slot the descriptor's project and version, read here from the bytes.
S=$TOP/samples/insecure/flash.bin
expect_exit 0 "$FWAUDIT" scan --facts-only "$S" -o "$T/s.json"
/usr/bin/python3 - "$T/s.json" "$S" <<'PY' || fail "samples: app items do not match the descriptors"
import json, struct, sys
d = json.load(open(sys.argv[1])); data = open(sys.argv[2], "rb").read()
apps = [c for c in d["facts"]["components"]["value"] if c["id"] == "app"]
assert len(apps) >= 2, apps
for a in apps:
    desc = data[a["image_offset"] + 0x20:a["image_offset"] + 0x120]
    assert struct.unpack("<I", desc[:4])[0] == 0xABCD5432
    assert a["version"] == desc[16:48].split(b"\0")[0].decode(), a
    assert a["name"] == desc[48:80].split(b"\0")[0].decode(), a
    idf = [c for c in d["facts"]["components"]["value"] if c.get("parent") == a["bom_ref"] and c["id"] == "esp-idf"]
    assert idf and "v" + idf[0]["version"] == desc[112:144].split(b"\0")[0].decode(), idf
bl = [c for c in d["facts"]["components"]["value"] if c["id"] == "bootloader"]
assert len(bl) == 1 and bl[0]["version"] == str(struct.unpack("<I", data[0x24:0x28])[0]), bl
PY

# 6b. The SBOM samples: a vulnerable and a fixed Mbed TLS, by their own strings.
for v in 3.5.0 3.6.4; do
	A=$TOP/samples/sbom/app-mbedtls-$v.bin
	expect_exit 0 "$FWAUDIT" scan --facts-only "$A" -o "$T/sb.json"
	check_items "$T/sb.json" "$A"
	jcheck "$T/sb.json" "[(c['version'], c['confidence'], c['cpe']) for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'] == [('$v', 'high', 'cpe:2.3:a:arm:mbed_tls:$v:*:*:*:*:*:*:*')]"
	jcheck "$T/sb.json" "'version_note' not in [c for c in d['facts']['components']['value'] if c['id'] == 'mbedtls'][0]"
done

# 7. Real vectors: a Wi-Fi app built with ESP-IDF v5.5.1-dirty names its
#    libraries by their strings; versions derived from v5.5.1.
need_shared
W=$SHARED/vectors/realworld/esp32_wifi_creds_2mb_flash_dump.bin
expect_exit 0 "$FWAUDIT" scan --facts-only "$W" -o "$T/w.json"
check_items "$T/w.json" "$W"
for k in mbedtls lwip freertos; do
	want=$(table v5.5.1 $k)
	jcheck "$T/w.json" "[(c['version'], c['derived_from']) for c in d['facts']['components']['value'] if c['id'] == '$k'] == [('$want', 'ESP-IDF v5.5.1')]"
done
jcheck "$T/w.json" "{'wpa_supplicant', 'esp-tls'} <= {c['id'] for c in d['facts']['components']['value']}"
# an encrypted dump shows nothing to identify: no item is made up
E=$SHARED/vectors/realworld/esp32_flashenc_sbv1_dump_0x0-0x120000.bin
expect_exit 0 "$FWAUDIT" scan --facts-only "$E" -o "$T/e.json"
jcheck "$T/e.json" "'components' not in d['facts']"
echo "ok"
