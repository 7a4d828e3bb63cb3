#!/bin/sh
# Writing every report format for a result with 10,000 rule results, against
# the 1 s budget (docs/reports.md). The result is made at bench time: a
# synthetic fact tree and 10,000 rules over it (a third pass, a third fail,
# a third not_tested; each mapped to an EN 303 645 provision), judged once
# by `fwaudit evaluate`; bench_reports then times each writer in process
# (best of 3 runs, so other load on the machine does not count).
# Peer figure from the same run: Python's json module writing the same
# report (the canonical JSON) — a floor for "just serialise it".
set -u
: "${FWAUDIT:?}" "${BUILD:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
facts = {}
for i in range(1000):
    facts["bench.f%d.enabled" % i] = {"value": i % 3 != 1, "input": 0,
                                       "loc": {"offset": 4096 * i, "length": 4}}
doc = {"schema_version": 1, "warnings": [], "facts": facts,
       "inputs": [{"id": 0, "kind": "bench", "path": "bench/flash.bin",
                   "sha256": "0" * 64, "size": 4194304}]}
json.dump(doc, open(t + "/facts.json", "w"))
provs = ["5.1-1", "5.3-2", "5.4-1", "5.5-1", "5.6-1", "5.6-4A", "5.7-1", "5.3-9"]
os.mkdir(t + "/rules")
for f in range(10):
    with open(t + "/rules/bench-%d.yaml" % f, "w") as out:
        out.write("rules:\n")
        for k in range(1000):
            n = f * 1000 + k
            fact = "bench.f%d.enabled" % (n % 1000) if n % 3 != 2 else "bench.missing%d" % n
            out.write("""  - id: BENCH-%05d
    title: Synthetic check %d
    severity: %s
    rationale: Synthetic rule for the report benchmark <&>.
    remediation: Nothing to do.
    provisions:
      etsi-en-303-645: ["%s"]
    ts103701: ["%s-1"]
    require: {equals: {fact: %s, value: true}}
""" % (n, n, ["low", "medium", "high", "critical"][n % 4], provs[n % 8], provs[n % 8], fact))
PY
SOURCE_DATE_EPOCH=1764000000 FWAUDIT_RULES= "$FWAUDIT" evaluate "$T/facts.json" --rules "$T/rules" \
    --format json -o "$T/report.json" >/dev/null 2>"$T/err"
rc=$?
[ $rc -le 1 ] || { cat "$T/err"; echo "bench_reports: evaluate failed ($rc)"; exit 1; }
n=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rules"]))' "$T/report.json")
mkdir "$T/out"
"$BUILD/tools/bench_reports" "$T/report.json" "$T/out" >"$T/times" || exit 1
peer=$(/usr/bin/python3 - "$T/report.json" <<'PY'
import json, sys, time
d = json.load(open(sys.argv[1]))
best = 1e9
for _ in range(3):
    t0 = time.perf_counter()
    with open("/dev/null", "w") as f:
        json.dump(d, f, indent=2, sort_keys=True)
    best = min(best, time.perf_counter() - t0)
print("%.3f" % best)
PY
)
echo "report with $n rule results"
awk '$1 != "total" { printf "  %-6s %6.3f s  %9d bytes\n", $1, $2, $3 }' "$T/times"
total=$(awk '$1 == "total" { print $2 }' "$T/times")
json=$(awk '$1 == "json" { print $2 }' "$T/times")
awk -v t="$total" 'BEGIN { printf "all formats: %.3f s  vs budget 1.000 s  ratio %.2f of budget\n", t, t / 1.0 }'
awk -v j="$json" -v p="$peer" 'BEGIN { printf "canonical JSON: fwaudit %.3f s  vs python3 json.dump %.3f s  ratio %.2fx\n", j, p, (j > 0 ? p / j : 0) }'
awk -v t="$total" 'BEGIN { exit !(t < 1.0) }' || { echo "bench_reports: over the 1 s budget"; exit 1; }
