# The ELF binaries and components of a root file system (issue #14), on the
# published firmware of ../shared/vectors/realworld-linux: the README's
# checksec/readelf table and component versions, read back from elf.binaries
# and components; and a root with no ELF has no elf.binaries (the for_each
# rules would pass over an empty list).
. "$(dirname "$0")/lib.sh"
V=$SHARED/vectors/realworld-linux
[ -f "$V/README.md" ] || skip "no realworld-linux vectors"
MT=$V/tplink_mt7628_rootfs.squashfs
WR=$V/tplink_tl-wr740n-v4_3.12.11_trx.bin
OW=$V/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz
# (relro, canary, nx, pie, rpath, section headers, class, endian) per binary
row='(b["relro"], b["canary"], b["nx"], b["pie"], b["rpath"], b["section_headers"], b["class"], b["endian"])'
bins='{b["path"]: '"$row"' for b in d["facts"]["elf.binaries"]["value"]}'

expect_exit 0 "$FWAUDIT" scan "$MT" --facts-only -o "$T/mt.json"
# README section 2: checksec No RELRO / NX disabled for busybox, dropbearmulti,
# tddp, cos; httpd Full RELRO, NX, DT_RPATH /var/tmp/pc/; all ET_EXEC, no canary
jcheck "$T/mt.json" '(lambda m: [m[p] for p in ("bin/busybox", "usr/bin/dropbearmulti", "usr/bin/httpd", "usr/bin/tddp", "usr/bin/cos")])('"$bins"') == [("none", False, False, "no", None, True, 32, "little")] * 2 + [("full", False, True, "no", "/var/tmp/pc/", True, 32, "little")] + [("none", False, False, "no", "/var/tmp/pc/", True, 32, "little")] * 2'
# uClibc has PT_INTERP and SONAME libc.so.0, no DT_DEBUG, no DF_1_PIE: checksec
# says DSO, and so do we (docs/elf.md); ELF-PIE does not count it as a program
jcheck "$T/mt.json" '(lambda b: (b["relro"], b["canary"], b["nx"], b["type"], b["interp"], b["pie"]))([b for b in d["facts"]["elf.binaries"]["value"] if b["path"] == "lib/libuClibc-0.9.33.2.so"][0]) == ("full", False, False, "dyn", True, "dso")'
# every item names a regular file of the tree; no kernel module among them
jcheck "$T/mt.json" 'all(not b["path"].endswith(".ko") and b["input"] == 0 for b in d["facts"]["elf.binaries"]["value"])'
# README: BusyBox v1.19.2, dropbear 2012.55 (SSH-2.0-dropbear_2012.55), OpenSSL 0.9.8zh in libgdpr.so;
# Linux 2.6.36 from a module's vermagic (test_linux_kernel covers the kernel)
comps='sorted((c["path"], c["id"], c["version"], c["evidence"][0]["matched"], c["evidence"][0]["path"]) for c in d["facts"]["components"]["value"])'
jcheck "$T/mt.json" "$comps"' == [("bin/busybox", "busybox", "1.19.2", "BusyBox v1.19.2", "bin/busybox"), ("lib/libgdpr.so", "openssl", "0.9.8zh", "OpenSSL 0.9.8zh", "lib/libgdpr.so"), ("lib/modules/afc.ko", "linux", "2.6.36", "2.6.36", "lib/modules/afc.ko"), ("usr/bin/dropbearmulti", "dropbear", "2012.55", "SSH-2.0-dropbear_2012.55", "usr/bin/dropbearmulti")]'
jcheck "$T/mt.json" '[c["cpe"] for c in d["facts"]["components"]["value"] if c["id"] == "dropbear"] == ["cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2012.55:*:*:*:*:*:*:*"]'
# the evidence offset points at the matched bytes in the file: re-read them
command -v unsquashfs >/dev/null && {
	unsquashfs -q -d "$T/mt" "$MT" bin/busybox usr/bin/dropbearmulti >/dev/null 2>&1
	for p in bin/busybox usr/bin/dropbearmulti; do
		jcheck "$T/mt.json" '(lambda e: open("'"$T/mt/$p"'", "rb").read()[e["offset"]:e["offset"] + e["length"]].decode() == e["matched"])([c for c in d["facts"]["components"]["value"] if c["path"] == "'"$p"'"][0]["evidence"][0])'
	done
}

