#!/bin/sh
# The HTML report as printed: the insecure sample, printed to A4 PDF by
# headless Chromium, read back with pdftotext. Every failing item is in the
# PDF text whole (nothing clipped at the page edge), a long unbroken value is
# wrapped, not cut; every page carries the report identifier (SHA-256 of the
# JSON report of the same run) and "page x of y"; no absolute path of the
# machine that ran the audit appears; the report is short.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
need_pdf_tools

# The insecure sample as a user names it (relative inputs, from the top of
# the tree); the shipped rules load from an absolute path (beside the binary).
cd "$TOP" || fail "no $TOP"
"$FWAUDIT" scan samples/insecure/sdkconfig samples/insecure/efuse.json \
    samples/insecure/flash.bin --declarations samples/vendor.yaml \
    --waivers samples/waivers.yaml \
    --profile etsi-en-303-645 --profile pswg \
    --format json -o "$T/r.json" --format html -o "$T/r.html" >"$T/run.out" 2>&1
[ $? -eq 1 ] || { cat "$T/run.out"; fail "insecure sample: want exit status 1"; }
print_pdf "$T/r.html" "$T/r.pdf"
pdftotext "$T/r.pdf" "$T/r.txt" || fail "pdftotext failed"
pages=$(pdfinfo "$T/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ -n "$pages" ] || pages=$(grep -c "$(printf '\f')" "$T/r.txt")

# Page numbering on every page, and the report identifier with it.
id=$(sha256sum "$T/r.json" | cut -c1-64)
for n in 1 "$pages"; do
	grep -q "page $n of $pages" "$T/r.txt" || fail "PDF lacks \"page $n of $pages\""
done
n=$(grep -c "page [0-9]* of $pages" "$T/r.txt")
[ "$n" -eq "$pages" ] || fail "page numbers on $n of $pages pages"
n=$(grep -c "$id" "$T/r.txt")
[ "$n" -ge "$pages" ] || fail "report identifier $id on $n lines, want every one of $pages pages"
contains "$T/r.html" "$id"

# Markedly shorter than the 31 pages (20 of rule cards) it was; 16 when
# written with ~100 rules, 19 with the ~150 of EN 18031/CRA, SBOM and
# vulnerabilities, ELF, embedded Linux and the new chips; some room left.
[ "$pages" -le 20 ] || fail "the insecure sample prints to $pages A4 pages, want at most 20 (19 with ~150 rules)"

# Nothing cut: every failing item of every failing or waived rule, and the
# masked Wi-Fi password, whole in the PDF text (wrapping may break a line
# anywhere, so whitespace is not compared).
/usr/bin/python3 - "$T/r.json" "$T/r.txt" <<'PY' || fail "PDF text lacks evidence"
import json, re, sys
rep = json.load(open(sys.argv[1]))
pdf = re.sub(r"\s+", "", open(sys.argv[2]).read())
def whole(s):
    return re.sub(r"\s+", "", s) in pdf
wifi = "nvs.net80211:sta.pswd (item 1, offset 0x9160, masked S***)"
assert whole("not matching: " + wifi), wifi
n = 0
for r in rep["rules"]:
    if r["verdict"] not in ("fail", "waived"):
        continue
    assert whole(r["id"]) and whole(r["title"]), r["id"]
    for ev in r["evidence"]:
        for it in ev.get("failing", []):
            name = it.get("label") or it.get("name")
            if name is None:
                continue
            text = "%s (item %d" % (name, it["index"])
            if "offset" in it:
                text += ", offset 0x%x" % it["offset"]
            assert whole(text), (r["id"], text)
            n += 1
assert n >= 5, n
PY

# No absolute path of this machine, in the HTML or in what prints; rules
# shown as rules/<file>:<line>.
for f in "$T/r.html" "$T/r.txt"; do
	for p in "$TOP/" "$T/" "/work/" "$(pwd -P)/"; do
		lacks "$f" "$p"
	done
done
grep -q 'rules/esp-nvs\.yaml:[0-9]' "$T/r.txt" || fail "PDF lacks rules/esp-nvs.yaml:LINE"
contains "$T/r.txt" "samples/insecure/flash.bin"

# A long unbroken value (no space to wrap at) is printed whole; a rule from
# an absolute --rules path is named by its directory and file.
long=$(/usr/bin/python3 -c 'print("".join("%03dx" % i for i in range(150)))')
mkdir -p "$T/lr"
cat >"$T/lr/long.yaml" <<EOF
rules:
  - id: TEST-LONG-BANNER
    title: The banner is short
    severity: high
    rationale: Test rule.
    remediation: Shorten it.
    provisions:
      etsi-en-303-645: ["5.6-1"]
    require: {equals: {fact: net.banner, value: "ok"}}
EOF
/usr/bin/python3 - "$long" "$T/facts.json" <<'PY'
import json, sys
json.dump({"schema_version": 1, "warnings": [],
           "inputs": [{"id": 0, "kind": "network", "live": "host:192.0.2.7"}],
           "facts": {"net.banner": {"input": 0, "value": sys.argv[1]}}},
          open(sys.argv[2], "w"))
PY
"$FWAUDIT" evaluate "$T/facts.json" --rules "$T/lr" --format html -o "$T/l.html" \
    >"$T/run.out" 2>&1
[ -s "$T/l.html" ] || { cat "$T/run.out"; fail "no HTML for the long value"; }
print_pdf "$T/l.html" "$T/l.pdf"
pdftotext "$T/l.pdf" - | tr -d ' \n\f' >"$T/l.txt"
contains "$T/l.txt" "$long"
lacks "$T/l.html" "$T/"
contains "$T/l.html" "lr/long.yaml:"
exit 0
