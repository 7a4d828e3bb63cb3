# Waivers turn an accepted failure into waived; expired ones do nothing and are reported.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
"$FWAUDIT" scan "$S/insecure/sdkconfig" --waivers "$S/waivers.yaml" --format json -o "$T/r.json"
jcheck "$T/r.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-SDK-LOG-LEVEL"] == ["waived"]'
jcheck "$T/r.json" '[r["waiver"]["approver"] for r in d["rules"] if r["id"] == "ESP-SDK-LOG-LEVEL"] == ["Jane Doe (product security)"]'
jcheck "$T/r.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-SDK-APP-ROLLBACK"] == ["fail"]'
jcheck "$T/r.json" '[w["status"] for w in d["waivers"]] == ["applied", "expired"]'
expect_exit 1 "$FWAUDIT" scan "$S/insecure/sdkconfig" --waivers "$S/waivers.yaml" --no-color
contains "$T/out" "waived until 2027-03-31 by Jane Doe (product security)"
contains "$T/out" "expired: it has no effect"
# the input glob must match the failing evidence's input
cp "$S/insecure/sdkconfig" "$T/sdkconfig"
"$FWAUDIT" scan "$T/sdkconfig" --waivers "$S/waivers.yaml" --format json -o "$T/r2.json"
jcheck "$T/r2.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-SDK-LOG-LEVEL"] == ["fail"]'
jcheck "$T/r2.json" '[w["status"] for w in d["waivers"]][0] == "unused"'
exit 0
