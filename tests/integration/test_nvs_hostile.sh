#!/bin/sh
# Damaged and hostile NVS partitions through the real binary: damage is
# reported as facts with offsets (exit 0/1, never a crash), reports stay
# bounded, and a blob whose chunk range overflows or whose chunks are missing
# yields a problem, not a value. Partitions come from tests/integration/nvs_page.py.
. "$(dirname "$0")/lib.sh"

PYTHONPATH=$(dirname "$0") /usr/bin/python3 - "$T" <<'PY' || fail "NVS writer"
import struct, sys
from nvs_page import Page
t = sys.argv[1]
p = Page(seq=1)
p.ns('app', 1)
p.blob_idx(1, 'wrapped', 10, 10, 250)          # chunks 250..259: past 255
p.blob(1, 'half', b'abc', count=2)             # chunk 2 of 2 missing
bad = p.string(1, 'passwd', b'secret1')
p.b[bad + 24] ^= 0x01                          # size changed: entry CRC fails
q = Page(seq=2)
q.b[5] ^= 0xFF                                 # header CRC mismatch
open(t + '/damaged.bin', 'wb').write(bytes(p.b) + bytes(q.b))

# A span running past the page end, with the bitmap marking every slot it
# claims as written: each following (blank) slot is read as a bad entry.
s = Page(seq=1)
s.ns('app', 1)
s.item(1, 0x21, 'longspan', b'\0' * 8, span=127)   # slot 1 + 127 > 126
open(t + '/span.bin', 'wb').write(bytes(s.b))

# 1100 passwords: more than a report lists (1000 per partition).
pages, n = [], 0
while n < 1100:
    pg = Page(seq=len(pages) + 1, state=0xFFFFFFFC)
    if not pages:
        pg.ns('cfg', 1)
    while pg.room(2) and n < 1100:
        pg.string(1, 'pass%d' % n, b'pw%05d' % n)
        n += 1
    pages.append(bytes(pg.b))
open(t + '/many.bin', 'wb').write(b''.join(pages))
PY

expect_exit 0 "$FWAUDIT" scan --kind nvs --facts-only "$T/damaged.bin" -o "$T/d.json"
jcheck "$T/d.json" "d['facts']['nvs.partitions']['value'][0]['pages_valid'] == 1 and d['facts']['nvs.partitions']['value'][0]['pages_bad'] == 1"
# The bad string's payload entry is then read as an entry too: its CRC fails.
jcheck "$T/d.json" "[(x['offset'], x['problem']) for x in d['facts']['nvs.partitions']['value'][0]['problems']] == [(0x1000, 'page header CRC32 mismatch'), (0xE0, 'entry CRC32 mismatch'), (0x100, 'entry CRC32 mismatch'), (0x60, \"NVS blob 'wrapped': chunks 250..259 overflow the 8-bit chunk index\"), (0xC0, \"NVS blob 'half': chunk 2 of 2 is missing\")]"
jcheck "$T/d.json" "d['facts']['nvs.credentials']['value'] == []"
jcheck "$T/d.json" "any('first at 0x1000: page header CRC32 mismatch' in w for w in d['warnings'])"

expect_exit 0 "$FWAUDIT" scan --kind nvs --facts-only "$T/span.bin" -o "$T/s.json"
jcheck "$T/s.json" "d['facts']['nvs.partitions']['value'][0]['problems'][0] == {'offset': 0x60, 'problem': 'span is 0 or runs past the end of the page'}"
jcheck "$T/s.json" "len(d['facts']['nvs.partitions']['value'][0]['problems']) == 100 and d['facts']['nvs.partitions']['value'][0]['problems_not_listed'] == 125 - 100"

expect_exit 1 "$FWAUDIT" scan --kind nvs "$T/many.bin" --format json -o "$T/m.json"
jcheck "$T/m.json" "len(d['facts']['nvs.credentials']['value']) == 1000"
jcheck "$T/m.json" "d['facts']['nvs.partitions']['value'][0]['credentials_not_listed'] == 100"
jcheck "$T/m.json" "d['facts']['nvs.partitions']['value'][0]['items'] == 1101"

