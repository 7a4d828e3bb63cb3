# Components from package databases (docs/sbom.md, issue #14): OpenWrt's opkg
# status in the real vector read back against the file itself (every
# installed stanza, counted here by a separate parse), the binaries' evidence
# folded into the package's component, the CycloneDX document still valid,
# --vulndb matching a package component with a hand-written advisory; and
# hand-made dpkg, apk and broken databases.
. "$(dirname "$0")/lib.sh"
need_shared
OW=$SHARED/vectors/realworld-linux/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz
[ -f "$OW" ] || skip "no OpenWrt vector"
comps='d["facts"]["components"]["value"]'

# 1. OpenWrt 19.07.7: README section 4 says 91 packages; the file's stanzas
#    parsed here (python) give the expected (name, version, arch) set.
mkdir -p "$T/ow"
tar -xzf "$OW" -C "$T/ow" ./usr/lib/opkg/status ./usr/sbin/dropbear ./bin/busybox || fail "tar"
ST=$T/ow/usr/lib/opkg/status
expect_exit 1 "$FWAUDIT" scan "$OW" --format json -o "$T/ow.json"
/usr/bin/python3 - "$ST" "$T/ow.json" <<'PY' || fail "opkg status and components disagree"
import json, sys
text = open(sys.argv[1], "rb").read()
want = {}
for st in text.decode().split("\n\n"):
    f = dict(l.split(": ", 1) for l in st.splitlines() if l and l[0] != " " and ": " in l)
    if "Package" in f and f.get("Status", "").split()[-1:] == ["installed"]:
        want[f["Package"]] = (f["Version"], f["Architecture"])
assert len(want) == 91, len(want)
items = [c for c in json.load(open(sys.argv[2]))["facts"]["components"]["value"] if c.get("package_manager") == "opkg"]
got = {c["package_name"]: (c["package_version"], c["package_arch"]) for c in items}
assert got == want, set(got.items()) ^ set(want.items())
for c in items:
    e = c["evidence"][0]
    # the evidence is the stanza's Package: line, at its offset and line number
    assert e["kind"] == "package" and e["path"] == "usr/lib/opkg/status", e
    assert text[e["offset"]:e["offset"] + e["length"]].decode() == e["matched"] == "Package: " + c["package_name"], e
    assert text.decode().split("\n")[e["line"] - 1] == e["matched"], e
    assert c["confidence"] == "high" and c["version_from"] == "package database"
    assert c["purl"] == "pkg:opkg/%s@%s?arch=%s" % (c["package_name"], c["package_version"], c["package_arch"]), c["purl"]
PY
# the README's versions: upstream part as version, the package's own kept
jcheck "$T/ow.json" '{c["package_name"]: (c["version"], c["package_version"]) for c in '"$comps"' if c.get("package_name") in ("busybox", "dropbear", "dnsmasq", "libc", "uhttpd")} == {"busybox": ("1.30.1", "1.30.1-6"), "dropbear": ("2019.78", "2019.78-2"), "dnsmasq": ("2.80", "2.80-16.3"), "libc": ("1.1.24", "1.1.24-2"), "uhttpd": ("2020-10-01-3abcc891", "2020-10-01-3abcc891-1")}'
# BusyBox and Dropbear: one component each, the package line and the binary's
# version string as evidence (dropbear's from before its marker), versions agreeing
jcheck "$T/ow.json" 'sorted(c["id"] for c in '"$comps"' if c["id"] in ("busybox", "dropbear")) == ["busybox", "dropbear"]'
jcheck "$T/ow.json" '[([e["kind"] for e in c["evidence"]], c["binary_versions"], c["cpe"], "version_note" in c) for c in '"$comps"' if c["id"] == "dropbear"] == [(["package", "version"], [{"path": "usr/sbin/dropbear", "version": "2019.78", "confidence": "medium"}], "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2019.78:*:*:*:*:*:*:*", False)]'
jcheck "$T/ow.json" '[(c["name"], c["type"], c["binary_versions"][0]["path"]) for c in '"$comps"' if c["id"] == "busybox"] == [("BusyBox", "application", "bin/busybox")]'
jcheck "$T/ow.json" 'not [w for w in d.get("warnings", []) if "package" in w]'
# the folded binary evidence still points at the bytes in its own file
for p in usr/sbin/dropbear bin/busybox; do
	jcheck "$T/ow.json" '[e for c in '"$comps"' for e in c["evidence"] if e.get("path") == "'"$p"'" and open("'"$T/ow/$p"'", "rb").read()[e["offset"]:e["offset"] + e["length"]].decode() == e["matched"]] != []'
done

# 2. CycloneDX: the 91 package components (and the kernel) validate against the official 1.6 schema,
#    the package's purl and the manifest technique carried over
CDX=$SHARED/vectors/cyclonedx
if [ -f "$CDX/validate.py" ] && /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	SOURCE_DATE_EPOCH=1700000000 "$FWAUDIT" scan "$OW" --format cyclonedx -o "$T/ow.cdx.json" >/dev/null 2>&1
	/usr/bin/python3 "$CDX/validate.py" "$T/ow.cdx.json" > "$T/v.out" 2>&1 || { cat "$T/v.out"; fail "schema"; }
	jcheck "$T/ow.cdx.json" '[(c["purl"], c["evidence"]["identity"][0]["methods"][0]["technique"]) for c in d["components"] if c["name"] == "Dropbear SSH"] == [("pkg:opkg/dropbear@2019.78-2?arch=aarch64_generic", "manifest-analysis")]'
	# (and the kernel, 4.14.221 from lib/modules: test_linux_kernel)
	jcheck "$T/ow.cdx.json" 'len(d["components"]) == 92 and len({c["bom-ref"] for c in d["components"]}) == 92'
	jcheck "$T/ow.cdx.json" '[c["version"] for c in d["components"] if c["name"] == "Linux kernel"] == ["4.14.221"]'
