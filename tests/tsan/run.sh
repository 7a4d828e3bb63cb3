#!/bin/sh
# make tsan-ci: scans whose work fans out over util/jobs.c threads, run by a
# ThreadSanitizer build with more threads than cores. Any report fails
# (TSan exits 66 with halt_on_error); the scans' own exit codes (findings)
# do not matter here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${FWAUDIT:?FWAUDIT must point at the ThreadSanitizer build}"
SHARED=${SHARED:-$top/../shared}
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
run() {	# run LABEL ARGS...
	label=$1; shift
	"$FWAUDIT" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc = 66 ] || grep -q "ThreadSanitizer" "$T/err"; then
		echo "  FAIL  $label"
		sed 's/^/        /' "$T/err" | head -60
		fails=$((fails + 1))
	else
		echo "  ok    $label (exit $rc)"
	fi
}
V=$SHARED/vectors/realworld-linux
for f in "$V"/*.squashfs "$V"/*.bin "$V"/*.tar.gz "$top"/samples/linux/*.tar.gz; do
	[ -f "$f" ] && run "rootfs $(basename "$f")" scan "$f" --jobs 4 --format json -o "$T/r.json"
done
for d in insecure secure; do
	set -- "$top"/samples/$d/*
	run "samples/$d" scan "$@" --jobs 4 --format json -o "$T/r.json"
done
run "compare" scan --compare "$top/samples/insecure/flash.bin" "$top/samples/insecure/flash-unit2.bin" --jobs 4 -o "$T/r.json"
# a loopback port scan with one listener (the port scan's shards)
if command -v python3 >/dev/null; then
	python3 -u -m http.server 0 --bind 127.0.0.1 >"$T/http.log" 2>&1 &
	pid=$!
	sleep 1
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$T/http.log" | head -1)
	[ -n "$port" ] && run "port scan" scan --host 127.0.0.1 --ports "1-1024,$port" --jobs 4 -o "$T/r.json"
	kill $pid 2>/dev/null
fi
[ $fails = 0 ] && echo "tsan: no data race reported" || echo "tsan: $fails run(s) reported races"
exit $([ $fails = 0 ] && echo 0 || echo 1)
