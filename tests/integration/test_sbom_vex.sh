# VEX: --vex FILE read (statements, bad documents refused with the JSON
# path), and --format cyclonedx-vex written from vulnerabilities per
# component: schema-valid, each component named by a BOM-Link into the
# SBOM of the same run, the VEX analysis where one applies, in_triage where
# none does. The vulnerabilities are put into a saved fact tree here in the
# shape checks/vulns.h documents (the matcher that fills it is vulndb's).
. "$(dirname "$0")/lib.sh"
B="/usr/bin/python3 $TOP/tests/integration/esp_app_image.py"
$B "$T/app.bin" --idf v5.2.1 --string "Mbed TLS 3.5.1" --string "/IDF/components/lwip/api.c" > /dev/null
cat > "$T/vex.json" <<'J'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "components": [{"type": "library", "bom-ref": "mbed", "name": "Mbed TLS", "version": "3.5.1",
   "purl": "pkg:github/Mbed-TLS/mbedtls@v3.5.1"}],
 "vulnerabilities": [
  {"id": "CVE-2024-23170", "analysis": {"state": "not_affected", "justification": "code_not_reachable",
   "detail": "the product never acts as a TLS 1.3 server"}, "affects": [{"ref": "mbed"}]},
  {"id": "CVE-2099-0001", "analysis": {"state": "resolved", "response": ["update"]}}
 ]}
J

# 1. Read: statements with their targets resolved through the VEX's own components.
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/app.bin" --vex "$T/vex.json" -o "$T/f.json"
jcheck "$T/f.json" "[i['kind'] for i in d['inputs']] == ['esp-app', 'cyclonedx-vex']"
jcheck "$T/f.json" "[(s['id'], s['state'], s.get('justification'), [t.get('purl') for t in s['targets']]) for s in d['facts']['vex.statements']['value']] == [('CVE-2024-23170', 'not_affected', 'code_not_reachable', ['pkg:github/Mbed-TLS/mbedtls@v3.5.1']), ('CVE-2099-0001', 'resolved', None, [])]"
# no vulnerability was matched in this run: both statements are said to fit nothing
jcheck "$T/f.json" "[u['id'] for u in d['facts']['vex.unmatched']['value']] == ['CVE-2024-23170', 'CVE-2099-0001']"
# a VEX given as a plain input is recognised the same way
expect_exit 0 "$FWAUDIT" scan --facts-only "$T/app.bin" "$T/vex.json" -o "$T/f2.json"
jcheck "$T/f2.json" "len(d['facts']['vex.statements']['value']) == 2"

# 2. Bad VEX documents: exit 2, the path inside the document.
sed 's/"not_affected"/"not_relevant"/' "$T/vex.json" > "$T/bad1.json"
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/app.bin" --vex "$T/bad1.json"
contains "$T/err" "bad1.json: vulnerabilities[0].analysis.state: 'not_relevant' is not a CycloneDX impact analysis state"
sed 's/"update"/"upgrade"/' "$T/vex.json" > "$T/bad2.json"
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/app.bin" --vex "$T/bad2.json"
contains "$T/err" "vulnerabilities[1].analysis.response: 'upgrade' is not a CycloneDX response"
head -c 200 "$T/vex.json" > "$T/cut.json"
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/app.bin" --vex "$T/cut.json"
contains "$T/err" "cut.json"
echo '{"hello": 1}' > "$T/other.json"
expect_exit 2 "$FWAUDIT" scan --facts-only "$T/app.bin" --vex "$T/other.json"
contains "$T/err" "--vex: not a CycloneDX VEX document"

# 3. Written: vulnerabilities per component as the matcher leaves them, one
#    with the VEX analysis, one without any statement, one unaffected.
/usr/bin/python3 - "$T/f.json" "$T/fv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
comps = {c["id"]: c["bom_ref"] for c in d["facts"]["components"]["value"]}
vulns = [
    {"component": comps["mbedtls"], "id": "CVE-2024-23170", "status": "affected", "input": 0,
     "reason": "3.5.1 < 3.5.2", "severity": "medium", "source": "cvelistV5",
     "cvss": {"version": "3.1", "score": 5.9, "vector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N"},
     "cwes": ["CWE-203"], "analysis": {"state": "not_affected", "justification": "code_not_reachable",
     "detail": "the product never acts as a TLS 1.3 server", "response": []}},
    {"component": comps["lwip"], "id": "CVE-2020-22283", "status": "affected", "input": 0,
     "reason": "2.1.3 <= 2.1.3", "severity": "high", "source": "cvelistV5"},
    {"component": comps["mbedtls"], "id": "CVE-2020-36421", "status": "unaffected", "input": 0,
     "reason": "3.5.1 is not below 2.23.0", "severity": "unknown", "source": "cvelistV5"},
]
d["facts"]["components.vulnerabilities"] = {"input": 0, "value": vulns}
json.dump(d, open(sys.argv[2], "w"))
PY
export SOURCE_DATE_EPOCH=1700000000
"$FWAUDIT" evaluate "$T/fv.json" --format cyclonedx-vex -o "$T/v.cdx.json" \
	--format cyclonedx -o "$T/s.cdx.json" >/dev/null 2>&1
[ -s "$T/v.cdx.json" ] || fail "no VEX written"
jcheck "$T/v.cdx.json" "[(v['id'], v['analysis']['state']) for v in d['vulnerabilities']] == [('CVE-2024-23170', 'not_affected'), ('CVE-2020-22283', 'in_triage'), ('CVE-2020-36421', 'not_affected')]"
jcheck "$T/v.cdx.json" "d['vulnerabilities'][0]['analysis']['justification'] == 'code_not_reachable' and d['vulnerabilities'][0]['ratings'][0]['score'] == 5.9 and d['vulnerabilities'][0]['cwes'] == [203]"
jcheck "$T/v.cdx.json" "[v['affects'][0]['versions'][0] for v in d['vulnerabilities']] == [{'version': '3.5.1', 'status': 'affected'}, {'version': '$(/usr/bin/python3 -c "
import json; d = json.load(open('$T/f.json'))
print([c['version'] for c in d['facts']['components']['value'] if c['id'] == 'lwip'][0])")', 'status': 'affected'}, {'version': '3.5.1', 'status': 'unaffected'}]"
/usr/bin/python3 - "$T/v.cdx.json" "$T/s.cdx.json" <<'PY' || fail "VEX does not point into the SBOM of the same run"
import json, sys
v, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
refs = set()
def walk(cs):
    for c in cs:
        refs.add(c["bom-ref"]); walk(c.get("components", []))
walk(s["components"])
serial = s["serialNumber"][len("urn:uuid:"):]
for x in v["vulnerabilities"]:
    link = x["affects"][0]["ref"]
    assert link.startswith("urn:cdx:%s/1#" % serial), link
    assert link.split("#", 1)[1] in refs, link
assert v["serialNumber"] != s["serialNumber"]
assert "vulnerabilities" not in s
PY
if [ -f "$SHARED/vectors/cyclonedx/validate.py" ] && /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	/usr/bin/python3 "$SHARED/vectors/cyclonedx/validate.py" "$T/v.cdx.json" "$T/s.cdx.json" > "$T/val.out" ||
		{ cat "$T/val.out"; fail "schema"; }
fi
echo ok
