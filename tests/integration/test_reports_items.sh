#!/bin/sh
# Evidence lists in the human formats (text, HTML, Markdown, JUnit): every
# failing item is shown, or counted with where the rest are; evidence of a
# passing rule never reads like a failure; a not_tested reason always says
# why.
. "$(dirname "$0")/lib.sh"
S="$TOP/samples/insecure"
export SOURCE_DATE_EPOCH=1764000000

# The insecure sample: the current Wi-Fi password (masked) in text and HTML.
# Text with --verbose shows every rule with all its evidence, as HTML does.
expect_exit 1 "$FWAUDIT" scan "$S/sdkconfig" "$S/efuse.json" "$S/flash.bin" --verbose \
    --format text -o "$T/s.txt" --format html -o "$T/s.html" --format json -o "$T/s.json"
for f in "$T/s.txt" "$T/s.html"; do
	contains "$f" "nvs.net80211:sta.pswd (item 1, offset 0x9160, masked S***)"
done

# No rule that passed reads like a failure: no "not matching" item or count
# in its text block or its HTML card (its `not: for_each` finds items).
/usr/bin/python3 - "$T/s.txt" "$T/s.html" "$T/s.json" <<'PY' || fail "a passing rule reads like a failure"
import json, re, sys
text, page, rep = (open(p).read() for p in sys.argv[1:])
rep = json.loads(rep)
passing = [r["id"] for r in rep["rules"] if r["verdict"] == "pass"]
assert "ESP-IMG-ANTI-ROLLBACK" in passing, passing
blocks = re.split(r"\n  (?=\S)", text.split("\nrules\n", 1)[1])
seen = 0
for b in blocks:
    head = b.split()
    if len(head) >= 3 and head[0] == "pass":
        seen += 1
        assert "not matching" not in b, b
        assert "all matching" in b or "found (the rule looks for" in b or "for_each" not in b, b
for rid in passing:
    # A passing rule is a card with --verbose, else a row of the HTML's
    # "other rules" table.
    sec = re.search(r'<div class="rule pass" id="rule-%s">(.*?)</div>|<tr id="rule-%s">(.*?)</tr>'
                    % (re.escape(rid), re.escape(rid)), page, re.S)
    assert sec, rid
    body = sec.group(1) or sec.group(2)
    assert "not matching" not in body, (rid, body)
anti = re.search(r"ESP-IMG-ANTI-ROLLBACK[^\n]*\n(.*?)\n  \S", text, re.S).group(1)
assert "2 items checked, 2 found (the rule looks for at least one)" in anti, anti
assert "2 items, all matching" in anti, anti
assert seen == len(passing), (seen, len(passing))
PY

# A dump remembering twelve networks (sta.apinfo) before the current
# password: the current one is the 13th failing item, past where text and
# HTML used to stop. Then sixty: more than the report keeps (50).
scan_facts() {
	"$FWAUDIT" scan "$S/flash.bin" --facts-only -o "$T/facts.json" >/dev/null 2>&1 ||
	    fail "scan --facts-only"
}
scan_facts
with_networks() {
	/usr/bin/python3 - "$T/facts.json" "$1" "$2" <<'PY' || fail "cannot build the facts"
import json, sys
doc = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
creds = doc["facts"]["nvs.credentials"]["value"]
cur = next(c for c in creds if c["name"] == "nvs.net80211:sta.pswd")
rest = [c for c in creds if c is not cur]
old = []
for i in range(n):
    c = dict(cur, key="sta.apinfo", name="nvs.net80211:sta.apinfo#%d" % i,
             masked="N%d***" % i, offset=0x8000 + 32 * i)
    old.append(c)
doc["facts"]["nvs.credentials"]["value"] = rest + old + [cur]
json.dump(doc, open(sys.argv[3], "w"))
PY
}
with_networks 12 "$T/f12.json"
expect_exit 1 "$FWAUDIT" evaluate "$T/f12.json" --verbose --format text -o "$T/a.txt" \
    --format html -o "$T/a.html" --format md -o "$T/a.md" --format junit -o "$T/a.xml" \
    --format json -o "$T/a.json"