expect_exit 0 "$FWAUDIT" scan "$WR" --facts-only -o "$T/wr.json"
# README section 3: big-endian MIPS, no RELRO/canary/NX; httpd has no section headers
jcheck "$T/wr.json" '(lambda m: [m[p] for p in ("bin/busybox", "usr/bin/httpd", "sbin/hostapd", "usr/sbin/pppd", "sbin/wpa_supplicant")])('"$bins"') == [("none", False, False, "no", None, True, 32, "big"), ("none", False, False, "no", None, False, 32, "big")] + [("none", False, False, "no", None, True, 32, "big")] * 3'
# (and the kernel, from the image's kernel part: no file of the tree, test_linux_kernel)
jcheck "$T/wr.json" 'sorted((c["path"], c["id"], c["version"], c["evidence"][0]["matched"], c["evidence"][0]["path"]) for c in d["facts"]["components"]["value"] if c["id"] != "linux") == [("bin/busybox", "busybox", "1.01", "BusyBox v1.01", "bin/busybox")]'
jcheck "$T/wr.json" '[(c["version"], c["version_from"], c["image"]) for c in d["facts"]["components"]["value"] if c["id"] == "linux"] == [("2.6.31", "banner", "kernel")]'
# README section 3: libuClibc-0.9.30.so Full RELRO, NX disabled, DSO (PT_INTERP, SONAME)
jcheck "$T/wr.json" '(lambda b: (b["relro"], b["nx"], b["type"], b["interp"], b["pie"]))([b for b in d["facts"]["elf.binaries"]["value"] if b["path"] == "lib/libuClibc-0.9.30.so"][0]) == ("full", False, "dyn", True, "dso")'

expect_exit 1 "$FWAUDIT" scan "$OW" --format json -o "$T/ow.json"
# README section 4: AArch64, full RELRO, NX, no PIE, no section headers, and
# __stack_chk_fail imported (checksec misses it without section headers)
jcheck "$T/ow.json" '(lambda m: [m[p] for p in ("bin/busybox", "usr/sbin/dropbear", "usr/sbin/dnsmasq", "usr/sbin/uhttpd", "sbin/netifd")])('"$bins"') == [("full", True, True, "no", None, False, 64, "little")] * 5'
jcheck "$T/ow.json" '(lambda b: (b["pie"], b["canary_symbol"]))([b for b in d["facts"]["elf.binaries"]["value"] if b["path"] == "lib/libc.so"][0]) == ("dso", "__stack_chk_fail")'
# 120 files start with an ELF ident, 49 of them kernel modules (.ko): 71 items
jcheck "$T/ow.json" 'len(d["facts"]["elf.binaries"]["value"]) == 71'
# BusyBox v1.30.1 in bin/busybox, folded into the opkg package's item (test_components_pkgdb.sh)
jcheck "$T/ow.json" '[(c["version"], e["path"], e["matched"]) for c in d["facts"]["components"]["value"] if c["id"] == "busybox" for e in c["evidence"] if e["kind"] == "version"] == [("1.30.1", "bin/busybox", "BusyBox v1.30.1")]'
# the ELF rules now judge (without the binaries they were not_tested); all
# five executables are ET_EXEC: ELF-PIE fails, none has an RPATH
jcheck "$T/ow.json" '{r["id"]: r["verdict"] for r in d["rules"] if r["id"] in ("ELF-PIE", "ELF-NX", "ELF-NO-RPATH")} == {"ELF-PIE": "fail", "ELF-NX": "pass", "ELF-NO-RPATH": "pass"}'

# OpenWrt's dropbear alone (no opkg database beside it): "2019.78\0" sits just
# before "Dropbear SSH client v%s" (README section 4: dropbear 2019.78-2); no
# "SSH-2.0-dropbear_" string, so only the version_before pattern can name it
mkdir -p "$T/db/etc"
tar -xzf "$OW" -C "$T/db" ./usr/sbin/dropbear || fail "tar dropbear"
expect_exit 0 "$FWAUDIT" scan "$T/db" --facts-only -o "$T/db.json"
jcheck "$T/db.json" '[(c["id"], c["version"], c["confidence"], c["version_from"], c["evidence"][0]["offset"], c["evidence"][0]["matched"]) for c in d["facts"]["components"]["value"]] == [("dropbear", "2019.78", "medium", "version string before its marker", 126664, "2019.78")]'
jcheck "$T/db.json" '(lambda b, e: b[e["offset"]:e["offset"] + e["length"] + 1] == b"2019.78\0" and b[e["offset"] + e["length"] + 1:].startswith(b"Dropbear SSH client v%s"))(open("'"$T/db/usr/sbin/dropbear"'", "rb").read(), d["facts"]["components"]["value"][0]["evidence"][0])'

# A root with no ELF in it: no elf.binaries at all, the ELF rules not_tested
mkdir -p "$T/root/etc" "$T/root/bin"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$T/root/etc/passwd"
printf '\177ELF\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' > "$T/root/bin/stub"
expect_exit 0 "$FWAUDIT" scan "$T/root" --format json -o "$T/none.json"
jcheck "$T/none.json" '"elf.binaries" not in d["facts"]'
jcheck "$T/none.json" '{r["verdict"] for r in d["rules"] if r["id"].startswith("ELF-")} == {"not_tested"}'
# the same root with a real ELF (this test's shell) as a directory input
cp "$(command -v sh)" "$T/root/bin/sh" 2>/dev/null || cp /bin/sh "$T/root/bin/sh"
expect_exit 0 "$FWAUDIT" scan "$T/root" --facts-only -o "$T/one.json"
jcheck "$T/one.json" '[b["path"] for b in d["facts"]["elf.binaries"]["value"]] == ["bin/sh"]'
echo ok
