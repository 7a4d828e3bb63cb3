#!/bin/sh
# The text report a person reads (docs/reports.md, "text"): for the demo's
# insecure device at most 165 lines in the order verdict, profile lines,
# findings, what would complete the evidence, inventory, provisions, with
# every failing rule and item present; provisions say how far their
# evidence got; V2 IDs on rule lines with --standard-version 2.1.1;
# baseline marks; the closing line on stderr when every report is in a file.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
ins() { "$FWAUDIT" scan "$S/insecure/sdkconfig" "$S/insecure/efuse.json" "$S/insecure/flash.bin" \
    --declarations "$S/vendor.yaml" --waivers "$S/waivers.yaml" "$@"; }

expect_exit 1 ins --no-color
cp "$T/out" "$T/text"
expect_exit 1 ins --format json -o "$T/r.json"
n=$(wc -l <"$T/text")
# 165: the 35 EN 303 645 provisions with machine rules get a line each (22
# before EN 18031 linked more rules), the rest are summed up in lists.
[ "$n" -le 165 ] || fail "the insecure device's text report has $n lines (at most 165)"
/usr/bin/python3 - "$T/text" "$T/r.json" <<'PY' || fail "text report order or content"
import json, re, sys
lines = open(sys.argv[1]).read().split("\n")
d = json.load(open(sys.argv[2]))
text = "\n".join(lines)
def at(prefix):
    for i, l in enumerate(lines):
        if l.startswith(prefix):
            return i
    sys.exit("no line starts with %r" % prefix)
order = [at("verdict: FAIL"), at("ETSI EN 303 645 V3.1.3: "), at("findings: "),
         at("to complete the evidence: "), at("inventory"),
         at("ETSI EN 303 645 V3.1.3 provisions"), at("exit 1: ")]
assert order == sorted(order), order
assert order[0] == 1, "the verdict is the second line"
findings = lines[order[2]:order[3]]
sev = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
heads = [l for l in findings if re.match(r"  (critical|high|medium|low|info) ", l)]
failing = [r for r in d["rules"] if r["verdict"] == "fail"]
fail_heads = [l for l in heads if "waived, not met" not in l]
assert len(fail_heads) == len(failing), (len(fail_heads), len(failing))
for r in failing:
    assert any(" %s  not met: " % r["id"] in l for l in heads), r["id"]
    # every failing item named, or counted with where to see it
    for ev in r["evidence"]:
        if ev.get("negated") or ev["result"] != "false":
            continue
        for it in ev.get("failing", []):
            name = next((str(it[k]) for k in ("label", "name", "id", "block", "slot", "port", "field", "path") if k in it), None)
            i = [k for k, l in enumerate(findings) if " %s  not met" % r["id"] in l][0]
            j = i + 1
            while j < len(findings) and findings[j].startswith("           "):
                j += 1
            block = "\n".join(findings[i:j])
            assert (name and name in block) or "more (see the JSON report)" in block \
                or "more record" in block, (r["id"], name)
ranks = [sev[l.split()[0]] for l in fail_heads]
assert ranks == sorted(ranks), "failures critical to low"
assert all(l.startswith("           fix: ") or l.startswith("           waived until")
           or l.startswith("           evidence: ") or l in heads or l == "" or
           l.startswith("findings: ") for l in findings), "a finding in a few lines"
assert '{"' not in text, "raw JSON in the text report"
tc = lines[order[3]:order[4]]
assert any(l.startswith("  no network scan: 18 rules; ") for l in tc), tc
assert any("vendor declarations missing" in l for l in tc), tc
inv = "\n".join(lines[order[4]:order[5]])
assert "esp32s3" in inv and "sha256 e69024ab" in inv and "ota_1 @0x1a0000: acme-sensor 1.4.1" in inv, inv
assert "not in the eFuse digest slots" in inv and "Wi-Fi SSID A***" in inv, inv
prov = lines[order[5]:order[6]]
# a provision's line says how far its evidence got
# (5.6-1 rests on the network scan; the root-file-system rules do not apply
# to an ESP-IDF firmware, so they ask for nothing)
assert any(re.match(r"  5\.6-1 .* not_tested \(0 pass, 0 fail; needs: network scan\)", l)
           for l in prov), prov
assert not any(re.search(r" not_tested +[A-Z]", l) for l in prov), "a bare not_tested"
PY
# --verbose: every rule with its evidence records.
expect_exit 1 ins --no-color --verbose
for id in $(/usr/bin/python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))["rules"]))' "$T/r.json"); do
	grep -q " $id" "$T/out" || fail "--verbose lacks rule $id"
done
contains "$T/out" "evidence: efuse.jtag.disabled = false (required: equals true) [$S/insecure/efuse.json field DIS_PAD_JTAG]: false"
# --quiet: failures and the summary only.
expect_exit 1 ins --no-color --quiet
lacks "$T/out" "inventory"
lacks "$T/out" "to complete the evidence"
contains "$T/out" "ESP-EFUSE-JTAG-DISABLED  not met"
# V2.1.1 IDs on the rule lines too.
expect_exit 1 ins --no-color --standard-version 2.1.1
grep -E "ESP-EFUSE-JTAG-DISABLED .*\[5\.6-4[],]" "$T/out" >/dev/null ||
    fail "rule line without the V2 ID 5.6-4"
lacks "$T/out" "5.6-4A"
# Every report in a file: the closing line and warnings on stderr; --quiet silences them.
expect_exit 1 ins --format json -o "$T/q.json"
[ ! -s "$T/out" ] || fail "stdout not empty with every report in a file"
grep -qx "fwaudit: exit 1: 18 failing at or above 'high'" "$T/err" || { cat "$T/err"; fail "no closing line on stderr"; }
expect_exit 1 ins --format json -o "$T/q.json" --quiet
[ ! -s "$T/err" ] || fail "--quiet: stderr not empty"
# Baseline: each finding new / unchanged, fixed ones listed; --fail-on-new agrees.
/usr/bin/python3 - "$T/r.json" "$T/base.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["rules"]:
    if r["id"] == "ESP-SDK-STACK-CHECK":	# fails now (low): new
        r["verdict"] = "pass"
    if r["id"] == "ESP-EFUSE-JTAG-DISABLED":	# fails now (high): unchanged
        pass
    if r["verdict"] == "pass" and r["id"] == "ESP-EFUSE-CHIP-KNOWN":
        r["verdict"] = "fail"
d["rules"].append(dict(d["rules"][0], id="OLD-GONE", verdict="fail"))
json.dump(d, open(sys.argv[2], "w"))
PY
expect_exit 0 ins --no-color --baseline "$T/base.json" --fail-on-new
grep -E "ESP-SDK-STACK-CHECK .*\(new\)$" "$T/out" >/dev/null || fail "no (new) mark"
grep -E "ESP-EFUSE-JTAG-DISABLED .*\(unchanged\)$" "$T/out" >/dev/null || fail "no (unchanged) mark"
contains "$T/out" "fixed since the baseline: "
contains "$T/out" "OLD-GONE"
grep -qx "exit 0: 0 new failing at or above 'high' (--fail-on-new; 18 failing in all)" "$T/out" ||
    fail "closing line disagrees with exit 0 under --fail-on-new"
expect_exit 0 ins --baseline "$T/base.json" --fail-on-new --format md -o "$T/r.md"
contains "$T/r.md" "🆕 new"
contains "$T/r.md" "❌ unchanged"
contains "$T/err" "fwaudit: exit 0: 0 new failing"
exit 0
