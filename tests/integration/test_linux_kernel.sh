#!/bin/sh
# The kernel of an embedded-Linux firmware (linux.kernel*, the kernel
# component, LINUX-KERNEL-* rules): uImage kernels this test builds
# (kernel_build.py: banner, command lines, IKCONFIG at offsets it prints),
# root file systems with boot files, the published vectors' kernels as their
# README states them, and damaged kernels (warning with the offset, kernel
# facts absent, rules not_tested, never a crash or a pass).
. "$(dirname "$0")/lib.sh"
B=$TOP/tests/integration/kernel_build.py
V=$SHARED/vectors/realworld-linux
WR=$V/tplink_tl-wr740n-v4_3.12.11_trx.bin

# A root file system to put after the kernel (the collector reads both).
mkdir -p "$T/root/etc" "$T/root/bin"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/root/etc/passwd"
printf 'root:$6$salt$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL:19000:0:99999:7:::\n' >"$T/root/etc/shadow"
if command -v mksquashfs >/dev/null; then
	mksquashfs "$T/root" "$T/fs.sqfs" -comp gzip -all-root -noappend -quiet >/dev/null 2>&1 ||
	    fail "mksquashfs"
elif [ -f "$V/tplink_mt7628_rootfs.squashfs" ]; then
	cp "$V/tplink_mt7628_rootfs.squashfs" "$T/fs.sqfs"
else
	skip "neither mksquashfs nor the realworld-linux vectors to build a firmware image"
fi

# a .config as Kconfig writes it: only under its header does a missing option
# count as not set
HARD='#
# Automatically generated file; DO NOT EDIT.
# Linux/mips 4.19.250 Kernel Configuration
#
CONFIG_STRICT_DEVMEM=y
# CONFIG_DEVKMEM is not set
CONFIG_STACKPROTECTOR=y
CONFIG_STACKPROTECTOR_STRONG=y
CONFIG_STRICT_KERNEL_RWX=y
CONFIG_MODULES=y
CONFIG_MODULE_SIG=y
CONFIG_MODULE_SIG_FORCE=y
# CONFIG_KEXEC is not set
# CONFIG_HIBERNATION is not set
CONFIG_LOCALVERSION="-test"
'
# build NAME SPEC-JSON: firmware $T/NAME.bin, placement $T/NAME.at
build() {
	printf '%s' "$2" >"$T/$1.spec"
	/usr/bin/python3 "$B" "$T/$1.bin" "$T/fs.sqfs" "$T/$1.spec" >"$T/$1.at" || fail "build $1"
}
# rule FILE ID: a rule's verdict
rule() {
	/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(r["verdict"] for r in d["rules"] if r["id"]==sys.argv[2]) or "absent")' "$@"
}
want() { [ "$2" = "$3" ] || fail "$1: $2, want $3"; }
K='d["facts"]["linux.kernel"]["value"][0]'

# --- gzip uImage: a shell on the command line, kexec on, unsigned modules
cfg=$(printf '%s' "$HARD" | sed 's/^CONFIG_MODULE_SIG_FORCE=y$/# CONFIG_MODULE_SIG_FORCE is not set/; s/^# CONFIG_KEXEC is not set$/CONFIG_KEXEC=y/')
build bad "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"release": "5.10.0-test", "comp": "gzip",
  "cmdlines": ["console=ttyS0,115200 root=/dev/mtdblock2 rootfstype=squashfs init=/bin/sh"],
  "config": sys.argv[1] + "\n"}))' "$cfg")"