# Random bytes of NVS size are not NVS, plain or encrypted (NVS encryption
# keeps page headers in plaintext): not detected, and forced as NVS they are
# unusable input (exit 2), never four passes as "encrypted".
head -c 16384 /dev/urandom >"$T/rand.bin"
"$FWAUDIT" scan --facts-only "$T/rand.bin" >"$T/out" 2>"$T/err" && fail "random bytes were recognised"
expect_exit 2 "$FWAUDIT" scan --kind nvs "$T/rand.bin" --format json -o "$T/r.json"
contains "$T/err" "rand.bin: offset 0x0: not an NVS partition: none of its 4 pages has a valid NVS page header"
[ ! -s "$T/r.json" ] || fail "a report was written for bytes that are not NVS"
# Erased bytes are an empty NVS partition: nothing to read, encryption unknown.
head -c 8192 /dev/zero | tr '\0' '\377' >"$T/erased.bin"
expect_exit 0 "$FWAUDIT" scan --kind nvs "$T/erased.bin" --format json -o "$T/e.json"
jcheck "$T/e.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-NVS-ENCRYPTED'] == ['not_tested']"

# Valid page headers over random entries: encrypted NVS, or damage. Alone,
# nothing shows NVS encryption is on: all four NVS rules not_tested, with a
# warning; with an sdkconfig that enables it (or an nvs_keys partition, or an
# HMAC_UP eFuse key) it is encrypted and they pass.
PYTHONPATH=$(dirname "$0") /usr/bin/python3 - "$T" <<'PY' || fail "NVS writer"
import os, sys
from nvs_page import Page
p = Page(seq=1)
for i in range(126):                   # every slot written, random content
    p.b[32 + i // 4] &= ~(1 << ((i % 4) * 2)) & 0xFF
p.b[64:] = os.urandom(4096 - 64)
open(sys.argv[1] + '/cipher.bin', 'wb').write(bytes(p.b) + b'\xff' * 4096)
PY
expect_exit 0 "$FWAUDIT" scan --kind nvs "$T/cipher.bin" --format json -o "$T/c.json"
for id in ESP-NVS-WIFI-PLAINTEXT ESP-NVS-KEY-PLAINTEXT ESP-NVS-PASSWORD-PLAINTEXT ESP-NVS-ENCRYPTED; do
	jcheck "$T/c.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['not_tested']"
done
jcheck "$T/c.json" "d['facts']['nvs.partitions']['value'][0]['entries_look_encrypted'] is True and d['facts']['nvs.partitions']['value'][0].get('encrypted') is None"
jcheck "$T/c.json" "any('no input shows NVS encryption is on' in w for w in d['warnings'])"
printf 'CONFIG_IDF_TARGET="esp32c3"\nCONFIG_NVS_ENCRYPTION=y\n' >"$T/sdkconfig"
# (exit 0: a two-line excerpt of an sdkconfig leaves its other rules not_tested)
expect_exit 0 "$FWAUDIT" scan "$T/cipher.bin" "$T/sdkconfig" --format json -o "$T/c2.json"
jcheck "$T/c2.json" "d['inputs'][0]['kind'] == 'nvs' and d['inputs'][1]['kind'] == 'sdkconfig'"
for id in ESP-NVS-WIFI-PLAINTEXT ESP-NVS-KEY-PLAINTEXT ESP-NVS-PASSWORD-PLAINTEXT ESP-NVS-ENCRYPTED; do
	jcheck "$T/c2.json" "[r['verdict'] for r in d['rules'] if r['id'] == '$id'] == ['pass']"
done
jcheck "$T/c2.json" "'CONFIG_NVS_ENCRYPTION=y' in d['facts']['nvs.partitions']['value'][0]['encryption_evidence']"
exit 0
