"""Minimal NVS page writer for integration tests (esp-formats.md 5.1-5.2),
independent of fwaudit's parser and of samples/gen: pages of 126 entries,
IDF CRC32 = zlib.crc32(data, 0xFFFFFFFF)."""
import struct
import zlib


def crc(b):
    return zlib.crc32(b, 0xFFFFFFFF)


class Page:
    def __init__(self, seq=1, state=0xFFFFFFFE):
        self.b = bytearray(b'\xff' * 4096)
        hdr = struct.pack('<II', state, seq) + bytes([0xFE]) + b'\xff' * 19
        self.b[0:28] = hdr
        self.b[28:32] = struct.pack('<I', crc(hdr[4:28]))
        self.slot = 0

    def item(self, ns, typ, key, data8, payload=b'', chunk=0xFF, span=None):
        span = span or 1 + (len(payload) + 31) // 32
        e = bytearray([ns, typ, span, chunk]) + b'\0' * 4 + key.encode().ljust(16, b'\0') + data8
        e[4:8] = struct.pack('<I', crc(bytes(e[0:4] + e[8:32])))
        off = 64 + 32 * self.slot
        self.b[off:off + 32] = e
        self.b[off + 32:off + 32 + len(payload)] = payload
        for i in range(self.slot, min(self.slot + span, 126)):
            self.b[32 + i // 4] &= ~(1 << ((i % 4) * 2)) & 0xFF
        self.slot += span
        return off

    def room(self, entries):
        return self.slot + entries <= 126

    def ns(self, name, idx):
        self.item(0, 0x01, name, bytes([idx]) + b'\xff' * 7)

    def blob(self, n, key, v, chunk=0, count=1, start=0, total=None):
        self.item(n, 0x42, key, struct.pack('<HHI', len(v), 0xFFFF, crc(v)), v, chunk=chunk)
        self.blob_idx(n, key, len(v) if total is None else total, count, start)

    def blob_idx(self, n, key, total, count, start):
        self.item(n, 0x48, key, struct.pack('<IBBH', total, count, start, 0xFFFF))

    def string(self, n, key, v):
        v = v + b'\0'
        return self.item(n, 0x21, key, struct.pack('<HHI', len(v), 0xFFFF, crc(v)), v)