expect_exit 1 "$FWAUDIT" scan "$T/bad.bin" --format json -o "$T/bad.json"
jcheck "$T/bad.json" 'd["inputs"][0]["kind"] == "linux-rootfs"'
jcheck "$T/bad.json" "($K['version'], $K['release'], $K['version_from']) == ('5.10.0', '5.10.0-test', 'banner')"
# offsets are the builder's: banner in the decompressed kernel, stream after the 64-byte header
at=$T/bad.at
jcheck "$T/bad.json" "(lambda a: ($K['sources'][0]['offset'], $K['sources'][0]['stream_offset'], $K['image']['decompressed_length'], $K['image']['length']) == (a['banner'], 64, a['kernel_length'], a['stream_length']))(json.load(open('$at')))"
jcheck "$T/bad.json" "($K['image']['container'], $K['image']['compression'], $K['image']['offset']) == ('uimage', 'gzip', 64)"
# one candidate (format strings and lone parameters are not), at the builder's offset
jcheck "$T/bad.json" "(lambda a: [c['offset'] for c in $K['cmdline_candidates']] == a['cmdlines'])(json.load(open('$at')))"
jcheck "$T/bad.json" '(lambda c: (c["source"], c["tokens"][-1], c["consoles"]))(d["facts"]["linux.kernel_cmdlines"]["value"][0]) == ("built-in", "init=/bin/sh", ["ttyS0,115200"])'
jcheck "$T/bad.json" "($K['config']['source'], $K['config']['options']['CONFIG_KEXEC'], $K['config']['options']['CONFIG_DEVKMEM'], $K['config']['options']['CONFIG_LOCALVERSION']) == ('ikconfig', 'y', 'n', '\"-test\"')"
jcheck "$T/bad.json" "(lambda a: $K['config']['offset'] == a['ikcfg_st'] + 8)(json.load(open('$at')))"
jcheck "$T/bad.json" 'sorted(h["id"] for h in d["facts"]["linux.kernel_hardening"]["value"] if not h["ok"]) == ["no-kexec", "signed-modules"]'
# absent from the whole .config counts as not set (PROC_KCORE is not in it)
jcheck "$T/bad.json" '[h["ok"] for h in d["facts"]["linux.kernel_hardening"]["value"] if h["id"] == "no-proc-kcore"] == [True]'
want CMDLINE-SAFE "$(rule "$T/bad.json" LINUX-KERNEL-CMDLINE-SAFE)" fail
want HARDENED-CONFIG "$(rule "$T/bad.json" LINUX-KERNEL-HARDENED-CONFIG)" fail
# the component for --vulndb: cpe and purl of the upstream version
jcheck "$T/bad.json" '[(c["type"], c["version"], c["cpe"], c["purl"], c["evidence"][0]["offset"]) for c in d["facts"]["components"]["value"] if c["id"] == "linux"] == [("operating-system", "5.10.0", "cpe:2.3:o:linux:linux_kernel:5.10.0:*:*:*:*:*:*:*", "pkg:generic/linux@5.10.0", 64)]'
expect_exit 1 "$FWAUDIT" scan "$T/bad.bin" --format cyclonedx -o "$T/bad.cdx"
jcheck "$T/bad.cdx" '[c["type"] for c in d["components"] if c["name"] == "Linux kernel"] == ["operating-system"]'

# --- LZMA uImage, init and the KSPP settings: both rules pass
build good "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"release": "4.19.250", "comp": "lzma",
  "cmdlines": ["console=ttyS0,115200 root=/dev/mtdblock2 init=/sbin/init quiet"], "config": sys.argv[1]}))' "$HARD")"
"$FWAUDIT" scan "$T/good.bin" --format json -o "$T/good.json" >/dev/null 2>&1
jcheck "$T/good.json" "($K['version'], $K['image']['compression']) == ('4.19.250', 'lzma')"
want CMDLINE-SAFE "$(rule "$T/good.json" LINUX-KERNEL-CMDLINE-SAFE)" pass
want HARDENED-CONFIG "$(rule "$T/good.json" LINUX-KERNEL-HARDENED-CONFIG)" pass

# --- the same settings without Kconfig's header (an excerpt, a hand-made
# file): the options it does not list are unknown, so the rule is not tested
part=$(printf '%s' "$HARD" | grep -v '^#$\|Automatically generated\|Kernel Configuration')
build part "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"release": "4.19.250", "comp": "lzma",
  "cmdlines": ["console=ttyS0,115200 root=/dev/mtdblock2 init=/sbin/init quiet"], "config": sys.argv[1] + "\n"}))' "$part")"
"$FWAUDIT" scan "$T/part.bin" --format json -o "$T/part.json" >/dev/null 2>&1
jcheck "$T/part.json" "$K['config']['whole'] is False"
jcheck "$T/part.json" '[h["ok"] for h in d["facts"]["linux.kernel_hardening"]["value"] if h["id"] == "no-proc-kcore"] == [None]'
want PARTIAL-CONFIG "$(rule "$T/part.json" LINUX-KERNEL-HARDENED-CONFIG)" not_tested

# --- uncompressed uImage: offsets are the input's own
build raw '{"release": "3.18.20", "comp": "none", "cmdlines": ["root=/dev/sda1 rdinit=/bin/sh console=tty0"]}'
"$FWAUDIT" scan "$T/raw.bin" --format json -o "$T/raw.json" >/dev/null 2>&1
jcheck "$T/raw.json" "(lambda a: ($K['sources'][0]['offset'], $K['cmdline_candidates'][0]['offset']) == (64 + a['banner'], 64 + a['cmdlines'][0]))(json.load(open('$T/raw.at')))"
want CMDLINE-SAFE "$(rule "$T/raw.json" LINUX-KERNEL-CMDLINE-SAFE)" fail
# no .config: the hardening rule is not tested, never passed
jcheck "$T/raw.json" "$K['config'] is None and 'linux.kernel_hardening' not in d['facts']"
want HARDENED-CONFIG "$(rule "$T/raw.json" LINUX-KERNEL-HARDENED-CONFIG)" not_tested

