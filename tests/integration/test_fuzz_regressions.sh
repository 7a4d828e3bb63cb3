# Replays the crashers `make fuzz` found (tests/fuzz/regressions/<kind>/*,
# each directory named for the collector whose --kind reads it) through the
# real binary: exit 0, 1 or 2 (a verdict or a clean refusal), never a crash,
# hang or sanitizer report. With SAN=1 the binary is the ASan+UBSan build.
# When the libFuzzer harnesses are built (make fuzz), each input is also
# replayed through fuzz_collectors, whose clang UBSan reports undefined
# behaviour gcc's does not (NULL + 0).
. "$(dirname "$0")/lib.sh"
R=$TOP/tests/fuzz/regressions
H=$TOP/build/fuzz/bin/fuzz_collectors
n=0
for d in "$R"/*/; do
	kind=$(basename "$d")
	for f in "$d"*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		timeout 20 "$FWAUDIT" scan --kind "$kind" "$f" >"$T/out" 2>"$T/err"
		rc=$?
		case $rc in 0|1|2) ;; *) tail -5 "$T/err"; fail "exit $rc: scan --kind $kind $f" ;; esac
		lacks "$T/err" "runtime error"
		lacks "$T/err" "Sanitizer"
		# exit 1 only with a report written (not an abort with a message)
		[ "$rc" != 1 ] || [ -s "$T/out" ] || fail "exit 1 without a report: $f"
		if [ -x "$H" ]; then
			"$H" "$f" >"$T/fz" 2>&1 || { tail -20 "$T/fz"; fail "fuzz_collectors: $f"; }
		fi
	done
done
[ "$n" -gt 0 ] || fail "no regression inputs under $R"
echo "replayed $n inputs"
