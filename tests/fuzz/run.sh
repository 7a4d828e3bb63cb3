#!/bin/sh
# Runs each libFuzzer harness given as an argument for FUZZ_SECONDS (default
# 20), two at a time, from a seed corpus built at run time in
# build/fuzz/corpus/<harness>/ out of samples/, rules/ and ../shared/vectors
# (when present; nothing from shared is ever committed). Crashers land in
# build/fuzz/crashes/<harness>/. One line per harness: seconds, executions,
# and whether it found something. Exit 1 when any harness did.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$top/../shared}
secs=${FUZZ_SECONDS:-20}
out=$top/build/fuzz
mkdir -p "$out/logs"

# seeds HARNESS: the files worth starting from (small enough to mutate fast).
seeds() {
	v=$SHARED/vectors
	case "$1" in
	fuzz_sdkconfig) find "$top/samples" "$v" -name '*sdkconfig*' ;;
	fuzz_efuse_json) find "$top/samples" "$v/efuse" -name '*.json' ;;
	fuzz_efuse_raw) find "$top/samples" "$v/efuse" -name '*dump*' -o -name '*.txt' -o -name '*efuse*.bin' ;;
	fuzz_esp_image|fuzz_sbv2) find "$v/esptool" -name '*.bin' -size -64k ;;
	fuzz_partition) find "$top/samples" "$v" -name '*partition*' -o -name '*otadata*' ;;
	fuzz_nvs) find "$top/samples" "$v" -name '*nvs*' -size -64k ;;
	fuzz_secure_cert) find "$top/samples" "$v" -name '*secure_cert*' -size -64k ;;
	fuzz_ytree) find "$top/rules" "$top/samples" -name '*.yaml' ;;
	fuzz_collectors) find "$top/samples" "$v" -type f -size -40k ;;
	fuzz_vulnrec) find "$v/cve" -name '*.json' ;;
	fuzz_linux_kernel) find "$v/realworld-linux" -name '*trx.bin' ;;	# cut to -max_len: the headers
	*) ;;
	esac 2>/dev/null
}

# slices HARNESS DIR: pieces of the committed sample flash images
# at their partition offsets (esp.partitions of samples/*/flash.bin), as
# stand-alone seeds for the parsers that see one partition at a time.
slices() {
	for f in "$top"/samples/*/flash.bin; do
		[ -f "$f" ] || continue
		u=$(basename "$(dirname "$f")")
		case "$1" in
		fuzz_partition)
			dd if="$f" of="$2/seed-$u-table" bs=4096 skip=8 count=1 2>/dev/null
			dd if="$f" of="$2/seed-$u-otadata" bs=4096 skip=15 count=2 2>/dev/null ;;
		fuzz_nvs) dd if="$f" of="$2/seed-$u-nvs" bs=4096 skip=9 count=6 2>/dev/null ;;
		fuzz_secure_cert) dd if="$f" of="$2/seed-$u-cert" bs=4096 skip=19 count=2 2>/dev/null ;;
		fuzz_esp_image) dd if="$f" of="$2/seed-$u-boot" bs=4096 skip=0 count=8 2>/dev/null ;;
		fuzz_collectors)
			dd if="$f" of="$2/seed-$u-table" bs=4096 skip=8 count=1 2>/dev/null
			dd if="$f" of="$2/seed-$u-nvs" bs=4096 skip=9 count=6 2>/dev/null ;;
		esac
	done
}

run_one() {
	bin=$1
	name=$(basename "$bin")
	corpus=$out/corpus/$name
	crashes=$out/crashes/$name
	rm -rf "$crashes"	# only what this run finds
	mkdir -p "$corpus" "$crashes"
	seeds "$name" | while read -r f; do
		[ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
	done
	slices "$name" "$corpus"
	# Committed regressions for this parser seed it too.
	[ "$name" = fuzz_collectors ] && [ -d "$top/tests/fuzz/regressions" ] &&
		find "$top/tests/fuzz/regressions" -type f -exec cp {} "$corpus/" \;
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" \
		>"$out/logs/$name.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$name.log")
	found=$(ls "$crashes" | wc -l)
	printf '  %-24s %4ss %10s execs  %s\n' "$name" "$secs" "${execs:-?}" \
		"$([ "$rc" = 0 ] && [ "$found" = 0 ] && echo ok || echo "FOUND ($crashes, log $out/logs/$name.log)")"
	[ "$rc" = 0 ] && [ "$found" = 0 ]
}

status=0
set -- "$@"
while [ $# -gt 0 ]; do
	run_one "$1" >"$out/logs/.a" & a=$!
	b=""
	if [ $# -gt 1 ]; then run_one "$2" >"$out/logs/.b" & b=$!; fi
	wait $a || status=1
	cat "$out/logs/.a"
	if [ -n "$b" ]; then wait $b || status=1; cat "$out/logs/.b"; shift; fi
	shift
done
exit $status
