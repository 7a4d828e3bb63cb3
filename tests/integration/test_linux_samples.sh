# The embedded-Linux samples (samples/linux, made by generate.sh): the
# insecure image fails every linux rule for the flaw planted for it, the
# hardened one passes them all; the generator gives the committed bytes.
. "$(dirname "$0")/lib.sh"
L=$TOP/samples/linux
expect_exit 1 "$FWAUDIT" scan "$L/insecure-rootfs.tar.gz" --format json -o "$T/ins.json"
# one planted flaw per rule (samples/linux/mkrootfs.py)
jcheck "$T/ins.json" 'sorted(r["id"] for r in d["rules"] if r["id"].startswith("LINUX-") and r["verdict"] == "fail") == sorted(["LINUX-DEFAULT-PASSWORD", "LINUX-EMPTY-PASSWORD", "LINUX-UID0-ONLY-ROOT", "LINUX-HASHES-PROTECTED", "LINUX-NO-TELNET", "LINUX-NO-PLAINTEXT-FILE-TRANSFER", "LINUX-NO-DEBUG-SERVICE", "LINUX-CONSOLE-LOGIN", "LINUX-SSH-NO-EMPTY-PASSWORDS", "LINUX-SSH-ROOT-PASSWORD", "LINUX-NO-DEBUG-TOOLS", "LINUX-NO-SHIPPED-PRIVATE-KEY", "LINUX-CERTIFICATES-SOUND", "LINUX-NO-CONFIG-CREDENTIALS", "LINUX-SERVICES-UNPRIVILEGED", "LINUX-KERNEL-CMDLINE-SAFE", "LINUX-KERNEL-HARDENED-CONFIG", "LINUX-NO-PASSWORD-FALLBACK"])'
expect_exit 0 "$FWAUDIT" scan "$L/insecure-rootfs.tar.gz" --facts-only -o "$T/insf.json"
# root's md5crypt is "root", admin's sha512crypt "admin"; support has none
jcheck "$T/insf.json" '[(m["name"], m["hash_type"], m["masked"]) for m in d["facts"]["linux.password_matches"]["value"]] == [("root", "md5crypt", "r***"), ("admin", "sha512crypt", "a***")]'
# the key and the certificate as OpenSSL reads them: RSA-1024, SHA-1, expired 2014
jcheck "$T/insf.json" '[(k["path"], k["key_type"], k["key_bits"], k["weak"]) for k in d["facts"]["linux.private_keys"]["value"]] == [("etc/ssl/private/server.key", "rsa", 1024, True)]'
jcheck "$T/insf.json" '[(c["expired"], c["self_signed"], c["weak_signature"], c["not_after"]) for c in d["facts"]["linux.certificates"]["value"]] == [(True, True, True, "2014-01-01T00:00:00Z")]'
# WPAPSK1=12345678 at its offset in the file (line 5)
jcheck "$T/insf.json" '[(s["path"], s["name"], s["line"], s["offset"], s["masked"], s["length"]) for s in d["facts"]["linux.secrets"]["value"]] == [("etc/wireless/RT2860AP.dat", "WPAPSK1", 5, 66, "1***", 8)]'
# rcS line 7 blanks admin's password on a factory reset: admin's password is
# empty after boot, whatever its (default) hash
jcheck "$T/insf.json" '[(x["pattern"], x["account"], x["path"], x["line"]) for x in d["facts"]["linux.password_fallbacks"]["value"]] == [("blanks_password", "admin", "etc/init.d/rcS", 7)]'
jcheck "$T/insf.json" '[(a["password"], a.get("blanked_by")) for a in d["facts"]["linux.accounts"]["value"] if a["name"] == "admin"] == [("empty", "etc/init.d/rcS line 7")]'
jcheck "$T/insf.json" 'sorted((s["name"], s["kind"], s["runs_as"]) for s in d["facts"]["linux.services"]["value"]) == [("dropbear", "ssh", "root"), ("gdbserver", "debugger", "root"), ("tddp", "vendor-debug", "root"), ("telnetd", "telnet", "root"), ("tftpd", "tftp", "root")]'

expect_exit 0 "$FWAUDIT" scan "$L/hardened-rootfs.tar.gz" --format json -o "$T/hard.json"
jcheck "$T/hard.json" '{r["verdict"] for r in d["rules"] if r["id"].startswith("LINUX-")} == {"pass"}'
jcheck "$T/hard.json" 'len([r for r in d["rules"] if r["id"].startswith("LINUX-")]) == 18'

# the generator, run again with the committed keys, gives the committed bytes
mkdir "$T/gen" && cp -r "$L/keys" "$T/gen/"
/usr/bin/python3 "$L/mkrootfs.py" "$T/gen" "$(openssl passwd -6 -salt sampleAdmin admin)" \
	"$(openssl passwd -1 -salt sRoot root)" || fail "mkrootfs.py"
cmp -s "$T/gen/insecure-rootfs.tar.gz" "$L/insecure-rootfs.tar.gz" || fail "insecure sample differs from its generator"
cmp -s "$T/gen/hardened-rootfs.tar.gz" "$L/hardened-rootfs.tar.gz" || fail "hardened sample differs from its generator"
# both in one scan: each input's SSH server is judged on its own start line
# (the hardened one's dropbear flags were read for the insecure one too)
expect_exit 1 "$FWAUDIT" scan "$L/hardened-rootfs.tar.gz" "$L/insecure-rootfs.tar.gz" --format json -o "$T/both.json"
jcheck "$T/both.json" '[(x["input"], x["empty_passwords"], x["root_password_login"]) for x in d["facts"]["linux.ssh"]["value"]] == [(0, False, False), (1, True, True)]'
jcheck "$T/both.json" '[r["verdict"] for r in d["rules"] if r["id"] in ("LINUX-SSH-NO-EMPTY-PASSWORDS", "LINUX-SSH-ROOT-PASSWORD")] == ["fail", "fail"]'
echo ok
