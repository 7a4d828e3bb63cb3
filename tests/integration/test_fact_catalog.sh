# Every fact the collectors emit on real inputs is documented in the catalogue
# (rules/facts/*.yaml, rendered as docs/facts.md), so users can write rules on it.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
inputs="$S/secure/sdkconfig $S/insecure/sdkconfig $S/secure/efuse.json $S/insecure/efuse.json"
for f in "$S"/*/flash*.bin; do [ -f "$f" ] && inputs="$inputs $f"; done
if [ -d "$SHARED/vectors" ]; then
	for f in "$SHARED"/vectors/efuse/*.json "$SHARED"/vectors/realworld/*.bin "$SHARED"/vectors/esptool/images/*.bin; do
		[ -f "$f" ] && inputs="$inputs $f"
	done
fi
n=0
for f in $inputs; do
	# inputs no collector claims are someone else's test; here only documented names matter
	"$FWAUDIT" scan --facts-only "$f" --declarations "$S/vendor.yaml" -o "$T/f$n.json" 2>/dev/null || continue
	n=$((n + 1))
done
[ $n -ge 4 ] || fail "only $n inputs could be scanned"
"$FWAUDIT" rules facts > "$T/catalog.md"
/usr/bin/python3 - "$T" "$n" <<'PY' || fail "facts missing from the catalogue (see above)"
import json, re, sys
t, n = sys.argv[1], int(sys.argv[2])
names = re.findall(r'^\| `([^`]+)` \|', open(t + '/catalog.md').read(), re.M)
def known(f):
    if f.startswith('declared.'):
        return True
    for c in names:
        if c.endswith('*'):
            if f.startswith(c[:-1]):
                return True
        elif f == c or f.startswith(c + '.'):
            return True
    return False
missing = set()
for i in range(n):
    for f in json.load(open('%s/f%d.json' % (t, i)))['facts']:
        if not known(f):
            missing.add(f)
for f in sorted(missing):
    print('undocumented fact:', f)
sys.exit(1 if missing else 0)
PY
exit 0