for f in "$T/a.txt" "$T/a.html" "$T/a.xml"; do
	contains "$f" "16 items, 13 not matching"
	contains "$f" "nvs.net80211:sta.pswd (item 15, offset 0x9160, masked S***)"
	contains "$f" "nvs.net80211:sta.apinfo#11 (item 14"
	lacks "$f" "more not matching"
done
# The default text report names a finding's first three, then counts the rest.
expect_exit 1 "$FWAUDIT" evaluate "$T/f12.json" --format text -o "$T/d.txt"
contains "$T/d.txt" "nvs.credentials: 16 items, 13 not matching: nvs.net80211:sta.apinfo#0 (item 3"
contains "$T/d.txt" "; +10 more (see the JSON report)"
lacks "$T/d.txt" "sta.apinfo#3 "
# Markdown keeps a comment short: five, then how many more and where.
contains "$T/a.md" "nvs.net80211:sta.apinfo\\#4 (item 7"
lacks "$T/a.md" "sta.apinfo\\#5"
contains "$T/a.md" "+8 more not matching in the JSON report (rules\\[\\].evidence\\[\\].failing)"
jcheck "$T/a.json" '[e for r in d["rules"] if r["id"] == "ESP-NVS-WIFI-PLAINTEXT" for e in r["evidence"] if e.get("failing")][0]["failing"][-1]["name"] == "nvs.net80211:sta.pswd"'

with_networks 60 "$T/f60.json"
expect_exit 1 "$FWAUDIT" evaluate "$T/f60.json" --verbose --format text -o "$T/b.txt" \
    --format html -o "$T/b.html" --format md -o "$T/b.md"
for f in "$T/b.txt" "$T/b.html"; do
	contains "$f" "64 items, 61 not matching"
	contains "$f" "nvs.net80211:sta.apinfo#49 (item 52"
	contains "$f" "+11 more not matching, not listed (the report keeps the first 50; every item of nvs.credentials is among the facts of the JSON report)"
done
contains "$T/b.md" "+56 more not matching: 45 in the JSON report"

# Item names and masked values come from the dump: no terminal control
# character (ESC, or C1 CSI U+009B) reaches the text report.
/usr/bin/python3 - "$T/facts.json" "$T/fevil.json" <<'PY' || fail "cannot build the facts"
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc["facts"]["nvs.credentials"]["value"]:
    if c["name"] == "nvs.net80211:sta.pswd":
        c["name"] = "evil\x1b]0;owned\x07\u009b2J"
        c["masked"] = "\x1b***"
json.dump(doc, open(sys.argv[2], "w"))
PY
expect_exit 1 "$FWAUDIT" evaluate "$T/fevil.json" --format text -o "$T/e.txt"
contains "$T/e.txt" "not matching: evil?]0;owned???2J (item 1, offset 0x9160, masked ?***)"
! grep -q "$(printf '\033')" "$T/e.txt" || fail "an ESC reached the text report"
! grep -q "$(printf '\302\233')" "$T/e.txt" || fail "a C1 CSI reached the text report"

# A rule whose list items lack the field it reads is not_tested, and the
# reason says so: never "missing evidence ()" with nothing in it.
mkdir -p "$T/rules"
cat >"$T/rules/items.yaml" <<'EOF'
rules:
  - id: TEST-ITEMS-UNJUDGED
    title: Every credential has an owner
    severity: low
    rationale: test
    remediation: test
    provisions: {pswg: [secure-storage]}
    require:
      for_each:
        fact: nvs.credentials
        require: {equals: {fact: .owner, value: me}}
EOF
expect_exit 1 "$FWAUDIT" evaluate "$T/facts.json" --rules "$T/rules" --verbose --format text -o "$T/c.txt" \
    --format html -o "$T/c.html"
for f in "$T/c.txt" "$T/c.html"; do
	lacks "$f" "missing evidence ()"
	contains "$f" "not tested: missing evidence (nvs.credentials[].owner)"
done
contains "$T/c.txt" "nvs.credentials: 4 items, none failing, 4 could not be judged (a field is missing)"
exit 0
