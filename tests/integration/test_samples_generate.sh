#!/bin/sh
# `make samples` is deterministic and the committed dumps are its output:
# the generator is rebuilt here and run on a copy of samples/keys into a
# scratch directory; every dump and the digest file must match byte for byte.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
command -v pkg-config >/dev/null || skip "pkg-config is absent"
cp -r "$S/keys" "$T/keys"
mkdir -p "$T/secure" "$T/insecure" "$T/sbom"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$TOP" \
    $(pkg-config --cflags openssl) "$TOP"/samples/gen/*.c "$TOP/formats/esp_crc32.c" \
    $(pkg-config --libs openssl) -o "$T/mkflash" || fail "mkflash does not build"
"$T/mkflash" "$T/keys" "$T" || fail "mkflash failed"
for f in secure/flash.bin secure/flash-unit2.bin secure/flash-encrypted.bin insecure/flash.bin \
    insecure/flash-unit2.bin sbom/app-mbedtls-3.5.0.bin sbom/app-mbedtls-3.6.4.bin \
    keys/secure_boot_digest.txt keys/nvs_keys_unit1.bin \
    keys/nvs_keys_unit2.bin keys/flash_encryption_key.bin; do
	cmp -s "$T/$f" "$S/$f" || fail "samples/$f differs from the generator's output (run make samples)"
done
# The units differ where they must: their NVS keys and identity partitions.
cmp -s "$S/keys/nvs_keys_unit1.bin" "$S/keys/nvs_keys_unit2.bin" && fail "units share nvs_keys"
[ "$(stat -c %s "$S/secure/flash.bin")" -le 4194304 ] || fail "sample larger than 4 MiB"
# The Secure Boot V2 blocks verify independently (python3-cryptography, the
# layout of esp-formats.md 3.1) and their key digests are the ones listed in
# secure_boot_digest.txt; the insecure ota_1 signer is not among them.
/usr/bin/python3 - "$S" <<'PY' || fail "a sample signature block does not verify"
import hashlib, struct, sys, zlib
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
s = sys.argv[1]
want = {l.split()[0]: l.split()[1] for l in open(s + '/keys/secure_boot_digest.txt') if not l.startswith('#')}
def block(f, off):
    p = off + 24
    for _ in range(f[off + 1]):
        p += 8 + struct.unpack('<I', f[p + 4:p + 8])[0]
    while (p - off) % 16 != 15:
        p += 1
    sec = off + (p + 1 + 32 - off + 4095) // 4096 * 4096
    b = f[sec:sec + 1216]
    if b[0] != 0xE7:
        return None
    assert struct.unpack('<I', b[1196:1200])[0] == zlib.crc32(b[:1196])
    assert b[4:36] == hashlib.sha256(f[off:sec]).digest()
    le = lambda x: int.from_bytes(x, 'little')
    if b[1] == 2:
        key = rsa.RSAPublicNumbers(le(b[420:424]), le(b[36:420])).public_key()
        key.verify(b[812:1196][::-1], b[4:36], padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                   utils.Prehashed(hashes.SHA256()))
        return hashlib.sha256(b[36:812]).hexdigest()
    key = ec.EllipticCurvePublicNumbers(le(b[37:69]), le(b[69:101]), ec.SECP256R1()).public_key()
    key.verify(utils.encode_dss_signature(le(b[101:133]), le(b[133:165])), b[4:36],
               ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    return hashlib.sha256(b[36:101]).hexdigest()
sec = open(s + '/secure/flash.bin', 'rb').read()
assert [block(sec, o) for o in (0, 0x20000, 0x1A0000)] == [want['SECURE_BOOT_DIGEST0']] * 2 + [want['SECURE_BOOT_DIGEST1']]
ins = open(s + '/insecure/flash.bin', 'rb').read()
got = [block(ins, o) for o in (0, 0x20000, 0x1A0000)]
assert got[:2] == [None, None] and got[2] is not None and got[2] not in want.values()
PY

# flash-encrypted.bin is flash.bin as flash encryption writes it: decrypting
# it here (espsecure's AES-XTS scheme: 128-byte units, address tweak, byte
# reversal) gives flash.bin back, and the encrypted regions are not plaintext.
/usr/bin/python3 - "$S" <<'PY' || fail "flash-encrypted.bin does not decrypt to flash.bin"
import sys
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
s = sys.argv[1]
plain = open(s + '/secure/flash.bin', 'rb').read()
enc = bytearray(open(s + '/secure/flash-encrypted.bin', 'rb').read())
key = open(s + '/keys/flash_encryption_key.bin', 'rb').read()
assert enc[0] != 0xE9 and enc[0x8000:0x8002] != b'\xaa\x50'
assert enc[0x9000:0xF000] == plain[0x9000:0xF000]     # NVS is never flash-encrypted
for start, n in ((0x0, 0x8000), (0x8000, 0x1000), (0xF000, 0x2000), (0x12000, 0x1000),
                 (0x20000, 0x180000), (0x1A0000, 0x180000)):
    for a in range(start, start + n, 128):
        if enc[a:a + 128] == b'\xff' * 128:
            continue                                   # never written
        d = Cipher(algorithms.AES(key), modes.XTS(a.to_bytes(4, 'little') + bytes(12))).decryptor()
        enc[a:a + 128] = (d.update(bytes(enc[a:a + 128][::-1])) + d.finalize())[::-1]
assert bytes(enc) == plain
PY
exit 0
