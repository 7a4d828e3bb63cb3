# Shared by the test_reports_*.sh scripts (sourced after lib.sh): the
# fixture run (tests/data/reports: hostile strings, declarations, a waiver,
# a failing rule with a byte offset) and its expected counts, derived here
# from the canonical JSON so each format is checked against it; and the
# HTML report printed to PDF by headless Chromium.
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

# need_pdf_tools [WHAT]: headless Chromium (as $CHROME) and pdftotext, or
# skip the rest of the test (WHAT: what then goes unchecked).
need_pdf_tools() {
	CHROME=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$CHROME" ] || skip "chromium is not installed (scripts/deps.sh test installs it)$1"
	command -v pdftotext >/dev/null || skip "pdftotext (poppler-utils) is not installed"
}

# print_pdf HTML PDF: headless Chromium, its own header and footer off (the
# report's @page margin boxes are what is checked).
print_pdf() {
	prof=$(mktemp -d)
	timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir="$prof" --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
	    >"$T/chrome.out" 2>&1
	rm -rf "$prof"
	[ -s "$2" ] || { tail -5 "$T/chrome.out"; fail "chromium wrote no PDF of $1"; }
}
