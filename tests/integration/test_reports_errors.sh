#!/bin/sh
# Bad output paths and options: a clear message naming the problem, exit 2,
# and no half-written report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
run() { "$FWAUDIT" evaluate "$D/facts.json" "$@"; }
expect_exit 2 run --format html -o "$T/no/such/dir/r.html"
contains "$T/err" "$T/no/such/dir/r.html: cannot write"
: >"$T/file"
expect_exit 2 run --format sarif -o "$T/file/r.sarif"
contains "$T/err" "$T/file/r.sarif: cannot write: Not a directory"
# Several outputs: the good one before the bad one is written whole, the
# bad one names itself.
expect_exit 2 run --format md -o "$T/ok.md" --format junit -o "$T/no/r.xml"
contains "$T/err" "$T/no/r.xml"
expect_exit 2 run --format pdf -o "$T/r.pdf"
contains "$T/err" "unknown --format 'pdf'"
expect_exit 2 run --evidence-dir "$T/file"
contains "$T/err" "exists and is not a directory"
expect_exit 2 run --evidence-dir "$T/no/such/bundle"
contains "$T/err" "cannot create the evidence directory"
expect_exit 2 run --sign-key "$T/file"
contains "$T/err" "--sign-key and --sign-cert go together"
# Several outputs in one run, all written.
expect_exit 1 run --format html -o "$T/r.html" --format sarif -o "$T/r.sarif" --format ics -o "$T/r.csv"
[ -s "$T/r.html" ] && [ -s "$T/r.sarif" ] && [ -s "$T/r.csv" ] || fail "not every output written"
exit 0