# --- a zImage in an uncompressed uImage: the gzip kernel after its decompressor
build zimg '{"release": "4.4.60", "comp": "zimage", "cmdlines": ["console=ttyAMA0 root=/dev/mtdblock3 init=/sbin/init"]}'
"$FWAUDIT" scan "$T/zimg.bin" --format json -o "$T/zimg.json" >/dev/null 2>&1
jcheck "$T/zimg.json" "(lambda a: ($K['version'], $K['image']['compression'], $K['image']['zimage']['compression'], $K['image']['zimage']['offset'], $K['sources'][0]['offset'], $K['sources'][0]['stream_offset']) == ('4.4.60', 'none', 'gzip', a['piggy'], a['banner'], a['piggy']))(json.load(open('$T/zimg.at')))"
want ZIMAGE-CMDLINE "$(rule "$T/zimg.json" LINUX-KERNEL-CMDLINE-SAFE)" pass

# --- a U-Boot environment in the flash image: its bootargs are a command line
# too (big-endian CRC as a MIPS board writes it; redundant flag byte)
build env '{"release": "3.10.14", "cmdlines": ["console=ttyS0 root=/dev/mtdblock2 init=/sbin/init"], "env": {"bootargs": "console=ttyS0,115200 root=/dev/mtdblock2 rootfstype=squashfs init=/bin/sh", "size": 65536, "big": true, "redundant": true}}'
"$FWAUDIT" scan "$T/env.bin" --format json -o "$T/env.json" >/dev/null 2>&1
jcheck "$T/env.json" "(lambda a: [(c['source'], c['offset'], c.get('env_offset'), c.get('env_size'), c['tokens'][-1]) for c in d['facts']['linux.kernel_cmdlines']['value'] if c['source'] != 'built-in'] == [('u-boot env bootargs', a['bootargs'], a['env'], 65536, 'init=/bin/sh')])(json.load(open('$T/env.at')))"
want ENV-CMDLINE "$(rule "$T/env.json" LINUX-KERNEL-CMDLINE-SAFE)" fail
# the same block with a wrong CRC is no environment: only the built-in line
build envbad '{"release": "3.10.14", "cmdlines": ["console=ttyS0 root=/dev/mtdblock2 init=/sbin/init"], "env": {"bootargs": "console=ttyS0 init=/bin/sh", "size": 4096, "bad_crc": true}}'
"$FWAUDIT" scan "$T/envbad.bin" --format json -o "$T/envbad.json" >/dev/null 2>&1
jcheck "$T/envbad.json" '[c["source"] for c in d["facts"]["linux.kernel_cmdlines"]["value"]] == ["built-in"]'
want ENVBAD-CMDLINE "$(rule "$T/envbad.json" LINUX-KERNEL-CMDLINE-SAFE)" pass

# --- two command-line-like strings: which one is built in is unknown
build two '{"release": "5.4.0", "cmdlines": ["console=ttyS0 root=/dev/mtdblock2", "console=ttyS1 init=/bin/sh root=/dev/ram"]}'
"$FWAUDIT" scan "$T/two.bin" --format json -o "$T/two.json" >/dev/null 2>&1
jcheck "$T/two.json" "$K['cmdline'] is None and 'several strings' in $K['cmdline_reason'] and len($K['cmdline_candidates']) == 2"
want CMDLINE-SAFE "$(rule "$T/two.json" LINUX-KERNEL-CMDLINE-SAFE)" not_tested

