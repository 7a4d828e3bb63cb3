# Shared by the test_reports_*.sh scripts (sourced after lib.sh): the
# fixture run (tests/data/reports: hostile strings, declarations, a waiver,
# a failing rule with a byte offset) and its expected counts, derived here
# from the canonical JSON so each format is checked against it.
D="$TOP/tests/data/reports"
export SOURCE_DATE_EPOCH=1764000000
# fixture_run OUTDIR [extra args...]: every format of the fixture into OUTDIR
fixture_run() {
	out=$1; shift
	mkdir -p "$out"
	"$FWAUDIT" evaluate "$D/facts.json" --rules "$D/rules" \
	    --declarations "$D/declarations.yaml" --waivers "$D/waivers.yaml" \
	    --format json -o "$out/r.json" --format html -o "$out/r.html" \
	    --format sarif -o "$out/r.sarif" --format junit -o "$out/r.xml" \
	    --format md -o "$out/r.md" --format ics -o "$out/r.csv" \
	    --format ixit -o "$out/r.ixit.md" --format text -o "$out/r.txt" "$@" \
	    >"$T/run.out" 2>"$T/run.err"
	echo $? >"$out/rc"
}
