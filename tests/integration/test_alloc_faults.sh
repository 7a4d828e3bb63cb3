# Allocation-failure injection (SQLite's malloc tests): the binary runs under
# tests/tools/alloc_fault_shim with its Nth allocation failing, for N over the
# allocations a normal run makes, on the samples (flash dump, eFuse JSON,
# sdkconfig, all three, `rules list`). Each run must either succeed as the
# normal run does (same exit status, byte-identical JSON report: the failure
# was absorbed) or stop with exit status 2 or 3 and a message on stderr.
# Never a signal, a hang or a report that differs from the normal one: a
# verdict computed from half-built facts is the bug this looks for.
# FAULT_STRIDE=S tries every Sth allocation, from a different start per
# input so different points are covered (default: ~300 points an input,
# under a minute on a loaded machine; 1 tries them all, minutes an input).
# FAULT_ONLY=NAME runs one sweep (flash, efuse, sdkconfig, secure, rules).
# Under SAN=1 the shim cannot share the process with ASan's allocator; the
# unit test test_alloc_faults injects the same failures there instead.
. "$(dirname "$0")/lib.sh"
[ "${SAN:-0}" = 1 ] && skip "SAN=1: ASan owns malloc (the unit test test_alloc_faults covers this build)"
SHIM=$BUILD/tools/alloc_fault_shim
[ -f "$SHIM" ] || fail "no $SHIM (make builds tests/tools/*shim*.c)"
export SOURCE_DATE_EPOCH=1700000000
# glibc fills freed memory, so a use after free shows in the report bytes.
export MALLOC_PERTURB_=165
S=$TOP/samples
stride=${FAULT_STRIDE:-}
# probe.sh N ARGS...: one run with allocation N failing; one result line
# "N ok|err|BAD what" in $T/res/N.
cat >"$T/probe.sh" <<'EOF'
n=$1; shift
d=$T/res
# env, so that only the binary runs under the shim, not timeout.
timeout 30 env FAULT_ALLOC_FAIL=$n FAULT_ALLOC_LOG=$d/$n.log LD_PRELOAD=$SHIM \
	"$FWAUDIT" "$@" >"$d/$n.out" 2>"$d/$n.err"
rc=$?
if [ "$rc" = "$BASE_RC" ] && cmp -s "$d/$n.out" "$T/base.out"; then
	r="ok"
elif [ "$rc" = "$BASE_RC" ]; then
	r="BAD exit $rc with a report that differs from the normal run's"
elif [ "$rc" = 2 ] || [ "$rc" = 3 ]; then
	# A message in words (not just the program's name, not stray bytes).
	if grep -q '^fwaudit: .*[a-z][a-z][a-z]' "$d/$n.err" &&
	    ! LC_ALL=C grep -q '[^[:print:][:space:]]' "$d/$n.err"; then
		r="err $rc $(grep '^fwaudit: ' "$d/$n.err" | tail -1)"
	else r="BAD exit $rc without a message"; fi
elif [ "$rc" -ge 124 ]; then
	r="BAD exit $rc (signal or timeout): $(tail -1 "$d/$n.err")"
else
	r="BAD exit $rc (normal run: $BASE_RC): $(head -1 "$d/$n.err")"
fi
site=$(sed -n 's/^site //p' "$d/$n.log" 2>/dev/null)
echo "$n ${site:-none} | $r" >"$d/$n.res"
rm -f "$d/$n.out" "$d/$n.err" "$d/$n.log"
EOF
export T SHIM FWAUDIT
total=0 bad=0 errs=0 absorbed=0 start=1
# sweep NAME ARGS...: the normal run, its allocation count, then the faults.
sweep() {
	name=$1; shift
	[ -n "${FAULT_ONLY:-}" ] && [ "$FAULT_ONLY" != "$name" ] && return
	FAULT_ALLOC_LOG=$T/base.log LD_PRELOAD=$SHIM "$FWAUDIT" "$@" >"$T/base.out" 2>"$T/base.err"
	BASE_RC=$?
	export BASE_RC
	[ "$BASE_RC" -le 1 ] || fail "$name: normal run exit $BASE_RC: $(cat "$T/base.err")"
	[ -s "$T/base.out" ] || fail "$name: normal run wrote no report"
	count=$(sed -n 's/^count //p' "$T/base.log")
	[ "${count:-0}" -gt 100 ] || fail "$name: the shim counted ${count:-no} allocations"
	s=${stride:-$(( count / 300 + 1 ))}
	rm -rf "$T/res"; mkdir -p "$T/res"
	seq "$start" "$s" "$count" | xargs -P 2 -I{} sh "$T/probe.sh" {} "$@"
	cat "$T/res"/*.res >"$T/$name.results"
	n=$(wc -l <"$T/$name.results")
	b=$(grep -c '| BAD' "$T/$name.results")
	e=$(grep -c '| err' "$T/$name.results")
	echo "$name: $count allocations, $n failed one at a time (stride $s):" \
		"$e clean errors, $((n - e - b)) absorbed, $b bad"
	grep '| BAD' "$T/$name.results" | sort -n | head -10
	total=$((total + n)); bad=$((bad + b)); errs=$((errs + e)); absorbed=$((absorbed + n - e - b))
	cat "$T/$name.results" >>"$T/all.results"
	start=$(( start % 7 + 2 ))
}
sweep flash scan "$S/insecure/flash.bin" --format json
sweep efuse scan "$S/insecure/efuse.json" --format json
sweep sdkconfig scan "$S/insecure/sdkconfig" --format json
sweep secure scan "$S/secure/sdkconfig" "$S/secure/efuse.json" "$S/secure/flash.bin" \
	--format json
sweep rules rules list
sites=$(cut -d'|' -f1 "$T/all.results" | cut -d' ' -f2- | sort -u | wc -l)
echo "total: $total runs at $sites distinct call sites: $errs clean errors, $absorbed absorbed, $bad bad"
# The point of the suite: some failures must have been injected and seen.
[ "$errs" -gt 0 ] || fail "no injected failure ever reached an error exit"
[ "$bad" = 0 ] || fail "$bad allocation failures crashed, hung or changed the report"
