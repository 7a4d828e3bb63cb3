# Foundation: a whole-process scan of an eFuse summary + sdkconfig with every
# rule, both profiles and the JSON report. Target < 20 ms. Side by side: the
# process floor (/bin/true) and the floor of any Python peer (espefuse and
# esptool are Python): starting python3 and loading the same JSON.
# Min and median of N runs, interleaved so machine drift hits all alike.
set -u
: "${FWAUDIT:?}"
S=$TOP/samples
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 - "${N:-60}" "$FWAUDIT" "$S" "$out" <<'PY'
import subprocess, sys, time
n, fw, s, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
cmds = {
    "fwaudit": [fw, "scan", s + "/secure/sdkconfig", s + "/secure/efuse.json",
                "--declarations", s + "/vendor.yaml", "--profile", "etsi-en-303-645",
                "--profile", "pswg", "--format", "json", "-o", out + "/r.json"],
    "floor": ["/bin/true"],
    "python": ["/usr/bin/python3", "-c", "import json; json.load(open('%s/secure/efuse.json'))" % s],
}
t = {k: [] for k in cmds}
for _ in range(n):
    for k, c in cmds.items():
        a = time.perf_counter()
        r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t[k].append((time.perf_counter() - a) * 1000)
        if k == "fwaudit" and r.returncode != 0:
            sys.exit("fwaudit exited %d" % r.returncode)
st = {k: (sorted(v)[0], sorted(v)[len(v) // 2]) for k, v in t.items()}
print("  fwaudit scan sdkconfig+efuse, all rules, 2 profiles, JSON: min %5.1f ms  median %5.1f ms  (target < 20 ms)" % st["fwaudit"])
print("  process floor (/bin/true):                                min %5.1f ms  median %5.1f ms" % st["floor"])
print("  python3 start + json.load of the eFuse summary:           min %5.1f ms  median %5.1f ms  (a Python peer's floor: %.1fx fwaudit's median)"
      % (st["python"] + (st["python"][1] / st["fwaudit"][1],)))
if st["fwaudit"][0] >= 20:
    print("  OVER TARGET")
    sys.exit(1)
PY
