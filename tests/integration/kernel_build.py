"""Builds kernel-like blobs wrapped in a U-Boot legacy uImage for the kernel
tests: a `Linux version` banner, command line strings and a CONFIG_IKCONFIG
block (IKCFG_ST + gzip of a .config + IKCFG_ED) between filler bytes, the
whole compressed as the header says, then a root file system (a SquashFS
image given) after it. Prints what was placed where as JSON, so the test
compares fwaudit's offsets with the builder's own.

Usage: kernel_build.py OUT SQUASHFS SPEC.json
SPEC: {"release", "cmdlines": [...], "config": TEXT or null, "comp": none|gzip|lzma|zimage,
"size_delta": N (added to the header's size field), "cut": true (the
compressed stream cut in half, the header's size saying so), "bomb_mib": N (the kernel is N MiB of zeros after the
banner), "env": {"bootargs", "size", "big", "redundant", "bad_crc"} (a U-Boot
environment block after the kernel)}"""
import gzip, json, lzma, random, struct, sys, zlib

out, sqfs, spec = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
# 16 KiB that compresses about as little as code does
fill = random.Random(1).randbytes(16384)

kernel = bytearray(fill)
placed = {}
banner = ("Linux version %s (builder@test) (gcc version 10.2.1) #1 SMP PREEMPT\n" %
          spec["release"]).encode()
placed["banner"] = len(kernel)
kernel += banner + b"\0" + fill
placed["cmdlines"] = []
for c in spec.get("cmdlines", []):
    placed["cmdlines"].append(len(kernel))
    kernel += c.encode() + b"\0" + fill
# Strings a kernel holds that are not a command line: format strings, a
# lone parameter in a message.
kernel += b"root=%s\0Please append a correct \"root=\" boot option\0console=\0" + fill
if spec.get("config") is not None:
    placed["ikcfg_st"] = len(kernel)
    kernel += b"IKCFG_ST" + gzip.compress(spec["config"].encode(), mtime=0) + b"IKCFG_ED"
    kernel += fill
if spec.get("bomb_mib"):
    kernel += bytes(spec["bomb_mib"] << 20)

comp = spec.get("comp", "gzip")
if comp == "gzip":
    data, ctype = gzip.compress(bytes(kernel), mtime=0), 1
elif comp == "lzma":
    data, ctype = lzma.compress(bytes(kernel), format=lzma.FORMAT_ALONE), 3
elif comp == "zimage":
    # an ARM zImage: decompressor code, the gzip piggy, its size; the uImage
    # says "none"
    placed["piggy"] = 64 + 2048
    data = random.Random(2).randbytes(2048) + gzip.compress(bytes(kernel), mtime=0)
    data, ctype = data + struct.pack("<I", len(kernel)), 0
else:
    data, ctype = bytes(kernel), 0
data = data[:len(data) // 2] if spec.get("cut") else data
size = len(data) + spec.get("size_delta", 0)
name = b"Linux-%s" % spec["release"].encode()
hdr = struct.pack(">IIIIIIIBBBB32s", 0x27051956, 0, 1700000000, size, 0x80000000,
                  0x80000000, zlib.crc32(data) & 0xffffffff, 5, 5, 2, ctype, name[:32])
hdr = hdr[:4] + struct.pack(">I", zlib.crc32(hdr) & 0xffffffff) + hdr[8:]
image = hdr + data
image += b"\xff" * (-len(image) % 4096)    # flash erase fill up to the rootfs
env = spec.get("env")
if env:
    # U-Boot's env_t: CRC32 of the data, a flag byte when redundant, the
    # variables, zeros to the block's end (as saveenv writes them)
    body = b"".join(b"%s=%s\0" % (k.encode(), v.encode()) for k, v in
                    [("baudrate", "115200"), ("bootargs", env["bootargs"]),
                     ("bootcmd", "bootm 0x9f020000"), ("ethaddr", "00:11:22:33:44:55")])
    hdr = 5 if env.get("redundant") else 4
    body += b"\0" * (env["size"] - hdr - len(body))
    crc = struct.pack(">I" if env.get("big") else "<I", zlib.crc32(body) & 0xffffffff)
    placed["env"] = len(image)
    placed["bootargs"] = len(image) + hdr + body.index(b"bootargs=") + 9
    image += crc + (b"\1" if hdr == 5 else b"") + body
    if env.get("bad_crc"):
        image = image[:placed["env"]] + b"\0\0\0\0" + image[placed["env"] + 4:]
    image += b"\xff" * (-len(image) % 4096)
placed["rootfs"] = len(image)
image += open(sqfs, "rb").read()
open(out, "wb").write(image)
placed["kernel_length"] = len(kernel)
placed["stream_length"] = len(data)
print(json.dumps(placed))
