#!/bin/sh
# Reproducible reports: the same inputs give byte-identical output in every
# format; with another SOURCE_DATE_EPOCH only the timestamp differs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
fixture_run "$T/a"
fixture_run "$T/b"
for f in "$T"/a/r.*; do
	n=$(basename "$f")
	cmp -s "$f" "$T/b/$n" || fail "$n differs between two identical runs"
done
SOURCE_DATE_EPOCH=1800000000 fixture_run "$T/c"
cmp -s "$T/a/r.json" "$T/c/r.json" && fail "SOURCE_DATE_EPOCH does not reach the report"
# The HTML carries the report identifier, the SHA-256 of the JSON report,
# which holds the timestamp: it differs with it, as the JSON's digest does.
ida=$(sha256sum "$T/a/r.json" | cut -c1-64)
idc=$(sha256sum "$T/c/r.json" | cut -c1-64)
for f in "$T"/a/r.*; do
	n=$(basename "$f")
	sed "s/2025-11-24T16:00:00Z/TIME/g; s/2025-11-24/DATE/g; s/$ida/ID/g" "$f" >"$T/a.n"
	sed "s/2027-01-15T08:00:00Z/TIME/g; s/2027-01-15/DATE/g; s/$idc/ID/g" "$T/c/$n" >"$T/c.n"
	cmp -s "$T/a.n" "$T/c.n" || { diff "$T/a.n" "$T/c.n" | head -5; fail "$n differs beyond the timestamp"; }
done
# Evidence bundles too (the CMS signature carries a signing time; unsigned here).
"$FWAUDIT" evaluate "$D/facts.json" --evidence-dir "$T/e1" >/dev/null 2>&1
"$FWAUDIT" evaluate "$D/facts.json" --evidence-dir "$T/e2" >/dev/null 2>&1
for f in "$T"/e1/*; do
	cmp -s "$f" "$T/e2/$(basename "$f")" || fail "bundle file $(basename "$f") differs"
done
exit 0
