# Published embedded-Linux firmware (../shared/vectors/realworld-linux,
# README.md): what binwalk, unsquashfs (patched for the TL-WR740N's LZMA),
# tar and john established there, read back by fwaudit in process.
. "$(dirname "$0")/lib.sh"
V=$SHARED/vectors/realworld-linux
[ -f "$V/README.md" ] || skip "no realworld-linux vectors"
MT=$V/tplink_mt7628_rootfs.squashfs
WR=$V/tplink_tl-wr740n-v4_3.12.11_trx.bin
OW=$V/openwrt-19.07.7_armvirt-64_luci_rootfs.tar.gz

# Not ESP flash dumps: each is the Linux kind, and forcing esp-flash is refused.
for f in "$MT" "$WR" "$OW"; do
	expect_exit 2 "$FWAUDIT" scan --kind esp-flash "$f"
	contains "$T/err" "not an ESP flash dump"
done

expect_exit 0 "$FWAUDIT" scan "$MT" --facts-only -o "$T/mt.json"
jcheck "$T/mt.json" 'd["inputs"][0]["kind"] == "linux-rootfs"'
# README: SquashFS 4.0 xz @ 0; 361 files, 42 directories, 60 symlinks, 89 device nodes
jcheck "$T/mt.json" '(lambda r: (r["format"], r["offset"], r["file"], r["dir"], r["symlink"], r["chardev"] + r["blockdev"]))(d["facts"]["linux.rootfs"]["value"][0]) == ("squashfs 4.0 xz", 0, 361, 42, 60, 89)'
# /etc/passwd -> /var/passwd, filled by rcS from /etc/passwd.bak; no shadow
jcheck "$T/mt.json" '[(x["state"], x.get("read_from"), x.get("link_target")) for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "passwd"] == [("filled_at_boot", "etc/passwd.bak", "/var/passwd")]'
jcheck "$T/mt.json" '[x["state"] for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "shadow"] == ["missing"]'
# admin $1$ (empty salt) = 1234 (john and crypt agree); UID 0: admin and nobody
jcheck "$T/mt.json" '[(m["name"], m["hash_type"], m["masked"], m["length"]) for m in d["facts"]["linux.password_matches"]["value"]] == [("admin", "md5crypt", "1***", 4)]'
jcheck "$T/mt.json" '[a["name"] for a in d["facts"]["linux.accounts"]["value"] if a["uid0"]] == ["admin", "nobody"]'
# inittab: ttyS1::askfirst:/bin/login; rcS starts cos & (and config-mii.sh, a script),
# and cos starts the daemons: README, cos has `tddp &` at 74868 and libcmm.so (which
# cos needs) `dropbear -p %d -r %s -d %s -A %s`. The bare `telnetd` at 74620 sits in a
# list of process names (vsftpd, telnetd, noipdns, ...) with no argument: a mention,
# no telnet service. dropbear's string has no -s/-g/-w: root password logins.
jcheck "$T/mt.json" '[(c["name"], c["access"]) for c in d["facts"]["linux.consoles"]["value"]] == [("ttyS1", "login")]'
jcheck "$T/mt.json" '[(x["name"], x["path"], x["state"]) for x in d["facts"]["linux.started_programs"]["value"]] == [("config-mii.sh", "sbin/config-mii.sh", "not_elf"), ("cos", "usr/bin/cos", "examined")]'
jcheck "$T/mt.json" '"lib/libcmm.so" in d["facts"]["linux.started_programs"]["value"][1]["libraries"] and "telnetd" in d["facts"]["linux.started_programs"]["value"][1]["mentions"]'
jcheck "$T/mt.json" '[(x["name"], x["kind"], x["started_by"], x["path"], x["offset"], x["command"], x["how"]) for x in d["facts"]["linux.services"]["value"] if x["name"] in ("tddp", "dropbear")] == [("tddp", "vendor-debug", "usr/bin/cos", "usr/bin/cos", 74868, "tddp &", "string in binary"), ("dropbear", "ssh", "usr/bin/cos", "lib/libcmm.so", 811512, "dropbear -p %d -r %s -d %s -A %s", "string in binary")]'
jcheck "$T/mt.json" 'not [x for x in d["facts"]["linux.services"]["value"] if x["kind"] in ("telnet", "ftp", "tftp")]'
jcheck "$T/mt.json" '[(x["name"], x["started"], x["path"], x["root_password_login"], x["empty_passwords"]) for x in d["facts"]["linux.ssh"]["value"]] == [("dropbear", True, "lib/libcmm.so", True, False)]'
expect_exit 1 "$FWAUDIT" scan "$MT" --format json -o "$T/mtr.json"
jcheck "$T/mtr.json" '[(r["verdict"], [i.get("label") for e in r["evidence"] for i in e.get("failing", [])]) for r in d["rules"] if r["id"] == "LINUX-NO-DEBUG-SERVICE"] == [("fail", ["tddp (usr/bin/cos)"])]'
jcheck "$T/mtr.json" '[r["verdict"] for r in d["rules"] if r["id"] in ("LINUX-NO-TELNET", "LINUX-NO-PLAINTEXT-FILE-TRANSFER")] == ["pass", "pass"]'

