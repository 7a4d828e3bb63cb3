#!/bin/sh
# fwaudit declarations init: the questionnaire round-trips. init writes every
# key the chosen profiles read, unanswered (~); filled in by its own answer
# hints and read back with scan --declarations, the provisions only
# declarations answer are `declared`; an entry left at ~ stays not_tested
# and is listed. With a fact tree, what the inputs show is filled in or
# shown as a comment, and a feature is never filled in as absent.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
P="--profile en-18031-1 --profile cra --profile etsi-en-303-645"

# shellcheck disable=SC2086
expect_exit 0 "$FWAUDIT" declarations init $P -o "$T/q.yaml"
contains "$T/q.yaml" "# ---- Passwords, authentication and access control"
contains "$T/q.yaml" "password_skip_allowed: ~"
contains "$T/q.yaml" "2025/138"
# every key a profile names is asked, with a question and the answer it takes
/usr/bin/python3 - "$T/q.yaml" "$TOP/rules/profiles" <<'PY' || fail "questionnaire content"
import sys, yaml, re
text = open(sys.argv[1]).read()
q = yaml.safe_load(text)
want = set()
for p in ("en-18031-1", "cra", "etsi-en-303-645"):
    prof = yaml.safe_load(open("%s/%s.yaml" % (sys.argv[2], p)))
    for x in prof["provisions"]:
        want |= set(x.get("declarations", []))
    # a feature's key is the declared fact its condition reads
    want |= {ft["when"]["not"]["equals"]["fact"][len("declared."):]
             for f, ft in prof.get("features", {}).items()
             if any(f in x.get("features", []) for x in prof["provisions"])}
have = {k for k in q if k not in ("features", "product")} | {"features." + f for f in q["features"]}
assert want <= have, sorted(want - have)
assert all(v is None for k, v in q.items() if k not in ("features", "product")), "answered without inputs"
assert all(v is None for v in q["features"].values())
# each entry: a question, "# answer:", then the key
blocks = re.findall(r"\n\n((?:\s*#.*\n)+)\s*([\w.]+): ", text)
assert len(blocks) >= len(have), (len(blocks), len(have))
assert all("# answer: " in b for b, _ in blocks), [k for b, k in blocks if "# answer: " not in b]
PY

# every key of every profile has its own question (none falls back to "other")
expect_exit 0 "$FWAUDIT" declarations init --profile en-18031-1 --profile en-18031-2 \
	--profile en-18031-3 --profile cra --profile etsi-en-303-645 --profile pswg
lacks "$T/out" "# ---- Other statements"
lacks "$T/out" "Your statement on the provisions below"

# unanswered: every provision waiting for a declaration is not_tested and listed
scan_json() {	# scan_json DECL OUT: the insecure sample judged with DECL
	# shellcheck disable=SC2086
	"$FWAUDIT" scan "$S/insecure/sdkconfig" "$S/insecure/efuse.json" "$S/insecure/flash.bin" \
	    --declarations "$1" $P --format json -o "$2" >/dev/null 2>&1
	[ $? -le 1 ] || fail "scan with $1"
}
scan_json "$T/q.yaml" "$T/empty.json"
jcheck "$T/empty.json" '[x["verdict"] for p in d["profiles"] if p["id"]=="en-18031-1" for x in p["provisions"] if x["id"] in ("AUM-4", "SUM-3", "CCK-2")] == ["not_tested"] * 3'
jcheck "$T/empty.json" '{"AUM-4", "SUM-3", "CCK-2"} <= set([e for e in d["to_complete"] if e["id"]=="declarations"][0]["provisions"]["en-18031-1"])'

# fill it in from its own hints, leaving sbom unanswered
/usr/bin/python3 - "$T/q.yaml" "$T/filled.yaml" <<'PY' || fail "filling in"
import sys, re
out, kind = [], None
for line in open(sys.argv[1]).read().split("\n"):
    m = re.match(r"\s*# answer: (.*)", line)
    if m:
        kind = m.group(1)
    m = re.match(r"(\s*)([\w.]+): ~$", line)
    if m and m.group(2) != "sbom":
        ind, key = m.groups()
        if key == "password_skip_allowed":
            val = "false"
        elif kind.startswith("true, or false"):
            val = "true"
        elif kind.startswith("true or false"):
            val = "true"
        elif kind.startswith("an https"):
            val = "https://acme.example/psirt"
        elif kind.startswith("a date"):
            val = "2031-12-31"
        elif kind.startswith("a list"):
            val = '["tcp/443"]'
        else:
            val = '"Acme answer for %s"' % key
        line = "%s%s: %s" % (ind, key, val)
    out.append(line)
