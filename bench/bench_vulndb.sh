#!/bin/sh
# The vulnerability database (docs/vulndb.md): importing 250,000 CVE JSON 5
# records cloned from the real ones in ../shared/vectors/cve
# (bench/make_vulndb_feed.py: new IDs, products spread over 20,000 names,
# cvelistV5 layout; generated once into $BUILD/bench and kept), then matching
# 200 components (the 8 real ones and 192 of the cloned products) against
# that database. Targets: import < 60 s, 200 matches < 50 ms. Side by side:
# reading and JSON-parsing the same files in Python, the floor of any
# importer written in it.
set -u
: "${FWAUDIT:?}" "${BUILD:?}"
N=${VULNDB_RECORDS:-250000}
CVE=$SHARED/vectors/cve
[ -d "$CVE" ] || { echo "  skip: $CVE is absent"; exit 0; }
[ -x "$BUILD/tools/vulndb_bench" ] || { echo "  skip: $BUILD/tools/vulndb_bench is not built"; exit 0; }
feed=$BUILD/bench/vulndb-feed-$N
if [ ! -f "$feed/.complete" ]; then
	echo "  generating $N records into $feed (once)"
	rm -rf "$feed"
	/usr/bin/python3 "$TOP/bench/make_vulndb_feed.py" "$CVE" "$feed" "$N" 20000 &&
		touch "$feed/.complete" || { echo "  generating the feed failed"; exit 1; }
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0

# wall time of the whole command (process start, the walk, the commit)
/usr/bin/python3 - "$FWAUDIT" "$out/v.sqlite" "$feed" >"$out/import" <<'PY' || { cat "$out/import"; echo "  import failed"; exit 1; }
import os, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run([sys.argv[1], "vulndb", "import", "--vulndb", sys.argv[2], sys.argv[3]],
                   capture_output=True, text=True)
print(r.stdout.strip(), r.stderr.strip())
print("wall %.1f" % (time.perf_counter() - t))
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("cpu %.1f s (user %.1f + sys %.1f), load average %.1f"
      % (ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, os.getloadavg()[0]))
sys.exit(r.returncode)
PY
secs=$(sed -n 's/^wall //p' "$out/import")
echo "  import of $N records: $(grep -o 'imported [0-9]* records' "$out/import"), wall ${secs} s, database $(du -m "$out/v.sqlite" | cut -f1) MiB  (target < 60 s)"
echo "    $(sed -n 's/^cpu /CPU time /p' "$out/import") (the wall time on a machine others share grows with their load)"
awk -v s="$secs" 'BEGIN { exit !(s < 60) }' || { echo "  OVER TARGET"; rc=1; }
/usr/bin/python3 - "$feed" <<'PY'
import json, os, sys, time
t = time.perf_counter(); n = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(".json"):
            with open(os.path.join(d, f), "rb") as fp:
                json.load(fp)
            n += 1
print("  python3 os.walk + json.load of the same %d files: %.1f s (no store, no matching)"
      % (n, time.perf_counter() - t))
PY

/usr/bin/python3 - >"$out/components" <<'PY'
print("espressif:esp-idf 5.1.5\nmbedtls 3.6.0\nopenssl:openssl 3.0.12\nbusybox:busybox 1.33.1\n"
      "zephyrproject-rtos:zephyr 3.4.0\nlwip 2.1.2\nfreertos 10.0.1\ndropbear 2016.72")
for i in range(192):
    p = (i * 97) % 20000
    print("vendor%d:prod%d 5.1.%d" % (p, p, i % 9))
PY
"$BUILD/tools/vulndb_bench" "$out/v.sqlite" "$out/components" 20 >"$out/match" || { cat "$out/match"; exit 1; }
echo "  match: $(cat "$out/match")  (target < 50 ms)"
best=$(grep -o 'best [0-9.]*' "$out/match" | cut -d' ' -f2)
awk -v s="$best" 'BEGIN { exit !(s < 50) }' || { echo "  OVER TARGET"; rc=1; }
exit $rc
