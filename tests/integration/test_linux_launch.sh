# Daemons started by a vendor program (issue #14): rcS starts vendord, and
# vendord (or a library it needs, found through its RPATH inside the tree)
# holds the command string that starts the daemon. A string that begins
# with the daemon's name and an argument (or " &"), or a program path alone,
# is a launch; a bare name (killall, a process list) is only a mention and
# fails nothing. Compiled here so that each case differs in one string.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
command -v cc >/dev/null || skip "no C compiler"
# tree NAME LIBSTRING: vendord (mentions telnetd, needs libvend.so) and the
# library holding LIBSTRING, in opt/vend/lib (vendord's RPATH)
tree() {
	mkdir -p "$T/$1/etc/init.d" "$T/$1/usr/bin" "$T/$1/opt/vend/lib" "$T/$1/bin"
	printf 'root:*:0:0:root:/root:/bin/sh\n' > "$T/$1/etc/passwd"
	printf '::sysinit:/etc/init.d/rcS\n' > "$T/$1/etc/inittab"
	printf '#!/bin/sh\nmount -a\nvendord &\n' > "$T/$1/etc/init.d/rcS"
	printf 'const char vend_cmd[] = "%s";\nconst char vend_pid[] = "/var/run/ftpd";\n' "$2" > "$T/lib.c"
	printf 'extern const char vend_cmd[];\nconst char *names[] = { "dnsmasq", "telnetd", 0 };\n#include <stdio.h>\nint main(void) { puts(names[1]); return vend_cmd[0]; }\n' > "$T/main.c"
	cc -shared -fPIC -o "$T/$1/opt/vend/lib/libvend.so" "$T/lib.c" || fail "cc lib"
	cc -o "$T/$1/usr/bin/vendord" "$T/main.c" -L"$T/$1/opt/vend/lib" -lvend \
	    -Wl,-rpath,/opt/vend/lib || fail "cc main"
}
services() {	# services REPORT: (name, kind, path) of each service
	$PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted((x["name"], x["kind"], x["path"]) for x in d["facts"]["linux.services"]["value"]))' "$1"
}
verdict() {
	$PY -c 'import json,sys
print(" ".join(r["verdict"] for r in json.load(open(sys.argv[1]))["rules"] if r["id"] == sys.argv[2]))' "$1" "$2"
}

tree launch 'utelnetd -p 23 &'
"$FWAUDIT" scan "$T/launch" --format json -o "$T/l.json" >/dev/null 2>&1
[ $? -le 1 ] || fail "scan launch"
[ "$(services "$T/l.json")" = "[('utelnetd', 'telnet', 'opt/vend/lib/libvend.so')]" ] ||
	fail "launch: $(services "$T/l.json")"
jcheck "$T/l.json" '[(x["path"], x["state"], x["searched"], x["libraries"][:1], x["mentions"]) for x in d["facts"]["linux.started_programs"]["value"]] == [("usr/bin/vendord", "examined", True, ["opt/vend/lib/libvend.so"], ["dnsmasq", "telnetd"])]'
jcheck "$T/l.json" '(lambda x: (x["started_by"], x["how"], x["command"], x["offset"] > 0))(d["facts"]["linux.services"]["value"][0]) == ("usr/bin/vendord", "string in binary", "utelnetd -p 23 &", True)'
# the offset is that of the string in the library
off=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["linux.services"]["value"][0]["offset"])' "$T/l.json")
[ "$(dd if="$T/launch/opt/vend/lib/libvend.so" bs=1 skip="$off" count=8 2>/dev/null)" = "utelnetd" ] || fail "offset $off"
[ "$(verdict "$T/l.json" LINUX-NO-TELNET)" = fail ] || fail "LINUX-NO-TELNET on a launched utelnetd"

# a program path alone is a launch (execv); a bare name only a mention
rm -rf "$T/launch"
tree path '/usr/sbin/tftpd'
"$FWAUDIT" scan "$T/path" --format json -o "$T/p.json" >/dev/null 2>&1
[ "$(services "$T/p.json")" = "[('tftpd', 'tftp', 'opt/vend/lib/libvend.so')]" ] || fail "path: $(services "$T/p.json")"
rm -rf "$T/path"
tree bare 'tftpd'
"$FWAUDIT" scan "$T/bare" --format json -o "$T/b.json" >/dev/null 2>&1
[ "$(services "$T/b.json")" = "[]" ] || fail "bare: $(services "$T/b.json")"
[ "$(verdict "$T/b.json" LINUX-NO-TELNET)" = pass ] || fail "a mention failed LINUX-NO-TELNET"
[ "$(verdict "$T/b.json" LINUX-NO-PLAINTEXT-FILE-TRANSFER)" = pass ] || fail "a mention failed the FTP rule"
# a name inside a sentence is no launch either
rm -rf "$T/bare"
tree prose 'start tftpd at factory mode'
"$FWAUDIT" scan "$T/prose" --format json -o "$T/s.json" >/dev/null 2>&1
[ "$(services "$T/s.json")" = "[]" ] || fail "prose: $(services "$T/s.json")"
# dropbear started by a string: linux.ssh reads its flags (-g: no root password)
rm -rf "$T/prose"
tree ssh 'dropbear -g -p %d'
"$FWAUDIT" scan "$T/ssh" --format json -o "$T/d.json" >/dev/null 2>&1
jcheck "$T/d.json" '[(x["name"], x["started"], x["path"], x["root_password_login"], x["password_login"]) for x in d["facts"]["linux.ssh"]["value"]] == [("dropbear", True, "opt/vend/lib/libvend.so", False, True)]'
# a started program that cannot be read (over the 64 MiB read limit) is no
# evidence: the service rules are not_tested, never pass
rm -rf "$T/ssh"
tree big 'tftpd'
truncate -s 70M "$T/big/usr/bin/vendord"
"$FWAUDIT" scan "$T/big" --format json -o "$T/g.json" >/dev/null 2>&1
jcheck "$T/g.json" '[(x["path"], x["state"], x["searched"], x["daemon"], "larger" in x["reason"]) for x in d["facts"]["linux.started_programs"]["value"]] == [("usr/bin/vendord", "unreadable", None, False, True)]'
for r in LINUX-NO-TELNET LINUX-NO-PLAINTEXT-FILE-TRANSFER LINUX-NO-DEBUG-SERVICE LINUX-SERVICES-UNPRIVILEGED; do
	[ "$(verdict "$T/g.json" $r)" = not_tested ] || fail "$r on an unreadable started program: $(verdict "$T/g.json" $r)"
done
# so is a library it needs
rm -rf "$T/big"
tree biglib 'tftpd'
truncate -s 70M "$T/biglib/opt/vend/lib/libvend.so"
"$FWAUDIT" scan "$T/biglib" --format json -o "$T/gl.json" >/dev/null 2>&1
jcheck "$T/gl.json" '[(x["state"], x["searched"], x["reason"].startswith("opt/vend/lib/libvend.so: ")) for x in d["facts"]["linux.started_programs"]["value"]] == [("examined", None, True)]'
[ "$(verdict "$T/gl.json" LINUX-NO-TELNET)" = not_tested ] || fail "LINUX-NO-TELNET with an unreadable library"
echo ok
