"""Writes the embedded-Linux sample root file systems as gzip tarballs:
  insecure-rootfs.tar.gz  a router's development image: default and empty
                          passwords, a second UID-0 account, shadow readable
                          by all, telnetd, tftpd, a root shell on the serial
                          console, dropbear allowing blank passwords, a TDDP
                          daemon, gdbserver and strace, a TLS key and an
                          expired 1024-bit SHA-1 certificate, a Wi-Fi key,
                          a kernel command line that boots a shell
                          (init=/bin/sh), a kernel config with kexec,
                          /dev/kmem and unsigned modules, and rcS blanking
                          admin's password on factory reset
  hardened-rootfs.tar.gz  the same product done right: root locked, getty
                          on the console, dropbear with keys only and its
                          host key made at first boot, the kernel booting
                          init with the KSPP settings checked, nothing else
The same inputs give the same bytes (fixed times, gzip mtime 0); the key and
certificate are made once under keys/ and reused.
Usage: mkrootfs.py OUTDIR HASH_ADMIN HASH_ROOT"""
import gzip, io, os, sys, tarfile

out, h_admin, h_root = sys.argv[1], sys.argv[2], sys.argv[3]
keys = os.path.join(out, "keys")
MTIME = 1700000000

def read(p):
    return open(os.path.join(keys, p), "rb").read()

BUSYBOX = b"\x7fELF" + b"\0" * 60 + b"BusyBox v1.36.1 (2023-11-14) multi-call binary"
INITTAB_COMMON = "::sysinit:/etc/init.d/rcS\n::shutdown:/bin/umount -a -r\n"
KCONFIG_HEADER = ("#\n# Automatically generated file; DO NOT EDIT.\n"
                  "# Linux/arm 5.15.0 Kernel Configuration\n#\n")
KERNEL_CONFIG_HARDENED = (KCONFIG_HEADER + "CONFIG_STRICT_DEVMEM=y\nCONFIG_IO_STRICT_DEVMEM=y\n"
                          "CONFIG_STACKPROTECTOR=y\nCONFIG_STACKPROTECTOR_STRONG=y\n"
                          "CONFIG_STRICT_KERNEL_RWX=y\nCONFIG_MODULES=y\nCONFIG_MODULE_SIG=y\n"
                          "CONFIG_MODULE_SIG_FORCE=y\n# CONFIG_KEXEC is not set\n"
                          "# CONFIG_HIBERNATION is not set\n# CONFIG_PROC_KCORE is not set\n"
                          "# CONFIG_COMPAT_BRK is not set\n# CONFIG_LEGACY_PTYS is not set\n")
KERNEL_CONFIG_INSECURE = (KCONFIG_HEADER + "CONFIG_STACKPROTECTOR=y\nCONFIG_STRICT_KERNEL_RWX=y\n"
                          "CONFIG_DEVMEM=y\nCONFIG_DEVKMEM=y\nCONFIG_MODULES=y\n"
                          "# CONFIG_MODULE_SIG is not set\nCONFIG_KEXEC=y\n")

