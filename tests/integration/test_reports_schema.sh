#!/bin/sh
# docs/report.schema.json describes the reports fwaudit writes: the fixture
# (waiver, declarations), a baseline run, and a real eFuse vector when the
# shared vectors are present. A report missing a required member must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
fixture_run "$T/o"
"$FWAUDIT" evaluate "$D/facts.json" --baseline "$T/o/r.json" --fail-on-new --profile pswg \
    --profile etsi-en-303-645 --format json -o "$T/b.json" >/dev/null 2>&1
set -- "$T/o/r.json" "$T/b.json"
# A scan without sdkconfig: what would complete it says so (needs, to_complete).
"$FWAUDIT" scan "$TOP/samples/insecure/efuse.json" "$TOP/samples/insecure/flash.bin" \
    --format json -o "$T/nosdk.json" >/dev/null 2>&1
set -- "$@" "$T/nosdk.json"
jcheck "$T/nosdk.json" '([t for t in d["to_complete"] if t["id"] == "sdkconfig" and
    t["given"] is False and t["what"] == "no sdkconfig given" and "sdkconfig" in t["how"] and
    sorted(t["rules"]) == sorted(r["id"] for r in d["rules"] if r["verdict"] == "not_tested"
    and any(m.startswith("sdkconfig.") for m in r["missing"])) and len(t["rules"]) > 0])'
jcheck "$T/nosdk.json" '(all(("needs" in r) == (r["verdict"] == "not_tested") for r in d["rules"])
    and all("sdkconfig" in r["needs"] for r in d["rules"] if any(m.startswith("sdkconfig.")
    for m in r.get("missing", [])) and r["verdict"] == "not_tested"))'
jcheck "$T/nosdk.json" '(all(("needs" in p) == (p["verdict"] == "not_tested")
    for pr in d["profiles"] for p in pr["provisions"])
    and [p["needs"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.1-1"] ==
    [["rootfs", "console", "network", "logins", "compare"]])'
if [ -d "$SHARED/vectors/efuse" ]; then
	"$FWAUDIT" scan "$SHARED/vectors/efuse/esp32c3_hardened.summary.json" --format json \
	    -o "$T/hardened.json" >/dev/null 2>&1
	"$FWAUDIT" scan "$SHARED/vectors/efuse/esp32.summary.json" --standard-version 2.1.1 \
	    --format json -o "$T/esp32.json" >/dev/null 2>&1
	set -- "$@" "$T/hardened.json" "$T/esp32.json"
fi
/usr/bin/python3 - "$TOP/docs/report.schema.json" "$@" <<'PY' || fail "a report does not match docs/report.schema.json"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for f in sys.argv[2:]:
    d = json.load(open(f))
    v.validate(d)
    assert d["schema_version"] == 1
bad = json.load(open(sys.argv[2]))
del bad["rules"][0]["verdict"]
assert not v.is_valid(bad), "schema accepts a rule without a verdict"
bad = json.load(open(sys.argv[2]))
del bad["to_complete"]
assert not v.is_valid(bad), "schema accepts a report without to_complete"
bad = json.load(open(sys.argv[2]))
bad["rules"][0]["verdict"] = "maybe"
assert not v.is_valid(bad), "schema accepts an unknown verdict"
PY
exit 0
