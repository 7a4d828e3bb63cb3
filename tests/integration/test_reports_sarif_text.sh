#!/bin/sh
# SARIF text from hostile strings: control characters, quotes, UTF-8 and an
# input path long enough that the message's location is cut inside a UTF-8
# character. The SARIF stays strict UTF-8 JSON, every string reads back as
# it was, and it is escaped as the JSON report escapes it (one writer).
. "$(dirname "$0")/lib.sh"
mkdir "$T/rules"
/usr/bin/python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
path = "xy" + "\u00e9" * 150 + "/flash.bin"   # the cut at 255 bytes falls inside an é
doc = {"schema_version": 1, "warnings": [],
       "facts": {"x.banner": {"value": "a\tb\x1bc\r\n \u00e9/\u2028 \"q\" \\", "input": 0,
                              "loc": {"offset": 16, "length": 4}}},
       "inputs": [{"id": 0, "kind": "esp-flash", "path": path, "sha256": "0" * 64, "size": 64}]}
json.dump(doc, open(t + "/facts.json", "w"))
open(t + "/rules/r.yaml", "w").write('''rules:
  - id: HOSTILE-1
    title: "Tab\\there \\"quoted\\" back\\\\slash caf\\u00e9"
    severity: high
    rationale: Hostile strings reach the reports.
    remediation: None.
    provisions:
      etsi-en-303-645: ["5.1-1"]
    require: {equals: {fact: x.banner, value: ok}}
''')
PY
expect_exit 1 env SOURCE_DATE_EPOCH=1700000000 FWAUDIT_RULES= "$FWAUDIT" evaluate "$T/facts.json" \
    --rules "$T/rules" --format sarif -o "$T/r.sarif" --format json -o "$T/r.json"
/usr/bin/python3 - "$T" <<'PY' || fail "SARIF text does not read back"
import json, sys
t = sys.argv[1]
raw = open(t + "/r.sarif", "rb").read()
d = json.loads(raw.decode("utf-8"))          # strict: a cut character fails here
run = d["runs"][0]
rule = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "HOSTILE-1"][0]
assert rule["shortDescription"]["text"] == 'Tab\there "quoted" back\\slash caf\u00e9', rule
res = [r for r in run["results"] if r["ruleId"] == "HOSTILE-1"][0]
msg = res["message"]["text"]
assert "a\tb\x1bc\r\n \u00e9/\u2028 \"q\" \\" in msg, msg
assert "[xy" + "\u00e9" * 100 in msg, msg
assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("xy%C3%A9"), res
# The same string, escaped the same way in both reports.
esc = json.dumps("a\tb\x1bc\r\n", ensure_ascii=False)[1:-1].replace("\\u001b", "\\u001B").encode()
assert esc in raw, esc
assert esc in open(t + "/r.json", "rb").read(), esc
PY
exit 0