# --- damaged kernels: a warning with the offset, the root file system still
# read, no kernel facts from the image, the rules not_tested; exit 0 or 1
check_damaged() {	# NAME WARNING-TEXT
	"$FWAUDIT" scan "$T/$1.bin" --format json -o "$T/$1.json" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -le 1 ] || { cat "$T/err"; fail "$1: exit $rc"; }
	jcheck "$T/$1.json" "any('$2' in w for w in d['warnings'])"
	jcheck "$T/$1.json" '"linux.accounts" in d["facts"] and "linux.kernel_cmdlines" not in d["facts"]'
	# nothing from the kernel image (a module's vermagic may still name it)
	jcheck "$T/$1.json" '[c for c in d["facts"].get("components", {}).get("value", []) if c["id"] == "linux" and c["version_from"] == "banner"] == []'
	want "$1 CMDLINE-SAFE" "$(rule "$T/$1.json" LINUX-KERNEL-CMDLINE-SAFE)" not_tested
}
build past '{"release": "5.10.0", "cmdlines": ["console=ttyS0 init=/sbin/init"], "size_delta": 100000000}'
check_damaged past "offset 0xc: uImage data size"
build cut '{"release": "5.10.0", "cmdlines": ["console=ttyS0 init=/sbin/init"], "cut": true}'
check_damaged cut "offset 0x40: the gzip kernel stream"
jcheck "$T/cut.json" "any('truncated' in w for w in d['warnings'])"
build cutlz '{"release": "5.10.0", "comp": "lzma", "cmdlines": ["console=ttyS0 init=/sbin/init"], "cut": true}'
check_damaged cutlz "offset 0x40: the lzma kernel stream"
# a bomb: 80 MiB of zeros after the banner, more than the 64 MiB a kernel may be
build bomb '{"release": "5.10.0", "cmdlines": ["console=ttyS0 init=/sbin/init"], "bomb_mib": 80}'
check_damaged bomb "offset 0x40: the gzip kernel stream"
jcheck "$T/bomb.json" "any('more than allowed' in w for w in d['warnings'])"

# --- boot files of a root file system: cmdline.txt, extlinux.conf, config-*
mkdir -p "$T/r2/etc" "$T/r2/bin" "$T/r2/boot/extlinux" "$T/r2/lib/modules/6.1.21-v8+"
cp "$T/root/etc/passwd" "$T/root/etc/shadow" "$T/r2/etc/"
printf 'console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait\n' >"$T/r2/boot/cmdline.txt"
printf 'default linux\nlabel linux\n  kernel /boot/Image\n  APPEND root=/dev/mmcblk0p2 single\n' >"$T/r2/boot/extlinux/extlinux.conf"
printf '%s' "$HARD" >"$T/r2/boot/config-6.1.21-v8+"
"$FWAUDIT" scan "$T/r2" --format json -o "$T/r2.json" >/dev/null 2>&1
jcheck "$T/r2.json" "($K['version'], $K['version_from'], $K['config']['source'], $K['config']['path']) == ('6.1.21', 'modules-dir', 'boot-config', 'boot/config-6.1.21-v8+')"
jcheck "$T/r2.json" '[(c["source"], c["consoles"]) for c in d["facts"]["linux.kernel_cmdlines"]["value"]] == [("boot/cmdline.txt", ["serial0,115200", "tty1"]), ("extlinux.conf append", [])]'
jcheck "$T/r2.json" 'd["facts"]["linux.kernel_cmdlines"]["value"][1]["tokens"] == ["root=/dev/mmcblk0p2", "single"]'
want CMDLINE-SAFE "$(rule "$T/r2.json" LINUX-KERNEL-CMDLINE-SAFE)" fail
want HARDENED-CONFIG "$(rule "$T/r2.json" LINUX-KERNEL-HARDENED-CONFIG)" pass

# --- an ESP flash dump has no Linux kernel: the rules do not apply
"$FWAUDIT" scan "$TOP/samples/insecure/flash.bin" --format json -o "$T/esp.json" >/dev/null 2>&1
want ESP "$(rule "$T/esp.json" LINUX-KERNEL-CMDLINE-SAFE)" not_applicable
jcheck "$T/esp.json" '"linux.kernel" not in d["facts"]'

