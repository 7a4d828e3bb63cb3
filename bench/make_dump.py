#!/usr/bin/env python3
"""Builds a realistic ESP32 flash dump for bench_images.sh from the shared
vectors: a Secure Boot V2 signed bootloader (3 RSA blocks), a partition table
at 0xA000 (signed bootloaders outgrow 0x8000), the real NVS partition of the
Wi-Fi-credentials dump, otadata, and as many 1 MiB OTA app slots as fit, each
holding one of four real ESP32 apps (Wi-Fi dump, Tasmota safeboot, ESP-AT,
hello-world), signed here (RSA-3072 PSS, one to three blocks) with the
esptool test keys, then spiffs-like data at the end.
Also writes each app image and the bootloader alone, for the peer tools.

usage: make_dump.py SHARED OUT_DIR SIZE_MIB
"""
import hashlib
import os
import struct
import sys
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils

SHARED, OUT, MIB = sys.argv[1], sys.argv[2], int(sys.argv[3])
VEC = os.path.join(SHARED, "vectors")
KEYS = os.path.join(VEC, "esptool", "secure_images")
SIZE = MIB << 20
TABLE = 0xA000
APPS = 0x20000
SLOT = 0x100000


def key(n):
    path = os.path.join(KEYS, "rsa_secure_boot_signing_key%s.pem" % n)
    return serialization.load_pem_private_key(open(path, "rb").read(), None)


def rsa_block(priv, digest):
    """espsecure generate_rsa_signature_block (version 2)."""
    pub = priv.public_key().public_numbers()
    n, e = pub.n, pub.e
    rinv = (1 << 6144) % n
    mdash = (-pow(n, -1, 1 << 32)) & 0xFFFFFFFF
    sig = priv.sign(digest, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                    utils.Prehashed(hashes.SHA256()))
    blk = (b"\xe7\x02\x00\x00" + digest + n.to_bytes(384, "little") + struct.pack("<I", e) +
           rinv.to_bytes(384, "little") + struct.pack("<I", mdash) + sig[::-1])
    blk += struct.pack("<I", zlib.crc32(blk) & 0xFFFFFFFF) + b"\0" * 16
    assert len(blk) == 1216
    return blk


def sign(image, keys):
    """Pads to 4 KiB with 0xFF and appends the signature sector."""
    image = image + b"\xff" * (-len(image) % 4096)
    digest = hashlib.sha256(image).digest()
    sector = b"".join(rsa_block(k, digest) for k in keys)
    return image + sector + b"\xff" * (4096 - len(sector))


def image_end(data, off):
    """Length of the ESP image at data[off:] (segments, checksum, hash)."""
    nseg, hash_appended = data[off + 1], data[off + 23]
    pos = off + 24
    for _ in range(nseg):
        pos += 8 + struct.unpack_from("<I", data, pos + 4)[0]
    pos += 16 - (pos - off) % 16
    return pos - off + (32 if hash_appended else 0)


def set_flash_size(image, size_mib):
    """Header flash-size nibble, then the appended SHA-256 again."""
    nib = {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}[size_mib]
    img = bytearray(image)
    img[3] = (img[3] & 0x0F) | nib << 4
    if img[23]:
        img[-32:] = hashlib.sha256(bytes(img[:-32])).digest()
    return bytes(img)


def entry(type_, sub, off, size, label):
    return struct.pack("<2sBBLL16sL", b"\xaa\x50", type_, sub, off, size, label.encode(), 0)


def main():
    os.makedirs(OUT, exist_ok=True)
    src = open(os.path.join(VEC, "realworld", "esp32_wifi_creds_2mb_flash_dump.bin"), "rb").read()
    k1, k2, k3 = key(""), key("2"), key("3")

    bl_plain = open(os.path.join(KEYS, "bootloader_unsigned_v2.bin"), "rb").read()
    bl_len = image_end(bl_plain, 0)
    bootloader = sign(set_flash_size(bl_plain[:bl_len], MIB), [k1, k2, k3])
    # Four different real ESP32 apps (so no two slots hold the same bytes
    # until the combinations run out), each signed by one to three keys.
    real = os.path.join(VEC, "realworld")
    tas = open(os.path.join(real, "esp32_tasmota32.factory.bin"), "rb").read()
    at = open(os.path.join(real, "esp32_esp-at_flash_first_2mb.bin"), "rb").read()
    hello = open(os.path.join(KEYS, "hello-world-signed.bin"), "rb").read()
    plains = [src[0x10000:0x10000 + image_end(src, 0x10000)],
              tas[0x10000:0x10000 + image_end(tas, 0x10000)],
              at[0x100000:0x100000 + image_end(at, 0x100000)],
              hello[:image_end(hello, 0)]]
    keysets = [[k1], [k1, k2], [k1, k2, k3]]
    apps = [sign(plains[i % 4], keysets[(i // 4 + i) % 3]) for i in range(12)]

    nslots = min(16, (SIZE - APPS) // SLOT - (1 if SIZE - APPS - ((SIZE - APPS) // SLOT) * SLOT == 0 else 0))
    flash = bytearray(b"\xff" * SIZE)
    flash[0x1000:0x1000 + len(bootloader)] = bootloader
    parts = [entry(1, 2, 0xB000, 0x6000, "nvs"), entry(1, 0, 0x11000, 0x2000, "otadata"),
             entry(1, 1, 0x13000, 0x1000, "phy_init")]
    for i in range(nslots):
        off = APPS + i * SLOT
        parts.append(entry(0, 0x10 + i, off, SLOT, "ota_%d" % i))
        app = apps[i % len(apps)]
        flash[off:off + len(app)] = app
    data_off = APPS + nslots * SLOT
    parts.append(entry(1, 0x82, data_off, SIZE - data_off, "spiffs"))
    table = b"".join(parts)
    table += b"\xeb\xeb" + b"\xff" * 14 + hashlib.md5(table).digest()
    flash[TABLE:TABLE + len(table)] = table
    flash[0xB000:0x11000] = src[0x9000:0xF000]          # the real NVS partition
    otadata = struct.pack("<I", 1) + b"\xff" * 20 + struct.pack("<I", 0xFFFFFFFF)
    otadata += struct.pack("<I", zlib.crc32(struct.pack("<I", 1), 0xFFFFFFFF) & 0xFFFFFFFF)
    flash[0x11000:0x11000 + 32] = otadata
    # spiffs: pseudo-random filler (compressed files look like this)
    seed = hashlib.sha256(b"spiffs").digest()
    filler = bytearray()
    while len(filler) < SIZE - data_off:
        seed = hashlib.sha256(seed).digest()
        filler += seed * 64
    flash[data_off:] = filler[:SIZE - data_off]

    open(os.path.join(OUT, "flash_%dmb.bin" % MIB), "wb").write(flash)
    open(os.path.join(OUT, "bootloader.bin"), "wb").write(bootloader)
    for i in range(nslots):
        open(os.path.join(OUT, "app_%d.bin" % i), "wb").write(apps[i % len(apps)])
    print("%d %d" % (nslots, sum(len(apps[i % len(apps)]) for i in range(nslots)) + len(bootloader)))


main()