fi

# 3. --vulndb: the hand-written advisory (tests/data/vulndb/README.md) for
#    Dropbear before 2020.79 matches the package component by its CPE
expect_exit 0 "$FWAUDIT" vulndb import --vulndb "$T/v.db" "$TOP/tests/data/vulndb/dropbear-advisory.nvd.json"
expect_exit 1 "$FWAUDIT" scan "$OW" --vulndb "$T/v.db" --format json -o "$T/v.json"
jcheck "$T/v.json" '[(v["id"], v["component"], v["status"], v["matched_by"]) for v in d["facts"]["components.vulnerabilities"]["value"]] == [("CVE-2020-36254", "input0:usr/lib/opkg/status:dropbear", "affected", "cpe")]'
jcheck "$T/v.json" '[r["verdict"] for r in d["rules"] if r["id"] == "VULN-KNOWN-AFFECTED"] == ["fail"]'

# 4. dpkg: only installed stanzas, continuation lines read past, the epoch and
#    Debian revision off the version, multiarch twins kept apart; a BusyBox
#    binary whose string disagrees with its package: both versions, a warning
R=$T/deb
mkdir -p "$R/var/lib/dpkg" "$R/bin" "$R/etc"
cat > "$R/var/lib/dpkg/status" <<'EOF'
Package: busybox
Status: install ok installed
Architecture: armhf
Version: 1:1.30.1-6
Description: Tiny utilities
 A second line of the description.

Package: removed-tool
Status: deinstall ok config-files
Architecture: armhf
Version: 2.0-1

Package: libssl1.1
Status: install ok installed
Architecture: armhf
Multi-Arch: same
Version: 1.1.1n-0+deb11u5

Package: libssl1.1
Status: install ok installed
Architecture: arm64
Version: 1.1.1n-0+deb11u5
EOF
# a real ELF (this system's true) with BusyBox's version string appended
ELF=/usr/bin/true; [ -f "$ELF" ] || ELF=/bin/true
cp "$ELF" "$R/bin/busybox" && printf 'BusyBox v1.31.0 (2020-01-01)\000' >> "$R/bin/busybox"
expect_exit 0 "$FWAUDIT" scan "$R" --facts-only -o "$T/deb.json"
jcheck "$T/deb.json" 'sorted((c["id"], c["version"], c["package_version"], c.get("package_arch"), c["purl"]) for c in '"$comps"') == [("busybox", "1.30.1", "1:1.30.1-6", "armhf", "pkg:deb/debian/busybox@1%3A1.30.1-6?arch=armhf"), ("openssl", "1.1.1n", "1.1.1n-0+deb11u5", "arm64", "pkg:deb/debian/libssl1.1@1.1.1n-0%2Bdeb11u5?arch=arm64"), ("openssl", "1.1.1n", "1.1.1n-0+deb11u5", "armhf", "pkg:deb/debian/libssl1.1@1.1.1n-0%2Bdeb11u5?arch=armhf")]'
jcheck "$T/deb.json" 'len({c["bom_ref"] for c in '"$comps"'}) == 3'
jcheck "$T/deb.json" '[(c["binary_versions"], "1.31.0" in c["version_note"]) for c in '"$comps"' if c["id"] == "busybox"] == [([{"path": "bin/busybox", "version": "1.31.0", "confidence": "high"}], True)]'
jcheck "$T/deb.json" '[w for w in d["warnings"] if "package busybox is version 1.30.1, but bin/busybox holds version 1.31.0" in w] != []'

# 5. apk: every entry installed, "-rN" off the version
R=$T/apk
mkdir -p "$R/lib/apk/db" "$R/etc"
printf 'C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\n\nP:dropbear\nV:2022.83-r1\nA:x86_64\n' > "$R/lib/apk/db/installed"
expect_exit 0 "$FWAUDIT" scan "$R" --facts-only -o "$T/apk.json"
jcheck "$T/apk.json" 'sorted((c["id"], c["version"], c["purl"], c["evidence"][0]["line"]) for c in '"$comps"') == [("dropbear", "2022.83", "pkg:apk/alpine/dropbear@2022.83-r1?arch=x86_64", 7), ("musl", "1.2.4", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64", 2)]'

# 6. Broken databases: a NUL byte, a line that is no field: a warning naming
#    the file and where (the NUL after 11 + 15 bytes of lines: 0x1a), no
#    components, no crash; the scan goes on
R=$T/bad
mkdir -p "$R/usr/lib/opkg" "$R/etc"
printf 'Package: a\nVersion: 1.0-1\n\000garbage\n' > "$R/usr/lib/opkg/status"
expect_exit 0 "$FWAUDIT" scan "$R" --facts-only -o "$T/bad.json"
jcheck "$T/bad.json" '"components" not in d["facts"] and [w for w in d["warnings"] if "usr/lib/opkg/status" in w and "offset 0x1a" in w and "NUL" in w] != []'
printf 'Package: a\nVersion: 1.0-1\nStatus: install ok installed\nthis line has no colon\n' > "$R/usr/lib/opkg/status"
expect_exit 0 "$FWAUDIT" scan "$R" --facts-only -o "$T/bad.json"
jcheck "$T/bad.json" '"components" not in d["facts"] and [w for w in d["warnings"] if "usr/lib/opkg/status:4: expected a field" in w] != []'
echo ok
