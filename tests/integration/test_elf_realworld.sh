#!/bin/sh
# ELF hardening on published firmware: the six AArch64 binaries of the
# OpenWrt 19.07.7 armvirt-64 root filesystem (../shared/vectors/realworld-linux,
# README.md section 4). None has section headers; checksec 2.6.0 prints "No
# Canary found" for all, while readelf's dynamic symbols (-D -s) show
# __stack_chk_fail imported (defined in libc.so): the README's readelf
# evidence is what fwaudit must match.
. "$(dirname "$0")/lib.sh"
need_shared
TGZ=$SHARED/vectors/realworld-linux/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz
[ -f "$TGZ" ] || skip "OpenWrt vector absent"
files="bin/busybox usr/sbin/dropbear usr/sbin/dnsmasq usr/sbin/uhttpd sbin/netifd lib/libc.so"
mkdir "$T/root"
tar -xzf "$TGZ" -C "$T/root" $(for f in $files; do echo "./$f"; done) || fail "tar"
cd "$T/root" || fail cd
# the README's SHA-256s: these are the files it describes
sha256sum $files > "$T/sums"
for s in fb836001e49027e938a7aad94327a5e0461f8c1cf2d32246aa61e46f28f5ec75 e3a14d4a9bd644222c9f21066612e0fecba95cc0d8451dd4be79c9ee567f9f17 \
	8f7e01571c684df71ba3639405ddf2102a8163d2239c6de5371fea1c877f9400 b5921e5f3768c839344260b18e7540c4b53020fcf7ea757d47a66d53a10f18d9 \
	fe13cddfcdec405f9d883c6cc8c3e7c825d77ddc4aa57f5bd936275782cceb49 ba7ca33965f19ae9f39013e46655113e8dd798b62e25df41db95854b54b2564f; do
	contains "$T/sums" "$s"
done
expect_exit 0 "$FWAUDIT" scan --facts-only --kind elf $files -o "$T/f.json"
/usr/bin/python3 - "$T/f.json" <<'PY' || fail "OpenWrt binaries differ from the README's readelf evidence"
import json, sys
bins = {e['path']: e for e in json.load(open(sys.argv[1]))['facts']['elf.binaries']['value']}
assert len(bins) == 6, bins.keys()
for p, e in bins.items():
    lib = p == 'lib/libc.so'
    want = {'arch': 'aarch64', 'class': 64, 'endian': 'little', 'section_headers': False,
            'type': 'dyn' if lib else 'exec', 'pie': 'dso' if lib else 'no', 'relro': 'full',
            'bind_now': True, 'nx': True, 'canary': True, 'canary_symbol': '__stack_chk_fail',
            'canary_from': 'dynamic symbols', 'has_rpath': False, 'has_runpath': False, 'fortified': 0}
    bad = {k: (e.get(k), v) for k, v in want.items() if e.get(k) != v}
    # AArch64 is disassembled: a list, never "unknown"
    if not isinstance(e.get('risky_calls'), list):
        bad['risky_calls'] = e.get('risky_calls')
    if bad:
        print(p, bad); sys.exit(1)
PY
# The same verdicts with the rules: canaries pass where checksec says none.
"$FWAUDIT" scan --kind elf $files --format json -o "$T/r.json" >/dev/null 2>&1
for r in ELF-NX:pass ELF-RELRO:pass ELF-CANARY:pass ELF-PIE:fail ELF-NO-RPATH:pass; do
	jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == '${r%%:*}'] == ['${r#*:}']"
done
echo ok
