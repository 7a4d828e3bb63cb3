# Memory stays bounded for any input size: a 256 MiB flash dump (the secure
# sample, then a sparse tail) is scanned in under 64 MiB resident, with the
# same findings as the 4 MiB dump and the input's SHA-256 still exact (the
# hash lets go of the pages behind it; util/hashq.c, core/input.h). The same
# for a dump without a partition table, where the table search and the NVS
# page search walk every sector.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "/usr/bin/time is absent"
S=$TOP/samples
[ -f "$S/secure/flash.bin" ] || fail "samples/secure/flash.bin is missing (make samples)"
LIMIT_KB=$((64 * 1024))
# Under ASan its shadow memory and quarantine come on top: the limit then
# holds for what the input adds to a scan of the 4 MiB dump.
if [ "${SAN:-0}" = 1 ]; then
	/usr/bin/time -f '%M' -o "$T/time" "$FWAUDIT" scan --facts-only "$S/secure/flash.bin" -o /dev/null 2>/dev/null
	LIMIT_KB=$((LIMIT_KB + $(tail -1 "$T/time")))
fi

# peak_kb OUT CMD...: runs CMD, sets RC and KB (peak resident set, KiB).
peak_kb() {
	out=$1; shift
	/usr/bin/time -f '%M' -o "$T/time" "$@" >"$out" 2>"$T/err"
	RC=$?
	KB=$(tail -1 "$T/time")
}

cp "$S/secure/flash.bin" "$T/big.bin"
truncate -s 256M "$T/big.bin"
peak_kb "$T/big.json" "$FWAUDIT" scan --kind esp-flash "$T/big.bin" --format json -o "$T/big.json"
[ $RC = 1 ] || fail "big dump: exit $RC: $(cat "$T/err")"
[ "$KB" -lt $LIMIT_KB ] || fail "256 MiB dump: peak resident $KB KiB, limit $LIMIT_KB"
"$FWAUDIT" scan "$S/secure/flash.bin" --format json -o "$T/small.json" 2>/dev/null
/usr/bin/python3 - "$T/big.json" "$T/small.json" "$T/big.bin" <<'PY' || fail "big dump differs from the 4 MiB one"
import hashlib, json, sys
big, small = (json.load(open(p)) for p in sys.argv[1:3])
h = hashlib.sha256()
with open(sys.argv[3], 'rb') as f:
    for b in iter(lambda: f.read(8 << 20), b''):
        h.update(b)
assert big['inputs'][0]['sha256'] == h.hexdigest(), big['inputs'][0]['sha256']
v = lambda d: {r['id']: r['verdict'] for r in d['rules']}
assert v(big) == v(small), set(v(big).items()) ^ set(v(small).items())
assert len(big['facts']['esp.images']['value']) == len(small['facts']['esp.images']['value'])
PY

# No partition table (0x8000 erased): the search walks every sector (128 MiB:
# twice the limit, and a sector-by-sector walk of a sparse file is slow).
cp "$S/insecure/flash.bin" "$T/notable.bin"
head -c 3072 /dev/zero | tr '\0' '\377' | dd of="$T/notable.bin" bs=1 seek=32768 conv=notrunc 2>/dev/null
truncate -s 128M "$T/notable.bin"
peak_kb "$T/nt.json" "$FWAUDIT" scan --kind esp-flash --facts-only "$T/notable.bin" -o "$T/nt.json"
[ $RC = 0 ] || fail "dump without a table: exit $RC: $(cat "$T/err")"
[ "$KB" -lt $LIMIT_KB ] || fail "128 MiB dump without a table: peak resident $KB KiB, limit $LIMIT_KB"
jcheck "$T/nt.json" 'd["facts"]["esp.dump"]["value"]["partition_table_offset"] is None'

# Every other kind has a largest size: a 1 GiB file forced or detected as
# one is exit 2 naming its size, before its bytes are read (a text parser
# or an NVS walk would touch every page).
truncate -s 1G "$T/huge.bin"
printf 'CONFIG_IDF_TARGET="esp32"\n' | dd of="$T/huge.bin" conv=notrunc 2>/dev/null
for k in sdkconfig efuse-json efuse-dump efuse-bin nvs esp-secure-cert esp-app \
    esp-bootloader esp-partition-table esp-otadata; do
	peak_kb "$T/k.out" "$FWAUDIT" scan --kind "$k" "$T/huge.bin" --facts-only -o "$T/k.json"
	[ $RC = 2 ] || fail "--kind $k on 1 GiB: exit $RC: $(cat "$T/err")"
	grep -q "huge.bin: 1073741824 bytes is too large for" "$T/err" || fail "--kind $k: $(cat "$T/err")"
	[ "$KB" -lt $LIMIT_KB ] || fail "--kind $k on 1 GiB: peak resident $KB KiB"
done
peak_kb "$T/k.out" "$FWAUDIT" scan "$T/huge.bin" --facts-only -o "$T/k.json"
[ $RC = 2 ] || fail "1 GiB sdkconfig-like file: exit $RC"
[ "$KB" -lt $LIMIT_KB ] || fail "1 GiB undetected: peak resident $KB KiB"
exit 0
