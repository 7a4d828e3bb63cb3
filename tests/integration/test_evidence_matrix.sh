# No pass without evidence gathered: for each family of evidence, scans of
# sample files with that family's input absent, partial or contradicting
# the rest; no rule of the family, and no provision that rests on it alone,
# may pass (live cases are in test_network.sh and test_serial_*.sh).
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
family_py() {
	cat <<'PY'
FAM = {
    "network": ("NET-",), "serial": ("ESP-SERIAL-",), "image": ("ESP-IMG-",),
    "nvs": ("ESP-NVS-", "ESP-ID-"), "efuse": ("ESP-EFUSE-",), "sdkconfig": ("ESP-SDK-",),
    "declarations": ("DECL-",), "compare": ("CMP-",), "elf": ("ELF-", "ESP-ELF-"),
    "vulndb": ("VULN-",), "sbom": ("SBOM-",),
    "flash_key": ("ESP-FLASH-KEY-",),
    "linux": ("LINUX-",),
}
def fam(rid):
    return [f for f, pre in FAM.items() if rid.startswith(pre)][0]
def rules_of(d, f):
    return [r for r in d["rules"] if fam(r["id"]) == f]
def only_on(d, f):
    """Provisions whose rules all belong to family f (and no declarations)."""
    return [p for pr in d["profiles"] for p in pr["provisions"]
            if p["rules"] and not p["declarations"] and all(fam(r["id"]) == f for r in p["rules"])]
PY
}
# check FILE FAMILY WANT: every rule of FAMILY has a verdict in WANT (a
# python set), and no provision resting only on FAMILY passes
check() {
	/usr/bin/python3 - "$1" "$2" "$3" <<PY || fail "$2 in $1: a verdict without evidence"
import json, sys
$(family_py)
d = json.load(open(sys.argv[1])); f = sys.argv[2]; want = eval(sys.argv[3])
bad = [(r["id"], r["verdict"]) for r in rules_of(d, f) if r["verdict"] not in want]
bad += [(p["id"], p["verdict"]) for p in only_on(d, f) if p["verdict"] == "pass"]
assert rules_of(d, f), "no rules of family " + f
for b in bad: print("  ", f, b)
sys.exit(1 if bad else 0)
PY
}
scan() {	# scan OUT.json ARGS...: a report whatever the findings (exit 0 or 1)
	out=$1; shift
	"$FWAUDIT" scan "$@" --profile etsi-en-303-645 --profile pswg --format json -o "$out" \
		>"$T/scan.out" 2>"$T/scan.err"
	rc=$?
	[ $rc -le 1 ] || { cat "$T/scan.err"; fail "scan exit $rc: $*"; }
}
SEC=$S/secure
NT='{"not_tested"}'

# --- absent: every input but the family's; each of its rules not_tested
scan "$T/no-net.json" "$SEC/flash.bin" "$SEC/efuse.json" "$SEC/sdkconfig" --declarations "$S/vendor.yaml"
check "$T/no-net.json" network "$NT"
check "$T/no-net.json" serial "$NT"
check "$T/no-net.json" compare "$NT"
check "$T/no-net.json" elf "{\"not_applicable\", \"not_tested\"}"
# no --vulndb, no SBOM written: nothing known against the components either way
check "$T/no-net.json" vulndb "$NT"
check "$T/no-net.json" sbom "$NT"
check "$T/no-net.json" linux "{\"not_applicable\", \"not_tested\"}"
scan "$T/no-flash.json" "$SEC/efuse.json" "$SEC/sdkconfig" --declarations "$S/vendor.yaml"
check "$T/no-flash.json" image "$NT"
check "$T/no-flash.json" nvs "$NT"
scan "$T/no-efuse.json" "$SEC/flash.bin" "$SEC/sdkconfig" --declarations "$S/vendor.yaml"
check "$T/no-efuse.json" efuse "$NT"
# without an sdkconfig even 5.6-8 (memory protection, whose applies asks
# whether an option exists) is not tested, not "does not apply"
scan "$T/no-sdk.json" "$SEC/flash.bin" "$SEC/efuse.json" --declarations "$S/vendor.yaml"
check "$T/no-sdk.json" sdkconfig "$NT"
jcheck "$T/no-sdk.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.6-8"] == ["not_tested"]'
scan "$T/no-decl.json" "$SEC/flash.bin" "$SEC/efuse.json" "$SEC/sdkconfig"
check "$T/no-decl.json" declarations "$NT"
jcheck "$T/no-decl.json" 'all(p["verdict"] == "not_tested" for p in d["profiles"][0]["provisions"] if p["id"] in ("5.2-1", "5.3-13"))'

