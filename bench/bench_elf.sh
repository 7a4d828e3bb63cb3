#!/bin/sh
# ELF hardening over a directory of binaries (the ELF executables and
# shared objects of this system's /usr/bin and /usr/lib, copied to one
# directory as a root filesystem's would be), side by side with
# `checksec --dir` on the same directory in the same run (issue #14,
# Speed 2: >= 50x). fwaudit does more per binary than checksec (the risky
# call sites are disassembled too) and still writes one report for all.
set -u
command -v checksec >/dev/null || { echo "skip: checksec absent (apt-get install checksec)"; exit 0; }
N=${ELF_BENCH_FILES:-300}
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
mkdir "$d/bin"
i=0
for f in /usr/bin/* /usr/lib/x86_64-linux-gnu/*.so*; do
	[ $i -ge "$N" ] && break
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	head -c 4 "$f" 2>/dev/null | grep -q 'ELF' || continue
	cp "$f" "$d/bin/$i" && i=$((i + 1))
done
bytes=$(cat "$d"/bin/* | wc -c)
now() { date +%s.%N; }
# the page cache warm for both
cat "$d"/bin/* > /dev/null
t0=$(now)
"$FWAUDIT" scan --kind elf "$d"/bin/* --format json -o "$d/fw.json" >/dev/null 2>&1
rc=$?
t1=$(now)
checksec --dir="$d/bin" --output=csv > "$d/cs.csv" 2>/dev/null
t2=$(now)
[ $rc -le 1 ] || { echo "fwaudit failed (exit $rc)"; exit 1; }
/usr/bin/python3 - "$t0" "$t1" "$t2" "$i" "$bytes" "$d/fw.json" "$d/cs.csv" <<'PY'
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4]); n, size = int(sys.argv[4]), int(sys.argv[5])
fw = json.load(open(sys.argv[6]))['facts']['elf.binaries']['value']
cs = [l for l in open(sys.argv[7]) if l.strip()]
f, c = t1 - t0, t2 - t1
calls = sum(e.get('risky_call_count') or 0 for e in fw)
print("ELF hardening, %d binaries (%.1f MiB): fwaudit %.2f s (%.1f ms/binary, %d risky call sites), "
      "checksec --dir %.2f s (%.1f ms/binary, %d lines): %.0fx faster (target >= 50x)"
      % (n, size / 2**20, f, 1000 * f / n, calls, c, 1000 * c / n, len(cs), c / f))
if len(fw) != n:
    print("fwaudit reported %d of %d binaries" % (len(fw), n)); sys.exit(1)
sys.exit(0 if c / f >= 50 else 1)
PY
rc=$?
# in-process, files in memory: the two readers apart
[ -x "$BUILD/tools/elf_bench" ] && "$BUILD/tools/elf_bench" "$d"/bin/*
exit $rc
