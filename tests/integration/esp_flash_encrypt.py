#!/usr/bin/env python3
"""Flash-encrypts a plaintext ESP flash dump as a chip with flash encryption
writes it, for the --flash-key tests: espsecure's encrypt_flash_data
(esptool's espsecure/__init__.py: ESP32 AES-256 with the address key tweak
and FLASH_CRYPT_CONF; XTS-AES over 128-byte units) written again with
python3-cryptography, because esptool is not packaged for this Debian. It
checks itself first against ciphertexts espsecure itself produced (esptool
bb72741, on the data below: the same known answers as
tests/unit/test_flash_crypt.c) and refuses to run if any differs.

What is encrypted: everything before the end of the partition table sector,
every app partition, otadata, nvs_keys and partitions flagged encrypted (not
NVS), each up to its last written (non-0xFF) byte: erased flash stays 0xFF.

usage: esp_flash_encrypt.py PLAIN OUT KEYFILE (esp32|xts) [CONF] [TABLE_OFFSET]
"""
import hashlib
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MUL1 = 0x0000200004000080000004000080001000000200004000080000040000800010
MUL2 = 0x0000000000000000200000000000000010000000000000002000000000000001
MUL2_MASK = 0x000000000000007FE00000000000000FF000000000000007E00000000000000F
RANGES = [0xFFFFFFFFFFFFFFFFE00000000000000000000000000000000000000000000000,
          0x00000000000000001FFFFFFFFFFFFFFFF0000000000000000000000000000000,
          0x000000000000000000000000000000000FFFFFFFFFFFFFFFE000000000000000,
          0x0000000000000000000000000000000000000000000000001FFFFFFFFFFFFFFF]


def load_key(raw, xts):
    if len(raw) == 16:
        return hashlib.sha256(raw).digest()
    if len(raw) == 24:
        return raw + raw[8:16]
    return raw


def esp32_encrypt(key, addr, data, conf=0xF):
    rng = 0
    for i in range(4):
        if conf & (1 << i):
            rng |= RANGES[i]
    k = int.from_bytes(key, "big")
    out = bytearray()
    for o in range(0, len(data), 16):
        a = (addr + o) >> 5
        tk = (k ^ (((MUL1 * a) | ((MUL2 * a) & MUL2_MASK)) & rng)).to_bytes(32, "big")
        # flash encryption is the AES inverse direction (espsecure)
        dec = Cipher(algorithms.AES(tk), modes.ECB()).decryptor()
        out += dec.update(bytes(data[o:o + 16])[::-1])[::-1]
    return bytes(out)


def xts_encrypt(key, addr, data):
    assert addr % 128 == 0 and len(data) % 128 == 0
    out = bytearray()
    for o in range(0, len(data), 128):
        tweak = struct.pack("<I", addr + o) + bytes(12)
        enc = Cipher(algorithms.AES(key), modes.XTS(tweak)).encryptor()
        out += enc.update(bytes(data[o:o + 128])[::-1])[::-1]
    return bytes(out)


def self_check():
    pt = bytes((i * 13 + 5) & 0xFF for i in range(256))
    k16, k24, k32 = bytes(range(100, 116)), bytes(range(50, 74)), bytes(range(32))
    k64 = bytes((i * 7 + 3) & 0xFF for i in range(64))
    want = [
        (esp32_encrypt(load_key(k32, 0), 0x1000, pt),
         "b3982076db273d0ad90cdf948b52e28cb5448a62476f2f0d490c18e7251ca36b"),
        (esp32_encrypt(load_key(k32, 0), 0x7fe0, pt, 0x3),
         "0600c2f25bddbb794dfd5ff037d9620814907461059dea81237be3a9e1aaa194"),
        (esp32_encrypt(load_key(k24, 0), 0x123460, pt),
         "c57d2b1514b163a31d75e7a55ef8e6ac8e8191a19d175373440ff165b1b03840"),
        (xts_encrypt(load_key(k16, 1), 0x2000, pt),
         "3085f8ab34d55b9d98cabce2bc648c3adff6d6a3542d56428a3c4272ce8d7091"),
        (xts_encrypt(load_key(k64, 1), 0x3f0000, pt),
         "c0fc1e15576d4770de19a55505b12c1044f2d90e1d835ec241e1788ee592c322"),
    ]
    for got, digest in want:
        if hashlib.sha256(got).hexdigest() != digest:
            sys.exit("esp_flash_encrypt.py: differs from espsecure's known answer")


def regions(flash, table_off):
    yield 0, table_off + 0x1000
    for o in range(table_off, table_off + 0xC00, 32):
        magic, ptype, sub, off, size, flags = struct.unpack_from("<HBBII16xI", flash, o)
        if magic != 0x50AA:
            break
        if ptype == 0 or (flags & 1) or (ptype == 1 and sub in (0x00, 0x04)):
            if not (ptype == 1 and sub == 0x02):
                yield off, size


def main():
    plain, out, keyfile, scheme = sys.argv[1:5]
    conf = int(sys.argv[5], 0) if len(sys.argv) > 5 else 0xF
    table_off = int(sys.argv[6], 0) if len(sys.argv) > 6 else 0x8000
    self_check()
    flash = bytearray(open(plain, "rb").read())
    key = load_key(open(keyfile, "rb").read(), scheme == "xts")
    for off, size in list(regions(flash, table_off)):
        end = min(off + size, len(flash))
        while end > off and flash[end - 1] == 0xFF:
            end -= 1
        end = min(off + size, len(flash), off + (end - off + 127) // 128 * 128)
        if end <= off:
            continue
        data = flash[off:end]
        flash[off:end] = (esp32_encrypt(key, off, data, conf) if scheme == "esp32"
                          else xts_encrypt(key, off, data))
    open(out, "wb").write(flash)


main()