expect_exit 0 "$FWAUDIT" scan "$WR" --facts-only -o "$T/wr.json"
# README: TRX + TP-Link v1; SquashFS lzma (TP-Link variant) @ 1048604; 366 files,
# 38 directories, 68 symlinks, 68 device nodes (stock unsquashfs reads none)
jcheck "$T/wr.json" '(lambda r: (r["format"], r["wrapper"], r["offset"], r["file"], r["dir"], r["symlink"], r["chardev"] + r["blockdev"], r["problems"]))(d["facts"]["linux.rootfs"]["value"][0]) == ("squashfs 4.0 lzma", "trx+tp-link", 1048604, 366, 38, 68, 68, [])'
# 5 accounts with an empty password; the $1$ hash of root and Admin matches nothing
jcheck "$T/wr.json" '[a["name"] for a in d["facts"]["linux.accounts"]["value"] if a["password"] == "empty"] == ["bin", "daemon", "adm", "nobody", "ap71"]'
jcheck "$T/wr.json" 'd["facts"]["linux.password_matches"]["value"] == []'
jcheck "$T/wr.json" '[a["name"] for a in d["facts"]["linux.accounts"]["value"] if a["uid0"]] == ["root", "Admin"]'
# getty on ttyS0; rcS starts /usr/bin/httpd &; no SSH server
jcheck "$T/wr.json" '[(c["name"], c["access"]) for c in d["facts"]["linux.consoles"]["value"]] == [("ttyS0", "login")]'
# httpd embeds a TDDP server (README: `TDDP: Receive client request.`, ...): a
# vendor-debug service found by the marker in rules/data/service-markers.txt
jcheck "$T/wr.json" '[(x["name"], x["path"]) for x in d["facts"]["linux.services"]["value"]] == [("httpd", "/etc/rc.d/rcS"), ("tddp", "usr/bin/httpd")] and d["facts"]["linux.ssh"]["value"] == []'
jcheck "$T/wr.json" '(lambda x: (x["kind"], x["how"], x["started_by"], x["command"].startswith("TDDP: ")))(d["facts"]["linux.services"]["value"][1]) == ("vendor-debug", "protocol marker in binary", "usr/bin/httpd", True)'
jcheck "$T/wr.json" '[(x["name"], x["daemon"], x["state"]) for x in d["facts"]["linux.started_programs"]["value"]] == [("/etc/rc.d/rc.modules", False, "not_elf"), ("/usr/bin/httpd", True, "examined")]'
expect_exit 1 "$FWAUDIT" scan "$WR" --format json -o "$T/wrr.json"
jcheck "$T/wrr.json" '[(r["verdict"], [i.get("label") for e in r["evidence"] for i in e.get("failing", [])]) for r in d["rules"] if r["id"] == "LINUX-NO-DEBUG-SERVICE"] == [("fail", ["tddp (usr/bin/httpd)"])]'
# without the marker table the same image has no debug service: the finding is the table's
mkdir -p "$T/rules" && cp -r "$TOP/rules/." "$T/rules/" && printf '# none\n' > "$T/rules/data/service-markers.txt"
expect_exit 0 env FWAUDIT_RULES="$T/rules" "$FWAUDIT" scan "$WR" --facts-only -o "$T/wr0.json"
jcheck "$T/wr0.json" '[x["name"] for x in d["facts"]["linux.services"]["value"]] == ["httpd"]'
# shadow mode 0755: readable by all
jcheck "$T/wr.json" '[(x["mode"], x["world_readable"]) for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "shadow"] == [(0o755, True)]'