open(sys.argv[2], "w").write("\n".join(out))
PY
grep -q "sbom: ~" "$T/filled.yaml" || fail "sbom was meant to stay unanswered"
scan_json "$T/filled.yaml" "$T/filled.json"
# every EN 18031-1 requirement only declarations answer is now declared
/usr/bin/python3 - "$T/filled.json" <<'PY' || fail "declared verdicts"
import json, sys
d = json.load(open(sys.argv[1]))
prov = {(p["id"], x["id"]): x for p in d["profiles"] for x in p["provisions"]}
for rid in ("ACM-2", "AUM-4", "AUM-5-2", "SUM-3", "CCK-2", "GEC-4", "GEC-6", "RLM-1", "NMM-1", "TCM-1"):
    x = prov[("en-18031-1", rid)]
    assert x["verdict"] == "declared", (rid, x["verdict"], x["reason"])
for cid in ("I.1", "I.2g", "I.2l", "I.2m", "II.3", "II.5", "II.8"):
    assert prov[("cra", cid)]["verdict"] == "declared", (cid, prov[("cra", cid)]["verdict"])
assert prov[("etsi-en-303-645", "5.1-4")]["verdict"] == "declared"
rules = {r["id"]: r for r in d["rules"]}
assert rules["DECL-PASSWORD-NOT-SKIPPABLE"]["verdict"] == "declared"
# the one left at ~: not_tested, and listed
assert prov[("cra", "II.1")]["verdict"] == "not_tested"
decl = [e for e in d["to_complete"] if e["id"] == "declarations"]
assert decl and decl[0]["provisions"].get("cra") == ["II.1"], decl
# answers are shown with their file and line
a = [v for v in prov[("en-18031-1", "AUM-4")]["declarations"]][0]
assert a["value"] == "Acme answer for password_change_method" and a["loc"]["line"] > 0, a
PY
"$FWAUDIT" scan "$S/insecure/sdkconfig" --declarations "$T/filled.yaml" --profile cra \
	>"$T/text" 2>&1
contains "$T/text" "vendor declarations missing from the file given: 1 provision of cra"

# a fact tree fills in what the inputs show
expect_exit 0 "$FWAUDIT" scan --facts-only "$S/insecure/sdkconfig" "$S/insecure/efuse.json" \
	"$S/insecure/flash.bin" -o "$T/facts.json"
expect_exit 0 "$FWAUDIT" declarations init "$T/facts.json" --profile en-18031-1 -o "$T/known.yaml"
contains "$T/known.yaml" "  software_updatable: true   # filled in from the inputs"
contains "$T/known.yaml" "(esp.ota.updatable = true)"
contains "$T/known.yaml" '  firmware_version: "1.4.2"'
/usr/bin/python3 -c '
import sys, yaml
q = yaml.safe_load(open(sys.argv[1]))
assert False not in q["features"].values(), "a feature filled in as absent"
assert q["expected_ports"] is None, "open ports must not become the declared ones"
' "$T/known.yaml" || fail "fill-in"
# the inputs themselves (scanned for their facts here) give the same questionnaire
expect_exit 0 "$FWAUDIT" declarations init "$S/insecure/sdkconfig" "$S/insecure/efuse.json" \
	"$S/insecure/flash.bin" --profile en-18031-1 -o "$T/known-raw.yaml"
cmp -s "$T/known.yaml" "$T/known-raw.yaml" || fail "inputs and their fact tree give different questionnaires"

# mistakes: exit 2 with the reason
expect_exit 2 "$FWAUDIT" declarations init --profile nope
contains "$T/err" "no profile 'nope'"
printf '{"schema_version": 1,' >"$T/trunc.json"
expect_exit 2 "$FWAUDIT" declarations init "$T/trunc.json"
contains "$T/err" "trunc.json: unknown content"
expect_exit 2 "$FWAUDIT" declarations init -o "$T/no/such/dir/q.yaml"
contains "$T/err" "cannot write"
expect_exit 2 "$FWAUDIT" declarations init a.json b.json
expect_exit 0 "$FWAUDIT" declarations init
contains "$T/out" "for: etsi-en-303-645"
exit 0
