#!/bin/sh
# The HTML report: self-contained (no script, nothing fetched), hostile
# strings escaped, and, printed to PDF by headless Chromium, the verdict
# table readable in the PDF text.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
fixture_run "$T/o"
H="$T/o/r.html"
[ -s "$H" ] || fail "no HTML written"
lacks "$H" "<script"
lacks "$H" "<link"
lacks "$H" " src="
lacks "$H" "@import"
lacks "$H" "url("
lacks "$H" '<b>&"name'
contains "$H" 'fw/evil&lt;b&gt;&amp;&quot;name&#39;.json'
contains "$H" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
contains "$H" "<svg"
contains "$H" '<td class="num">0x10000</td><td>]]&gt;&lt;/failure&gt;&lt;x&gt;&amp;amp;</td><td>v1.2.3</td>'
contains "$H" "<tr><th>network address</th><td>192.0.2.1 <span class=\"muted\">(host:192.0.2.1)</span>"
# Our own markup is never escaped: separators and links stay tags.
lacks "$H" "&lt;br&gt;"
lacks "$H" "&lt;a href"
contains "$H" '<a href="#rule-ESP-EFUSE-JTAG-DISABLED">ESP-EFUSE-JTAG-DISABLED</a> <span class="vw vw-fail">fail</span>, '
contains "$H" "thead{display:table-header-group}"
# The Annex B support is a column of the EN 303 645 table.
contains "$H" "<th>Support</th>"
# Well formed (every element closed in order), every rule has its section,
# every provision its row, every in-page link a target.
/usr/bin/python3 - "$T/o/r.json" "$H" <<'PY' || fail "HTML malformed, or lacks rules or provisions"
import html, json, re, sys
from html.parser import HTMLParser
rep, page = json.load(open(sys.argv[1])), open(sys.argv[2]).read()
VOID = {"meta", "br", "rect", "link", "img", "hr", "input", "col"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:], self.getpos())
        self.stack.pop()
c = Check()
c.feed(page)
c.close()
assert c.stack == [], c.stack
ids = set(re.findall(r' id="([^"]+)"', page))
for target in re.findall(r'href="#([^"]+)"', page):
    assert html.unescape(target) in ids or target in ids, target
for r in rep["rules"]:
    assert 'id="rule-%s"' % html.escape(r["id"]) in page, r["id"]
for p in rep["profiles"][0]["provisions"]:
    assert '<td class="id">%s</td>' % p["id"] in page, p["id"]
PY
# By default only findings (fail, waived) get a card; --verbose gives every
# rule one, with all its evidence.
n=$(grep -c '<div class="rule ' "$H")
want=$(/usr/bin/python3 -c 'import json,sys; print(sum(r["verdict"] in ("fail","waived") for r in json.load(open(sys.argv[1]))["rules"]))' "$T/o/r.json")
[ "$n" -eq "$want" ] || fail "$n rule cards, want $want (the findings)"
fixture_run "$T/v" --verbose
n=$(grep -c '<div class="rule ' "$T/v/r.html")
want=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rules"]))' "$T/v/r.json")
[ "$n" -eq "$want" ] || fail "--verbose: $n rule cards, want one per rule ($want)"
need_pdf_tools ": PDF rendering not checked"
print_pdf "$H" "$T/r.pdf"
pdftotext -layout "$T/r.pdf" "$T/r.txt" || fail "pdftotext failed"
contains "$T/r.txt" "Security evidence report"
contains "$T/r.txt" "Conformance: ETSI EN 303 645 V3.1.3"
contains "$T/r.txt" "Acme <Smart> Plug & Co"
# The verdict table: provision, status and verdict on one line, as printed.
grep -Eq '5\.6-4A .*MF\(q\) +fail' "$T/r.txt" || fail "PDF lacks the 5.6-4A row with its fail verdict"
grep -Eq '5\.10-1 .*RF\(w\) +not_applicable' "$T/r.txt" || fail "PDF lacks the 5.10-1 not_applicable row"
grep -Eq '5\.2-1 .*M +declared' "$T/r.txt" || fail "PDF lacks the 5.2-1 declared row"
# Repeated table headers: the conformance table spans pages, its header repeats.
n=$(grep -Ec 'Provision +Title +Status +Verdict' "$T/r.txt")
[ "$n" -ge 2 ] || fail "conformance table header printed $n times, want it repeated on every page"
exit 0
