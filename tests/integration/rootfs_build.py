"""Builds small root file systems for the linux-rootfs tests: tar (plain,
gzip, xz, zstd through the CLI), cpio newc and a directory, each with the
same members. Usage: rootfs_build.py OUTDIR SPEC.json, SPEC a list of
{"name", "type": file|dir|symlink|hardlink|chardev, "data", "link", "mode",
"uid"}. Names are written as given (so "../x" and "/abs" can be planted)."""
import io, json, os, sys, tarfile

out, spec = sys.argv[1], json.load(open(sys.argv[2]))
os.makedirs(out, exist_ok=True)

def tar_members(t):
    for m in spec:
        ti = tarfile.TarInfo(m["name"])
        ti.mode = m.get("mode", 0o755 if m["type"] == "dir" else 0o644)
        ti.uid = ti.gid = m.get("uid", 0)
        ti.mtime = 1700000000
        data = m.get("data", "").encode()
        if m["type"] == "dir":
            ti.type = tarfile.DIRTYPE
        elif m["type"] == "symlink":
            ti.type, ti.linkname = tarfile.SYMTYPE, m["link"]
        elif m["type"] == "hardlink":
            ti.type, ti.linkname = tarfile.LNKTYPE, m["link"]
        elif m["type"] == "chardev":
            ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 5, 1
        if m["type"] == "file":
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        else:
            t.addfile(ti)

with tarfile.open(os.path.join(out, "rootfs.tar"), "w", format=tarfile.GNU_FORMAT) as t:
    tar_members(t)
with tarfile.open(os.path.join(out, "rootfs.tar.gz"), "w:gz", format=tarfile.GNU_FORMAT) as t:
    tar_members(t)
with tarfile.open(os.path.join(out, "rootfs.tar.xz"), "w:xz", format=tarfile.GNU_FORMAT) as t:
    tar_members(t)

def newc(name, mode, data, ino):
    n = name.encode() + b"\0"
    h = b"070701" + b"".join(b"%08X" % v for v in (ino, mode, 0, 0, 1, 1700000000, len(data),
                                                   0, 0, 0, 0, len(n), 0))
    b = h + n
    b += b"\0" * ((4 - len(b) % 4) % 4) + data
    return b + b"\0" * ((4 - len(data) % 4) % 4)

kinds = {"file": 0o100000, "dir": 0o040000, "symlink": 0o120000, "chardev": 0o020000}
cp = b""
for i, m in enumerate(spec):
    if m["type"] not in kinds:
        continue
    data = m.get("link", "").encode() if m["type"] == "symlink" else m.get("data", "").encode()
    cp += newc(m["name"], kinds[m["type"]] | m.get("mode", 0o644), data, i + 1)
cp += newc("TRAILER!!!", 0, b"", 0)
open(os.path.join(out, "rootfs.cpio"), "wb").write(cp)

root = os.path.join(out, "dir")
for m in spec:
    name = m["name"].lstrip("./")
    if m["name"].startswith("/") or ".." in m["name"].split("/") or m["type"] in ("chardev", "hardlink"):
        continue
    p = os.path.join(root, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if m["type"] == "dir":
        os.makedirs(p, exist_ok=True)
    elif m["type"] == "symlink":
        os.symlink(m["link"], p)
    else:
        open(p, "w").write(m.get("data", ""))
        os.chmod(p, m.get("mode", 0o644))
