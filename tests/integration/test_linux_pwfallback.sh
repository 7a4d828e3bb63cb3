# Boot scripts that treat a missing hash as no password (issue #14): classic
# OpenWrt's /etc/init.d/telnet (12.09, enabled by its rc.d start link) starts
# telnetd when has_root_pwd finds root's field empty in passwd and shadow.
# With root's shadow field empty the fallback is open and
# LINUX-NO-PASSWORD-FALLBACK fails; with a hash it is listed, closed, and the
# rule passes. A boot command that blanks a password (passwd -d, sed writing
# root::) makes the account's password empty for LINUX-EMPTY-PASSWORD; a
# shell without login (telnetd -l /bin/sh) fails; a boot script that cannot
# be read leaves the rule not_tested.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
h_root=$(openssl passwd -1 -salt Qx3 'not-in-any-list-4711')
# OpenWrt 12.09 (Attitude Adjustment) package/base-files/files/etc/init.d/telnet
cat > "$T/telnet" <<'SH'
#!/bin/sh /etc/rc.common
# Copyright (C) 2006-2011 OpenWrt.org

START=50

has_root_pwd() {
	local pwd=$([ -f "$1" ] && cat "$1")
	      pwd="${pwd#*root:}"
	      pwd="${pwd%%:*}"

	test -n "${pwd#[\!x]}"
}

get_root_home() {
	local homedir=$([ -f "$1" ] && cat "$1")
	homedir="${homedir#*:*:0:0:*:}"

	echo "${homedir%%:*}"
}

has_ssh_pubkey() {
	( /etc/init.d/dropbear enabled 2> /dev/null && grep -qs "^ssh-" /etc/dropbear/authorized_keys ) || \
	( /etc/init.d/sshd enabled 2> /dev/null && grep -qs "^ssh-" "$(get_root_home /etc/passwd)"/.ssh/authorized_keys )
}

start() {
	if ( ! has_ssh_pubkey && \
	     ! has_root_pwd /etc/passwd && ! has_root_pwd /etc/shadow ) || \
	   ( ! /etc/init.d/dropbear enabled 2> /dev/null && ! /etc/init.d/sshd enabled 2> /dev/null );
	then
		service_start /usr/sbin/telnetd -l /bin/login.sh
	fi
}

stop() {
	service_stop /usr/sbin/telnetd
}
SH
# build NAME ROOTHASH RCS-TEXT: a tree (tar, tar.gz, ...) with the telnet
# script, its rc.d start link, and an rcS that inittab runs at sysinit
build() {
	printf '%b' "$3" > "$T/rcS.$1"
	$PY - "$T/$1.json" "$2" "$T/rcS.$1" "$T/telnet" <<'PY' || fail "spec $1"
import json, sys
out, h, rcs, telnet = sys.argv[1:]
d = lambda n: {"name": n, "type": "dir"}
f = lambda n, data, mode=0o644: {"name": n, "type": "file", "data": data, "mode": mode}
json.dump([d("./"), d("./etc"), d("./etc/init.d"), d("./etc/rc.d"),
           f("./etc/passwd", "root:x:0:0:root:/root:/bin/ash\nnobody:*:65534:65534:nobody:/var:/bin/false\n"),
           f("./etc/shadow", "root:%s:0:0:99999:7:::\nnobody:*:0:0:99999:7:::\n" % h, 0o600),
           f("./etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n::askfirst:/bin/login\n"),
           f("./etc/init.d/rcS", open(rcs).read(), 0o755),
           f("./etc/init.d/telnet", open(telnet).read(), 0o755),
           {"name": "./etc/rc.d/S50telnet", "type": "symlink", "link": "../init.d/telnet"}],
          open(out, "w"))
PY
	$PY "$(dirname "$0")/rootfs_build.py" "$T/$1" "$T/$1.json" || fail "cannot build $1"
}
verdict() {	# verdict REPORT RULE
	$PY -c 'import json,sys
print(" ".join(r["verdict"] for r in json.load(open(sys.argv[1]))["rules"] if r["id"] == sys.argv[2]))' "$1" "$2"
}
want() { [ "$(verdict "$1" "$2")" = "$3" ] || fail "$2 on $1: $(verdict "$1" "$2"), want $3"; }

# --- empty root field: open fallback
build empty "" '#!/bin/sh\nmount -a\n'
expect_exit 1 "$FWAUDIT" scan "$T/empty/rootfs.tar" --format json -o "$T/e.json"
# the evidence is the line that takes root's field out of the file (line 8)
jcheck "$T/e.json" '[(x["pattern"], x["path"], x["line"], x["account"], x["open"]) for x in d["facts"]["linux.password_fallbacks"]["value"]] == [("missing_hash_means_no_password", "etc/init.d/telnet", 8, "root", True)]'
jcheck "$T/e.json" 'd["facts"]["linux.password_fallbacks"]["value"][0]["excerpt"] == "pwd=\"${pwd#*root:}\""'
want "$T/e.json" LINUX-NO-PASSWORD-FALLBACK fail
# service_start /usr/sbin/telnetd: the telnet server is seen too
want "$T/e.json" LINUX-NO-TELNET fail