insecure = {
    "etc/passwd": ("root:x:0:0:root:/root:/bin/sh\nadmin:x:0:0:admin:/:/bin/sh\n"
                   "support::1000:1000:support:/home/support:/bin/sh\n"
                   "nobody:*:65534:65534:nobody:/nonexistent:/bin/false\n", 0o644),
    "etc/shadow": ("root:%s:19000:0:99999:7:::\nadmin:%s:19000:0:99999:7:::\n"
                   "support::19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n" % (h_root, h_admin), 0o644),
    "etc/group": ("root:x:0:\nsupport:x:1000:\nnogroup:x:65534:\n", 0o644),
    "etc/inittab": (INITTAB_COMMON + "ttyS0::respawn:-/bin/sh\n", 0o644),
    "etc/init.d/rcS": ("#!/bin/sh\nmount -a\n/usr/sbin/telnetd -l /bin/login\n"
                       "/usr/sbin/dropbear -B -p 22\n/usr/bin/tddp &\n"
                       "# a factory reset clears the web admin's password\n"
                       "[ -f /etc/factory_reset ] && sed -i 's/^admin:[^:]*:/admin::/' /etc/shadow\n"
                       "for s in /etc/init.d/S??*; do $s start; done\n", 0o755),
    "etc/init.d/S60gdb": ("#!/bin/sh\n# remote debugging for the field team\n"
                          "gdbserver --multi :2345 &\n", 0o755),
    "etc/inetd.conf": ("# service  type  proto wait user program\n"
                       "tftp dgram udp wait root /usr/sbin/tftpd tftpd -c /tftpboot\n", 0o644),
    "etc/wireless/RT2860AP.dat": ("Default\nSSID1=Router-1234\nAuthMode=WPA2PSK\nEncrypType=AES\n"
                                  "WPAPSK1=12345678\n", 0o644),
    "etc/ssl/private/server.key": (read("insecure-server.key").decode(), 0o644),
    "etc/ssl/certs/server.crt": (read("insecure-server.crt").decode(), 0o644),
    "usr/bin/gdbserver": (BUSYBOX, 0o755),
    "usr/bin/strace": (BUSYBOX, 0o755),
    "usr/bin/tddp": (BUSYBOX, 0o755),
    "usr/sbin/dropbear": (BUSYBOX, 0o755),
    "boot/cmdline.txt": ("console=ttyS0,115200 root=/dev/mmcblk0p2 rootwait init=/bin/sh\n", 0o644),
    "boot/config-5.15.0": (KERNEL_CONFIG_INSECURE, 0o644),
}
hardened = {
    "etc/passwd": ("root:x:0:0:root:/root:/bin/sh\n"
                   "nobody:*:65534:65534:nobody:/nonexistent:/bin/false\n", 0o644),
    "etc/shadow": ("root:!:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n", 0o600),
    "etc/group": ("root:x:0:\nnogroup:x:65534:\n", 0o644),
    "etc/inittab": (INITTAB_COMMON + "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n", 0o644),
    "etc/init.d/rcS": ("#!/bin/sh\nmount -a\n"
                       "[ -s /var/lib/dropbear/host_key ] || dropbearkey -t ed25519 -f /var/lib/dropbear/host_key\n"
                       "/usr/sbin/dropbear -s -g -r /var/lib/dropbear/host_key\n", 0o755),
    "usr/sbin/dropbear": (BUSYBOX, 0o755),
    "boot/cmdline.txt": ("console=ttyS0,115200 root=/dev/mmcblk0p2 rootwait\n", 0o644),
    "boot/config-5.15.0": (KERNEL_CONFIG_HARDENED, 0o644),
}

def members(files):
    dirs = set()
    for p in files:
        parts = p.split("/")
        for i in range(1, len(parts)):
            dirs.add("/".join(parts[:i]))
    dirs |= {"bin", "sbin", "root", "tmp", "var"}
    for d in sorted(dirs):
        ti = tarfile.TarInfo("./" + d)
        ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o700 if d == "root" else 0o755, MTIME
        yield ti, None
    ti = tarfile.TarInfo("./bin/busybox")
    ti.mode, ti.mtime, ti.size = 0o755, MTIME, len(BUSYBOX)
    yield ti, BUSYBOX
    for applet in ("sh", "login", "mount", "umount"):
        ti = tarfile.TarInfo("./bin/" + applet)
        ti.type, ti.linkname, ti.mode, ti.mtime = tarfile.SYMTYPE, "busybox", 0o777, MTIME
        yield ti, None
    ti = tarfile.TarInfo("./sbin/getty")
    ti.type, ti.linkname, ti.mode, ti.mtime = tarfile.SYMTYPE, "../bin/busybox", 0o777, MTIME
    yield ti, None
    for p in sorted(files):
        data, mode = files[p]
        data = data.encode() if isinstance(data, str) else data
        ti = tarfile.TarInfo("./" + p)
        ti.mode, ti.mtime, ti.size = mode, MTIME, len(data)
        yield ti, data

def write(name, files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for ti, data in members(files):
            ti.uname = ti.gname = "root"
            t.addfile(ti, io.BytesIO(data) if data is not None else None)
    with open(os.path.join(out, name), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw.getvalue())

write("insecure-rootfs.tar.gz", insecure)
write("hardened-rootfs.tar.gz", hardened)
