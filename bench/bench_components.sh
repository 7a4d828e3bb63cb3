# Component identification (docs/sbom.md) on the 16 MiB dump of
# bench_images.sh: the scan with the shipped catalogue against the same
# binary with the catalogue and release table taken away (only the app and
# bootloader descriptors then), interleaved runs, medians of wall and CPU
# time. Target: identification adds at most 5 ms. Also what an SBOM costs on
# top (--format cyclonedx: SHA-512 of every distinct image, the writer), and
# what --vulndb adds to the JSON report (docs/vulndb.md): the database of the
# real records in ../shared/vectors/cve, or VULNDB=PATH (e.g. the 250,000
# record one bench_vulndb.sh imports) when given.
set -u
: "${FWAUDIT:?}"
N=${N:-21}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -d "$SHARED/vectors" ] || { echo "  skip: $SHARED/vectors is absent"; exit 0; }
/usr/bin/python3 -c "import cryptography" 2>/dev/null ||
	{ echo "  skip: python3-cryptography is needed to sign the bench images"; exit 0; }
/usr/bin/python3 "$TOP/bench/make_dump.py" "$SHARED" "$out/d" 16 >/dev/null || exit 1
dump=$out/d/flash_16mb.bin
mkdir -p "$out/rules" && cp -r "$TOP/rules/"* "$out/rules/"
rm -f "$out/rules/data/components.yaml" "$out/rules/data/esp-idf-releases.yaml"
db=${VULNDB:-$out/v.sqlite}
[ -n "${VULNDB:-}" ] || "$FWAUDIT" vulndb import --vulndb "$db" "$SHARED/vectors/cve" >/dev/null || exit 1

/usr/bin/python3 - "$N" "$FWAUDIT" "$dump" "$out" "$TOP/rules" "$db" <<'PY'
import os, resource, statistics, subprocess, sys, time
n, fw, dump, out, rules, db = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
def run(env_rules, args):
    env = dict(os.environ, FWAUDIT_RULES=env_rules)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([fw, "scan", dump] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - t) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000
    return wall, cpu
cases = {
    "without catalogue, --facts-only": (out + "/rules", ["--facts-only", "-o", out + "/a.json"]),
    "with catalogue, --facts-only": (rules, ["--facts-only", "-o", out + "/b.json"]),
    "with catalogue, --format json": (rules, ["--format", "json", "-o", out + "/c.json"]),
    "with catalogue, --format cyclonedx": (rules, ["--format", "cyclonedx", "-o", out + "/d.json"]),
    "with catalogue, --format json --vulndb": (rules, ["--format", "json", "-o", out + "/e.json",
                                                       "--vulndb", db]),
}
res = {k: ([], []) for k in cases}
for i in range(n):
    for k in (list(cases) if i % 2 == 0 else list(reversed(list(cases)))):
        w, c = run(*cases[k])
        res[k][0].append(w); res[k][1].append(c)
med = {k: (statistics.median(v[0]), statistics.median(v[1])) for k, v in res.items()}
for k, (w, c) in med.items():
    print("    %-40s wall median %6.1f ms  cpu median %6.1f ms" % (k, w, c))
a, b = med["without catalogue, --facts-only"], med["with catalogue, --facts-only"]
dw, dc = b[0] - a[0], b[1] - a[1]
print("    identification adds: wall %+.1f ms, cpu %+.1f ms (target <= 5 ms)" % (dw, dc))
s = med["with catalogue, --format cyclonedx"][1] - med["with catalogue, --format json"][1]
print("    an SBOM instead of the JSON report: cpu %+.1f ms (SHA-512 of each distinct image)" % s)
v = [x - y for x, y in zip(med["with catalogue, --format json --vulndb"], med["with catalogue, --format json"])]
print("    --vulndb on top of the JSON report: wall %+.1f ms, cpu %+.1f ms" % (v[0], v[1]))
if min(dw, dc) > 5:
    print("    OVER TARGET")
    sys.exit(1)
PY