# --- a hash: the same script is listed, closed; the rule passes
build hashed "$h_root" '#!/bin/sh\nmount -a\n'
expect_exit 1 "$FWAUDIT" scan "$T/hashed/rootfs.tar.gz" --format json -o "$T/h.json"
jcheck "$T/h.json" '[(x["pattern"], x["open"]) for x in d["facts"]["linux.password_fallbacks"]["value"]] == [("missing_hash_means_no_password", False)]'
want "$T/h.json" LINUX-NO-PASSWORD-FALLBACK pass
want "$T/h.json" LINUX-EMPTY-PASSWORD pass

# --- rcS blanks root's password at boot: the hash in the image does not count
build blank "$h_root" '#!/bin/sh\nmount -a\nsed -i "s/^root:[^:]*:/root::/" /etc/shadow\n'
expect_exit 1 "$FWAUDIT" scan "$T/blank/rootfs.tar" --format json -o "$T/b.json"
jcheck "$T/b.json" '[(x["pattern"], x["path"], x["line"], x["account"], x["open"]) for x in d["facts"]["linux.password_fallbacks"]["value"] if x["pattern"] == "blanks_password"] == [("blanks_password", "etc/init.d/rcS", 3, "root", True)]'
jcheck "$T/b.json" '[(a["password"], a.get("blanked_by")) for a in d["facts"]["linux.accounts"]["value"] if a["name"] == "root"] == [("empty", "etc/init.d/rcS line 3")]'
want "$T/b.json" LINUX-EMPTY-PASSWORD fail
want "$T/b.json" LINUX-NO-PASSWORD-FALLBACK fail
build pwd "$h_root" '#!/bin/sh\n[ -f /tmp/factory ] && passwd -d root\n'
expect_exit 1 "$FWAUDIT" scan "$T/pwd/rootfs.tar" --format json -o "$T/p.json"
jcheck "$T/p.json" '[a["password"] for a in d["facts"]["linux.accounts"]["value"] if a["name"] == "root"] == ["empty"]'
build echo "$h_root" '#!/bin/sh\necho "root::0:0:root:/root:/bin/sh" > /etc/passwd\n'
expect_exit 1 "$FWAUDIT" scan "$T/echo/rootfs.tar" --format json -o "$T/o.json"
jcheck "$T/o.json" '[(x["line"], x["account"]) for x in d["facts"]["linux.password_fallbacks"]["value"] if x["pattern"] == "blanks_password"] == [(2, "root")]'

# --- a shell without login, whatever the hash
build shell "$h_root" '#!/bin/sh\n/usr/sbin/telnetd -l /bin/sh &\n'
expect_exit 1 "$FWAUDIT" scan "$T/shell/rootfs.tar" --format json -o "$T/s.json"
jcheck "$T/s.json" '[(x["pattern"], x["line"], x["open"]) for x in d["facts"]["linux.password_fallbacks"]["value"] if x["pattern"] == "shell_without_login"] == [("shell_without_login", 2, True)]'
want "$T/s.json" LINUX-NO-PASSWORD-FALLBACK fail
# telnetd -l /bin/login (asks for the password) is no such shell
build login "$h_root" '#!/bin/sh\n/usr/sbin/telnetd -l /bin/login &\n'
expect_exit 1 "$FWAUDIT" scan "$T/login/rootfs.tar" --format json -o "$T/l.json"
jcheck "$T/l.json" 'not [x for x in d["facts"]["linux.password_fallbacks"]["value"] if x["pattern"] == "shell_without_login"]'

# --- a boot script over the text limit (4 MiB) is not read: not_tested, never pass
build big "$h_root" '#!/bin/sh\n'
head -c 4300000 /dev/zero | tr '\0' '#' >> "$T/rcS.big"
$PY - "$T/big.json" "$T/rcS.big" <<'PY' || fail "spec big"
import json, sys
spec = json.load(open(sys.argv[1]))
[m for m in spec if m["name"] == "./etc/init.d/rcS"][0]["data"] = open(sys.argv[2]).read()
json.dump(spec, open(sys.argv[1], "w"))
PY
rm -rf "$T/big"
$PY "$(dirname "$0")/rootfs_build.py" "$T/big" "$T/big.json" || fail "cannot build big"
# (what it starts is unknown too: the console rule cannot pass, while the
# telnet that rc.d/S50telnet starts still fails on its own evidence)
expect_exit 1 "$FWAUDIT" scan "$T/big/rootfs.tar" --format json -o "$T/g.json"
jcheck "$T/g.json" '[(x["pattern"], x["path"], x["open"]) for x in d["facts"]["linux.password_fallbacks"]["value"] if x["pattern"] == "unread"] == [("unread", "etc/init.d/rcS", None)]'
want "$T/g.json" LINUX-NO-PASSWORD-FALLBACK not_tested
want "$T/g.json" LINUX-NO-TELNET fail
want "$T/g.json" LINUX-CONSOLE-LOGIN not_tested
echo ok
