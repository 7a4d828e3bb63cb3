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
bad["rules"][0]["verdict"] = "maybe"
assert not v.is_valid(bad), "schema accepts an unknown verdict"
PY
exit 0