# --- the published vectors, as their README states them
[ -f "$WR" ] || { echo "realworld-linux vectors absent: the built kernels passed"; exit 0; }
"$FWAUDIT" scan "$WR" --format json -o "$T/wr.json" >/dev/null 2>&1
# TP-Link header at 28: kernel_ofs 0x200, kernel_len 0xDA298; LZMA at 540 to 2588788 bytes
jcheck "$T/wr.json" "($K['image']['container'], $K['image']['header_offset'], $K['image']['offset'], $K['image']['length'], $K['image']['compression'], $K['image']['decompressed_length']) == ('tp-link', 28, 540, 0xDA298, 'lzma', 2588788)"
jcheck "$T/wr.json" "$K['sources'][0]['text'] == 'Linux version 2.6.31--LSDK-9.2.0.312 (root@bogon) (gcc version 4.3.3 (GCC) ) #221 Wed Nov 30 14:10:12 CST 2011'"
jcheck "$T/wr.json" "($K['version'], $K['release']) == ('2.6.31', '2.6.31--LSDK-9.2.0.312')"
jcheck "$T/wr.json" "$K['cmdline'] == 'console=ttyS0,115200 root=31:02 rootfstype=squashfs init=/sbin/init mtdparts=ar7240-nor0:128k(u-boot),1024k(kernel),2816(rootfs),64k(config),64k(ART) mem=32M'"
# README: module vermagic 2.6.31--LSDK-9.2.0.312 mod_unload MIPS32_R2 32BIT
jcheck "$T/wr.json" "[s['vermagic'] for s in $K['sources'] if s['source'] == 'vermagic'] == ['2.6.31--LSDK-9.2.0.312 mod_unload MIPS32_R2 32BIT']"
want WR-CMDLINE "$(rule "$T/wr.json" LINUX-KERNEL-CMDLINE-SAFE)" pass
want WR-HARDENED "$(rule "$T/wr.json" LINUX-KERNEL-HARDENED-CONFIG)" not_tested
jcheck "$T/wr.json" '[c["cpe"] for c in d["facts"]["components"]["value"] if c["id"] == "linux"] == ["cpe:2.3:o:linux:linux_kernel:2.6.31:*:*:*:*:*:*:*"]'
# --vulndb matches the kernel by its CPE: two records of our own, one fixed in
# 2.6.32 (2.6.31 is affected), one fixed in 2.6.31 (it is not)
mkdir -p "$T/feed"
for r in "0001 2.6.32" "0002 2.6.31"; do
	set -- $r
	cat >"$T/feed/CVE-2099-$1.json" <<EOF
{"dataType": "CVE_RECORD", "dataVersion": "5.0",
 "cveMetadata": {"cveId": "CVE-2099-$1", "state": "PUBLISHED", "datePublished": "2099-01-01T00:00:00"},
 "containers": {"cna": {"providerMetadata": {"orgId": "00000000-0000-0000-0000-000000000000"},
   "descriptions": [{"lang": "en", "value": "test record"}],
   "affected": [{"vendor": "Linux", "product": "Linux", "cpes": ["cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"],
     "defaultStatus": "unaffected",
     "versions": [{"version": "2.6.0", "lessThan": "$2", "status": "affected", "versionType": "semver"}]}]}}}
EOF
done
"$FWAUDIT" vulndb import --vulndb "$T/v.sqlite" "$T/feed" >/dev/null || fail "vulndb import"
"$FWAUDIT" scan "$WR" --vulndb "$T/v.sqlite" --format json -o "$T/wrv.json" >/dev/null 2>&1
jcheck "$T/wrv.json" 'sorted((v["id"], v["status"], v["matched_by"]) for v in d["facts"]["components.vulnerabilities"]["value"] if v["component"] == "input0:kernel:linux") == [("CVE-2099-0001", "affected", "cpe"), ("CVE-2099-0002", "unaffected", "cpe")]'
# the same image with its LZMA stream damaged, then its kernel length past the end
/usr/bin/python3 - "$WR" "$T/wrbad.bin" "$T/wrpast.bin" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
bad = bytearray(d); bad[540 + 100000:540 + 104096] = b"\x55" * 4096
open(sys.argv[2], "wb").write(bad)
past = bytearray(d); past[28 + 0x84:28 + 0x88] = struct.pack(">I", 0xFFFFFF00)
open(sys.argv[3], "wb").write(past)
PY
check_damaged wrbad "offset 0x21c: the lzma kernel stream"
check_damaged wrpast "offset 0xa0: TP-Link header"
# MT7628 slice: no kernel, the modules' vermagic 2.6.36; OpenWrt: lib/modules/4.14.221
"$FWAUDIT" scan "$V/tplink_mt7628_rootfs.squashfs" --facts-only -o "$T/mt.json" >/dev/null 2>&1
jcheck "$T/mt.json" "($K['version'], $K['version_from'], $K['cmdline']) == ('2.6.36', 'vermagic', None)"
# the component's evidence points at the vermagic value in the module: re-read it
command -v unsquashfs >/dev/null && {
	unsquashfs -q -d "$T/mtx" "$V/tplink_mt7628_rootfs.squashfs" lib/modules/afc.ko >/dev/null 2>&1
	jcheck "$T/mt.json" '(lambda e: open("'"$T/mtx/lib/modules/afc.ko"'", "rb").read()[e["offset"] - 9:e["offset"] + e["length"]] == b"vermagic=2.6.36")([c for c in d["facts"]["components"]["value"] if c["id"] == "linux"][0]["evidence"][0])'
}
"$FWAUDIT" scan "$V/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz" --facts-only -o "$T/ow.json" >/dev/null 2>&1
jcheck "$T/ow.json" "($K['version'], $K['version_from']) == ('4.14.221', 'modules-dir')"
exit 0