# --- partial: a flash dump in ciphertext. The dump shows flash encryption
# (that rule may pass), but no image can be judged: not_tested, never "does
# not apply"; NVS keys without eFuses stay untested
scan "$T/enc.json" "$SEC/flash-encrypted.bin"
/usr/bin/python3 - "$T/enc.json" <<'PY' || fail "ciphertext images judged"
import json, sys
d = json.load(open(sys.argv[1]))
v = {r["id"]: r for r in d["rules"]}
bad = [(i, r["verdict"]) for i, r in v.items() if i.startswith("ESP-IMG-")
       and i != "ESP-IMG-FLASH-ENCRYPTED" and r["verdict"] != "not_tested"]
assert v["ESP-IMG-FLASH-ENCRYPTED"]["verdict"] == "pass", v["ESP-IMG-FLASH-ENCRYPTED"]["verdict"]
assert "unreadable" in v["ESP-IMG-APP-SIGNED"]["reason"], v["ESP-IMG-APP-SIGNED"]["reason"]
for b in bad: print("  ", b)
sys.exit(1 if bad else 0)
PY
check "$T/enc.json" efuse "$NT"
# a database given, nothing identified in ciphertext: no vulnerability verdict
# and an SBOM that lists nothing is no SBOM evidence
"$FWAUDIT" vulndb import --vulndb "$T/v.db" "$TOP/tests/data/vulndb" >/dev/null 2>&1 || fail "vulndb import"
scan "$T/enc-v.json" "$SEC/flash-encrypted.bin" --vulndb "$T/v.db" --format cyclonedx -o "$T/enc.cdx.json"
check "$T/enc-v.json" vulndb "$NT"
check "$T/enc-v.json" sbom "$NT"
# what a key exposes is judged only with a key (test_flash_key.sh)
check "$T/enc.json" flash_key '{"not_applicable"}'
jcheck "$T/enc.json" 'all(p["verdict"] != "pass" for pr in d["profiles"] for p in pr["provisions"])'
# ...and with the eFuses that show Secure Boot on: still no image verdict
# (an empty list of checked signatures is no signature seen)
scan "$T/enc-efuse.json" "$SEC/flash-encrypted.bin" "$SEC/efuse.json"
jcheck "$T/enc-efuse.json" 'all(r["verdict"] == "not_tested" for r in d["rules"] if r["id"].startswith("ESP-IMG-") and r["id"] != "ESP-IMG-FLASH-ENCRYPTED")'

# --- partial eFuses: a summary without the JTAG fields cannot show JTAG off
/usr/bin/python3 - "$SEC/efuse.json" "$T/efuse-nojtag.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d = {k: v for k, v in d.items() if "JTAG" not in k}
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
scan "$T/part-efuse.json" "$T/efuse-nojtag.json"
jcheck "$T/part-efuse.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-EFUSE-JTAG-DISABLED"] == ["not_tested"]'
check "$T/part-efuse.json" efuse '{"pass", "not_tested", "not_applicable"}'
jcheck "$T/part-efuse.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.6-4A"] == ["not_tested"]'

