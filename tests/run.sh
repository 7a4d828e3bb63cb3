#!/bin/sh
# Runs every unit test binary given as arguments, then every integration
# script tests/integration/test_*.sh, one line per suite, then the totals.
# Integration scripts get FWAUDIT (the binary), BUILD, SHARED (../shared, may
# be absent) and exit 0 (pass), 77 (skip, with a reason on stdout) or other (fail).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$top/../shared}
export FWAUDIT BUILD SHARED TOP="$top"
pass=0 fail=0 skip=0
log=$(mktemp -d)
for t in "$@"; do
	name=$(basename "$t")
	if "$t" >"$log/$name.out" 2>&1; then
		n=$(grep -Eo "PASSED +\] +[0-9]+" "$log/$name.out" | grep -Eo '[0-9]+$' | tail -1)
		printf '  ok    %-32s %s cases\n' "$name" "${n:-?}"
		pass=$((pass + 1))
	else
		printf '  FAIL  %s\n' "$name"
		sed 's/^/        /' "$log/$name.out" | tail -40
		fail=$((fail + 1))
	fi
done
for t in "$top"/tests/integration/test_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	start=$(date +%s)
	sh "$t" >"$log/$name.out" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc = 0 ]; then
		printf '  ok    %-32s %ss\n' "$name" "$secs"
		pass=$((pass + 1))
	elif [ $rc = 77 ]; then
		printf '  skip  %-32s %s\n' "$name" "$(tail -1 "$log/$name.out")"
		skip=$((skip + 1))
	else
		printf '  FAIL  %s (exit %s)\n' "$name" "$rc"
		sed 's/^/        /' "$log/$name.out" | tail -40
		fail=$((fail + 1))
	fi
done
rm -rf "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
