#!/usr/bin/env python3
"""Writes a minimal ESP32 app image (esp-formats: esp_image_header_t, an
esp_app_desc_t at the start of the DROM segment, XOR checksum, appended
SHA-256) whose read-only data holds the given strings, for the component
tests: what the tool must find is put there by this script, independently
of the tool.

usage: esp_app_image.py OUT [--project P] [--version V] [--idf IDF_VER]
                        [--string TEXT]... [--no-desc]
Prints, per --string, "OFFSET TEXT": where the string starts in OUT.
"""
import argparse
import hashlib
import struct

DROM = 0x3F400020   # ESP32 DROM mapping; the descriptor is the first thing in it
IRAM = 0x40080000


def app_desc(project, version, idf):
    d = struct.pack("<II8x", 0xABCD5432, 0)
    d += version.encode()[:31].ljust(32, b"\0")
    d += project.encode()[:31].ljust(32, b"\0")
    d += b"12:00:00".ljust(16, b"\0") + b"Jan  1 2025".ljust(16, b"\0")
    d += idf.encode()[:31].ljust(32, b"\0")
    d += hashlib.sha256(project.encode()).digest()
    d += struct.pack("<HHB", 0, 99, 16)
    return d.ljust(256, b"\0")


def build(project, version, idf, strings, desc=True):
    drom = bytearray(app_desc(project, version, idf) if desc else b"\0" * 256)
    offsets = []
    for s in strings:
        offsets.append(len(drom))
        drom += s.encode() + b"\0"
    drom += b"\0" * (-len(drom) % 4)
    iram = b"\x00" * 64
    hdr = struct.pack("<BBBBIB3sHBHH4sB", 0xE9, 2, 2, 0x20, IRAM, 0xEE, b"\0\0\0",
                      0, 0, 0, 99, b"\0" * 4, 1)
    img = bytearray(hdr)
    segs = []
    for addr, data in ((DROM, bytes(drom)), (IRAM, iram)):
        img += struct.pack("<II", addr, len(data))
        segs.append(len(img))
        img += data
    base = segs[0]
    chk = 0xEF
    for off, data in zip(segs, (drom, iram)):
        for b in data:
            chk ^= b
    img += b"\0" * (15 - len(img) % 16)
    img.append(chk)
    img += hashlib.sha256(img).digest()
    return bytes(img), [base + o for o in offsets]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--project", default="sbom-test")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--idf", default="v5.2.1")
    ap.add_argument("--string", action="append", default=[])
    ap.add_argument("--no-desc", action="store_true")
    a = ap.parse_args()
    img, offs = build(a.project, a.version, a.idf, a.string, not a.no_desc)
    open(a.out, "wb").write(img)
    for o, s in zip(offs, a.string):
        print(o, s)


if __name__ == "__main__":
    main()