# --- partial sdkconfig: an excerpt without menuconfig's header (here the
# insecure build's first lines minus the header) shows nothing about the
# options it does not list; the defaults of a whole configuration do not apply
grep -v '^# Automatically generated file' "$S/insecure/sdkconfig" | head -40 > "$T/sdk-part"
printf 'CONFIG_IDF_TARGET="esp32s3"\n' > "$T/sdk-one"
for part in sdk-part sdk-one; do
	scan "$T/$part.json" "$T/$part"
	jcheck "$T/$part.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-SDK-TLS-VERIFY"] == ["not_tested"]'
	jcheck "$T/$part.json" 'any("lacks the header menuconfig writes" in w for w in d["warnings"])'
	check "$T/$part.json" sdkconfig '{"fail", "not_tested", "not_applicable"}'
done

# --- partial read-back: the secure device's flash read up to its second OTA
# slot. The slot never read may hold anything: no rule over every app image
# (or every signature) passes on the slot that was read
head -c $((0x1a0000)) "$SEC/flash.bin" > "$T/cut.bin"
scan "$T/cut.json" "$T/cut.bin" "$SEC/efuse.json" "$SEC/sdkconfig"
for r in ESP-IMG-APP-SIGNED ESP-IMG-SIGNER-BURNED ESP-IMG-NO-UNTRUSTED-SIGNER ESP-IMG-INTEGRITY; do
	jcheck "$T/cut.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$r'] == ['not_tested']"
done
jcheck "$T/cut.json" '"ota_1: not in the input" in [r["reason"] for r in d["rules"] if r["id"] == "ESP-IMG-APP-SIGNED"][0]'
jcheck "$T/cut.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.7-1"] == ["not_tested"]'

# a generated sdkconfig cut short (header kept, menus left open)
head -40 "$SEC/sdkconfig" > "$T/sdk-cut"
scan "$T/sdk-cut.json" "$T/sdk-cut"
jcheck "$T/sdk-cut.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-SDK-TLS-VERIFY"] == ["not_tested"]'
jcheck "$T/sdk-cut.json" 'any("cut short" in w for w in d["warnings"])'
check "$T/sdk-cut.json" sdkconfig '{"fail", "not_tested", "not_applicable"}'

# --- partial declarations: a file without the support period
grep -v '^support_period_end:' "$S/vendor.yaml" > "$T/vendor-part.yaml"
scan "$T/part-decl.json" "$SEC/sdkconfig" --declarations "$T/vendor-part.yaml"
jcheck "$T/part-decl.json" '[r["verdict"] for r in d["rules"] if r["id"] == "DECL-SUPPORT-PERIOD"] == ["not_tested"]'
jcheck "$T/part-decl.json" '[r["verdict"] for r in d["rules"] if r["id"] == "DECL-DISCLOSURE-POLICY"] == ["declared"]'
jcheck "$T/part-decl.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.3-13"] == ["not_tested"]'
check "$T/part-decl.json" declarations '{"declared", "not_tested"}'

# --- contradictory: a secure chip's eFuses with an insecure build and dump.
# The eFuses may pass their own rules; provisions that the images and build
# contradict may not pass
scan "$T/mixed.json" "$S/insecure/flash.bin" "$SEC/efuse.json" "$S/insecure/sdkconfig" --declarations "$S/vendor.yaml"
for id in 5.3-1 5.3-9 5.4-1 5.7-1; do
	jcheck "$T/mixed.json" "[p['verdict'] for p in d['profiles'][0]['provisions'] if p['id'] == '$id'] == ['fail']"
done
jcheck "$T/mixed.json" '[p["verdict"] for p in d["profiles"][1]["provisions"] if p["id"] == "secure-updates"] == ["fail"]'

# --- OTA slots without an authenticity check are not "securely updateable"
# (5.3-1): a secure dump's OTA layout with no build configuration at all
scan "$T/ota-only.json" "$SEC/flash.bin" "$SEC/efuse.json" --declarations "$S/vendor.yaml"
jcheck "$T/ota-only.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-IMG-OTA-SLOTS"] == ["pass"]'
jcheck "$T/ota-only.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.3-1"] == ["not_tested"]'
exit 0