expect_exit 0 "$FWAUDIT" scan "$OW" --facts-only -o "$T/ow.json"
# README: 1036 members: 749 regular files, 102 directories, 185 symlinks
jcheck "$T/ow.json" '(lambda r: (r["format"], r["entries"], r["file"], r["dir"], r["symlink"]))(d["facts"]["linux.rootfs"]["value"][0]) == ("tar (gzip)", 1036, 749, 102, 185)'
jcheck "$T/ow.json" '[(a["name"], a["password"]) for a in d["facts"]["linux.accounts"]["value"] if a["uid0"]] == [("root", "empty")]'
jcheck "$T/ow.json" '[(x["mode"], x["world_readable"]) for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "shadow"] == [(0o600, False)]'
# rc.d start links: dropbear, uhttpd, rpcd, dnsmasq among them; consoles run login.sh
# (a shell unless ttylogin is set); dropbear PasswordAuth and RootPasswordAuth on,
# its RSA host key file empty; uhttpd's cert and key are not in the tarball
jcheck "$T/ow.json" '{x["name"] for x in d["facts"]["linux.services"]["value"]} >= {"dropbear", "uhttpd", "rpcd", "dnsmasq"}'
# procd's programs are read too, and none holds a daemon's launch string
# (a daemon's own name in its own bytes, /var/run/rpcd or /etc/dropbear is none)
jcheck "$T/ow.json" 'not [x for x in d["facts"]["linux.services"]["value"] if "how" in x]'
jcheck "$T/ow.json" '{x["path"]: x["state"] for x in d["facts"]["linux.started_programs"]["value"]}["sbin/netifd"] == "examined"'
# the dnsmasq init script builds --user=dnsmasq; uhttpd has no user: root
jcheck "$T/ow.json" '{x["name"]: x["runs_as"] for x in d["facts"]["linux.services"]["value"]}["dnsmasq"] == "dnsmasq" and {x["name"]: x["runs_as"] for x in d["facts"]["linux.services"]["value"]}["uhttpd"] == "root"'
jcheck "$T/ow.json" 'sorted((c["name"], c["access"]) for c in d["facts"]["linux.consoles"]["value"]) == [("hvc0", "shell_unless_configured"), ("ttyAMA0", "shell_unless_configured"), ("ttyS0", "shell_unless_configured")]'
jcheck "$T/ow.json" '[(x["name"], x["password_login"], x["root_password_login"], x["host_keys"]) for x in d["facts"]["linux.ssh"]["value"]] == [("dropbear", True, True, [{"path": "etc/dropbear/dropbear_rsa_host_key", "size": 0, "empty": True}])]'
jcheck "$T/ow.json" '[(x["https"], x["cert"], x["cert_in_image"], x["key"], x["key_in_image"]) for x in d["facts"]["linux.http_tls"]["value"]] == [(True, "/etc/uhttpd.crt", False, "/etc/uhttpd.key", False)]'

# Damaged: the slice cut short, and a corrupt block inside the file system
head -c 1048576 "$MT" > "$T/cut.squashfs"
expect_exit 2 "$FWAUDIT" scan "$T/cut.squashfs"
contains "$T/err" "truncated"
cp "$MT" "$T/bad.squashfs"
# the inode table's first metadata block (its position is in the superblock at 64)
off=$(od -An -t u8 -j 64 -N 8 "$MT" | tr -d ' ')
printf '\377\377\377\377\377\377\377\377' | dd of="$T/bad.squashfs" bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
expect_exit 2 "$FWAUDIT" scan "$T/bad.squashfs"
contains "$T/err" "offset 0x"
echo ok
