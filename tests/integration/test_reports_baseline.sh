#!/bin/sh
# Baselines: findings marked new / unchanged / fixed against an older
# report; --fail-on-new gates only on regressions; a baseline of another
# schema_version (or not a report) is refused with exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
# old: JTAG was disabled (so its failure now is new); now: Secure Boot got
# enabled (so its old failure is fixed); flash encryption fails in both.
/usr/bin/python3 - "$D/facts.json" "$T" <<'PY' || fail "cannot make the fact variants"
import json, sys
d = json.load(open(sys.argv[1]))
old = json.loads(json.dumps(d))
old["facts"]["efuse.jtag.disabled"]["value"] = True
json.dump(old, open(sys.argv[2] + "/old-facts.json", "w"))
d["facts"]["efuse.secure_boot.enabled"]["value"] = True
json.dump(d, open(sys.argv[2] + "/now-facts.json", "w"))
PY
expect_exit 1 "$FWAUDIT" evaluate "$T/old-facts.json" --format json -o "$T/old.json"
expect_exit 1 "$FWAUDIT" evaluate "$T/now-facts.json" --baseline "$T/old.json" \
    --format json -o "$T/now.json" --format md -o "$T/now.md" --format sarif -o "$T/now.sarif"
jcheck "$T/now.json" '[r.get("baseline") for r in d["rules"] if r["id"] == "ESP-EFUSE-JTAG-DISABLED"] == ["new"]'
jcheck "$T/now.json" '[r.get("baseline") for r in d["rules"] if r["id"] == "ESP-EFUSE-SECURE-BOOT"] == ["fixed"]'
jcheck "$T/now.json" '[r.get("baseline") for r in d["rules"] if r["id"] == "ESP-EFUSE-FLASH-ENCRYPTION"] == ["unchanged"]'
# Counts agree with the marks, and only findings or fixed rules are marked.
jcheck "$T/now.json" 'd["baseline"]["new"] == sum(r.get("baseline") == "new" for r in d["rules"]) >= 1'
jcheck "$T/now.json" 'd["baseline"]["unchanged"] == sum(r.get("baseline") == "unchanged" for r in d["rules"])'
jcheck "$T/now.json" '"ESP-EFUSE-SECURE-BOOT" in d["baseline"]["fixed_rules"]'
jcheck "$T/now.json" 'all(r["verdict"] in ("fail", "waived") for r in d["rules"] if r.get("baseline") in ("new", "unchanged"))'
jcheck "$T/now.json" 'd["summary"]["gate"] == "all"'
contains "$T/now.md" "against the baseline: "
grep -q '🆕.*ESP-EFUSE-JTAG-DISABLED' "$T/now.md" || fail "Markdown does not flag the new failure"
jcheck "$T/now.sarif" '[x["baselineState"] for x in d["runs"][0]["results"] if x["ruleId"] == "ESP-EFUSE-JTAG-DISABLED"] == ["new"]'

# --fail-on-new: a new high failure gates (exit 1)...
expect_exit 1 "$FWAUDIT" evaluate "$T/now-facts.json" --baseline "$T/old.json" --fail-on-new \
    --format json -o "$T/gate.json"
jcheck "$T/gate.json" 'd["summary"]["failing_new"] >= 1 and d["summary"]["gate"] == "new"'
# ...while the same findings already in the baseline do not (exit 0), though
# without --fail-on-new they still would (exit 1).
expect_exit 1 "$FWAUDIT" evaluate "$T/old-facts.json" --baseline "$T/old.json"
expect_exit 0 "$FWAUDIT" evaluate "$T/old-facts.json" --baseline "$T/old.json" --fail-on-new
# ...and a new failure below --fail-on does not gate either.
expect_exit 0 "$FWAUDIT" evaluate "$T/now-facts.json" --baseline "$T/old.json" --fail-on-new \
    --fail-on critical

# Refusals: another schema_version, not a report, --fail-on-new alone.
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["schema_version"]=2; json.dump(d, open(sys.argv[2],"w"))' \
    "$T/old.json" "$T/v2.json"
expect_exit 2 "$FWAUDIT" evaluate "$T/now-facts.json" --baseline "$T/v2.json" --format json -o "$T/x.json"
contains "$T/err" "v2.json: report schema_version 2"
[ ! -e "$T/x.json" ] || fail "a report was written despite a bad baseline"
expect_exit 2 "$FWAUDIT" evaluate "$T/now-facts.json" --baseline "$T/now-facts.json"
contains "$T/err" "not an fwaudit JSON report"
expect_exit 2 "$FWAUDIT" evaluate "$T/now-facts.json" --fail-on-new
contains "$T/err" "--fail-on-new needs --baseline"
exit 0
