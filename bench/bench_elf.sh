#!/bin/sh
# ELF hardening over every binary of a root filesystem, side by side with
# `checksec --dir` on the same directory in the same run (issue #14, Speed
# 2: >= 50x). Two sets: the ELF files of the OpenWrt 19.07.7 AArch64 root
# filesystem (../shared/vectors/realworld-linux), and ELF_BENCH_FILES (300)
# ELF files of this system's /usr/bin and /usr/lib, larger. fwaudit does
# more per binary than checksec (risky call sites too) and writes one
# report for all; checksec's verdicts are counted where they differ.
set -u
command -v checksec >/dev/null || { echo "skip: checksec absent (apt-get install checksec)"; exit 0; }
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
now() { date +%s.%N; }

# compare NAME DIR: one fwaudit scan and one checksec --dir over DIR's files
compare() {
	n=$(ls "$2" | wc -l)
	cat "$2"/* > /dev/null	# the page cache warm for both
	t0=$(now)
	"$FWAUDIT" scan --kind elf "$2"/* --format json -o "$d/fw.json" >/dev/null 2>&1
	rc=$?
	t1=$(now)
	checksec --dir="$2" --output=csv > "$d/cs.csv" 2>/dev/null
	t2=$(now)
	[ $rc -le 1 ] || { echo "fwaudit failed (exit $rc)"; return 1; }
	/usr/bin/python3 - "$1" "$t0" "$t1" "$t2" "$n" "$(cat "$2"/* | wc -c)" "$d/fw.json" "$d/cs.csv" <<'PY'
import csv, json, os, sys
name = sys.argv[1]; t0, t1, t2 = map(float, sys.argv[2:5]); n, size = int(sys.argv[5]), int(sys.argv[6])
fw = {os.path.basename(e['path']): e for e in json.load(open(sys.argv[7]))['facts']['elf.binaries']['value']}
cs = [r for r in csv.reader(open(sys.argv[8])) if r]
f, c = t1 - t0, t2 - t1
canary = [r for r in cs if os.path.basename(r[-1]) in fw and
          (r[1] == 'Canary found') != fw[os.path.basename(r[-1])]['canary']]
nosh = sum(1 for r in canary if not fw[os.path.basename(r[-1])]['section_headers'])
calls = sum(e.get('risky_call_count') or 0 for e in fw.values())
print("%s: %d ELF files (%.1f MiB): fwaudit %.2f s (%.2f ms/file, %d risky call sites), "
      "checksec --dir %.2f s (%.1f ms/file): %.0fx (target >= 50x); canary verdicts differ on "
      "%d files, %d of them without section headers (checksec reads no symbols there)"
      % (name, n, size / 2**20, f, 1000 * f / n, calls, c, 1000 * c / n, c / f, len(canary), nosh))
sys.exit(0 if len(fw) == n and c / f >= 50 else 1)
PY
}

rc=0
TGZ=${SHARED:-$TOP/../shared}/vectors/realworld-linux/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz
if [ -f "$TGZ" ]; then
	mkdir "$d/root" "$d/ow"
	tar -xzf "$TGZ" -C "$d/root" 2>/dev/null
	i=0
	find "$d/root" -type f | while read -r f; do
		head -c 4 "$f" | grep -q ELF && cp "$f" "$d/ow/$(basename "$f").$i" && i=$((i + 1))
	done
	compare "OpenWrt 19.07.7 rootfs" "$d/ow" || rc=1
fi
N=${ELF_BENCH_FILES:-300}
mkdir "$d/sys"
i=0
for f in /usr/bin/* /usr/lib/x86_64-linux-gnu/*.so*; do
	[ $i -ge "$N" ] && break
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	head -c 4 "$f" 2>/dev/null | grep -q 'ELF' || continue
	cp "$f" "$d/sys/$i" && i=$((i + 1))
done
compare "this system" "$d/sys" || rc=1
# in-process, files in memory: the two readers apart
[ -x "$BUILD/tools/elf_bench" ] && "$BUILD/tools/elf_bench" "$d"/sys/*
exit $rc
