# Embedded-Linux root file systems read in process: the same small tree as
# tar (plain, gzip, xz), cpio and a directory gives the same accounts; a
# link to /etc/shadow stays inside the root (the host's file is never
# read); names with ".." or "/" are listed, never followed; damaged input
# is exit 2 with the offset, never a crash.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
h_admin=$(openssl passwd -1 -salt Qx3 admin)
h_strong=$(openssl passwd -6 -salt Zz9 'not-in-any-list-4711')
cat > "$T/spec.json" <<JSON
[
 {"name": "./", "type": "dir"},
 {"name": "./etc", "type": "dir"},
 {"name": "./bin", "type": "dir"},
 {"name": "./etc/passwd", "type": "file", "data": "root:x:0:0:root:/root:/bin/sh\nadmin:$h_admin:0:0::/:/bin/sh\nguest::1000:1000::/home/guest:/bin/sh\ndaemon:*:1:1::/:/bin/false\nsvc:x:1001:1001::/:/bin/sh\nstrong:$h_strong:1002:1002::/:/bin/sh\n"},
 {"name": "./etc/shadow", "type": "symlink", "link": "/etc/shadow"},
 {"name": "./etc/group", "type": "symlink", "link": "../../../../etc/group.real"},
 {"name": "./etc/group.real", "type": "file", "data": "root:x:0:\n"},
 {"name": "../evil.txt", "type": "file", "data": "outside"},
 {"name": "/abs/file", "type": "file", "data": "absolute"},
 {"name": "./loop", "type": "dir"},
 {"name": "./loop/a", "type": "symlink", "link": "b"},
 {"name": "./loop/b", "type": "symlink", "link": "a"}
]
JSON
$PY "$(dirname "$0")/rootfs_build.py" "$T/fs" "$T/spec.json" || fail "cannot build the test trees"
zstd -q -19 "$T/fs/rootfs.tar" -o "$T/fs/rootfs.tar.zst" || fail "zstd"
[ -r /etc/shadow ] && host_root=$(grep '^root:' /etc/shadow | cut -d: -f2)

# SquashFS images of the same directory (squashfs-tools at test time only),
# one behind a TRX header as a router image has it
sq=""
if command -v mksquashfs >/dev/null; then
	for c in gzip xz zstd; do
		mksquashfs "$T/fs/dir" "$T/fs/rootfs-$c.squashfs" -comp $c -all-root -noappend -quiet \
		    >/dev/null 2>&1 || fail "mksquashfs -comp $c"
		sq="$sq rootfs-$c.squashfs"
	done
	{ printf 'HDR0'; head -c 60 /dev/zero; cat "$T/fs/rootfs-xz.squashfs"; } > "$T/fs/router.trx"
	sq="$sq router.trx"
	mksquashfs "$T/fs/dir" "$T/lzo.squashfs" -comp lzo -noappend -quiet >/dev/null 2>&1 &&
	    { expect_exit 2 "$FWAUDIT" scan "$T/lzo.squashfs"; contains "$T/err" "compression 3 (lzo) is not supported"; }
fi
for f in rootfs.tar rootfs.tar.gz rootfs.tar.xz rootfs.tar.zst rootfs.cpio dir $sq; do
	expect_exit 0 "$FWAUDIT" scan "$T/fs/$f" --facts-only -o "$T/$f.json"
	jcheck "$T/$f.json" 'd["inputs"][0]["kind"] == "linux-rootfs"'
	# every account, and no other (the host's passwd/shadow are never read)
	jcheck "$T/$f.json" '[a["name"] for a in d["facts"]["linux.accounts"]["value"]] == ["root", "admin", "guest", "daemon", "svc", "strong"]'
	jcheck "$T/$f.json" '{a["name"]: a["password"] for a in d["facts"]["linux.accounts"]["value"]} == {"root": "no_shadow_entry", "admin": "hash", "guest": "empty", "daemon": "locked", "svc": "no_shadow_entry", "strong": "hash"}'
	# etc/shadow -> /etc/shadow names the image's own etc/shadow: itself, a loop
	jcheck "$T/$f.json" '[x["state"] for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "shadow"] == ["link_loop"]'
	# ../../../../etc/group.real from etc/ stops at the root
	jcheck "$T/$f.json" '[x["state"] for x in d["facts"]["linux.account_files"]["value"] if x["name"] == "group"] == ["present"]'
	# admin's md5crypt is "admin" (a list entry); the SHA-512 one is in no list
	jcheck "$T/$f.json" '[(m["name"], m["hash_type"], m["masked"]) for m in d["facts"]["linux.password_matches"]["value"]] == [("admin", "md5crypt", "a***")]'
	case "${host_root:-}" in
	'$'*) ! grep -qF -- "$host_root" "$T/$f.json" || fail "$f: the host's root hash is in the facts" ;;
	esac
done
# archives list the names they could not take as they are
for f in rootfs.tar rootfs.cpio; do
	jcheck "$T/$f.json" 'any("climbs out" in p["problem"] and p["path"] == "../evil.txt" for p in d["facts"]["linux.rootfs"]["value"][0]["problems"])'
	jcheck "$T/$f.json" 'any("absolute" in p["problem"] for p in d["facts"]["linux.rootfs"]["value"][0]["problems"])'
done
jcheck "$T/rootfs.tar.gz.json" 'd["facts"]["linux.rootfs"]["value"][0]["format"] == "tar (gzip)"'
jcheck "$T/rootfs.tar.zst.json" 'd["facts"]["linux.rootfs"]["value"][0]["format"] == "tar (zstd)"'
jcheck "$T/dir.json" 'd["facts"]["linux.rootfs"]["value"][0]["format"] == "directory"'
# a directory's provenance is its tree digest: not the empty string's, and
# changed by one byte of one file
jcheck "$T/dir.json" 'd["inputs"][0]["sha256"] not in ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")'
cp -r "$T/fs/dir" "$T/dir2"
printf 'x' >> "$T/dir2/etc/group.real"
expect_exit 0 "$FWAUDIT" scan "$T/dir2" --facts-only -o "$T/dir2.json"
/usr/bin/python3 - "$T/dir.json" "$T/dir2.json" <<'PY' || fail "a changed file left the tree digest unchanged"
import json, sys
a, b = (json.load(open(p))["inputs"][0]["sha256"] for p in sys.argv[1:])
sys.exit(a == b or len(a) != 64)
PY
if [ -n "$sq" ]; then
	jcheck "$T/rootfs-zstd.squashfs.json" 'd["facts"]["linux.rootfs"]["value"][0]["format"] == "squashfs 4.0 zstd"'
	jcheck "$T/router.trx.json" '(lambda r: (r["format"], r["wrapper"], r["offset"]))(d["facts"]["linux.rootfs"]["value"][0]) == ("squashfs 4.0 xz", "trx", 64)'
fi

# the report names the findings
expect_exit 1 "$FWAUDIT" scan "$T/fs/rootfs.tar" --format json -o "$T/r.json"
jcheck "$T/r.json" '{r["id"] for r in d["rules"] if r["verdict"] == "fail"} >= {"LINUX-DEFAULT-PASSWORD", "LINUX-EMPTY-PASSWORD", "LINUX-UID0-ONLY-ROOT", "LINUX-HASHES-PROTECTED"}'

# --jobs 1 and many threads find the same
expect_exit 0 "$FWAUDIT" scan "$T/fs/rootfs.tar" --jobs 1 --facts-only -o "$T/j1.json"
expect_exit 0 "$FWAUDIT" scan "$T/fs/rootfs.tar" --jobs 8 --facts-only -o "$T/j8.json"
/usr/bin/python3 - "$T/j1.json" "$T/j8.json" <<'PY' || fail "--jobs 1 and --jobs 8 differ"
import json, sys
a, b = (json.load(open(p))["facts"] for p in sys.argv[1:])
sys.exit(not (a["linux.password_matches"] == b["linux.password_matches"] and a["linux.password_matches"]["value"]))
PY

# a directory that is no root file system, and damaged archives: exit 2
mkdir "$T/empty.d"
expect_exit 2 "$FWAUDIT" scan "$T/empty.d"
contains "$T/err" "is a directory, but not a root file system"
head -c $(($(stat -c %s "$T/fs/rootfs.tar.gz") / 2)) "$T/fs/rootfs.tar.gz" > "$T/trunc.tar.gz"
expect_exit 2 "$FWAUDIT" scan "$T/trunc.tar.gz"
contains "$T/err" "truncated"
# a plain tar cut inside a member: read as far as it goes, but none of its
# absences is evidence: every LINUX- rule not_tested, and a warning says why
head -c $(($(stat -c %s "$T/fs/rootfs.tar") * 2 / 3)) "$T/fs/rootfs.tar" > "$T/cut.tar"
"$FWAUDIT" scan "$T/cut.tar" --format json -o "$T/cut.json" 2>"$T/err"
jcheck "$T/cut.json" 'd["facts"]["linux.rootfs"]["value"][0]["complete"] is False and all(r["verdict"] == "not_tested" for r in d["rules"] if r["id"].startswith("LINUX-"))'
contains "$T/err" "could not be read to its end"
cp "$T/fs/rootfs.tar.xz" "$T/bad.tar.xz"
printf 'XXXXXXXXXXXXXXXX' | dd of="$T/bad.tar.xz" bs=1 seek=$(($(stat -c %s "$T/fs/rootfs.tar.xz") / 2)) conv=notrunc 2>/dev/null
expect_exit 2 "$FWAUDIT" scan "$T/bad.tar.xz"
contains "$T/err" "corrupt"
# a cpio whose first header is damaged: nothing indexed, exit 2 (an empty
# index once crashed the sort under UBSan)
{ printf '070701ZZZZZZZZ'; tail -c +15 "$T/fs/rootfs.cpio"; } > "$T/bad.cpio"
expect_exit 2 "$FWAUDIT" scan --kind linux-rootfs "$T/bad.cpio"
contains "$T/err" "not a root file system"
# binary garbage as passwd: warned, no account, no crash
printf '[{"name": "etc", "type": "dir"}, {"name": "etc/passwd", "type": "file", "data": "\\u0001\\u0002:\\u0003\\n:::\\nroot\\n"}]' > "$T/g.json"
$PY "$(dirname "$0")/rootfs_build.py" "$T/g" "$T/g.json" || fail "build"
expect_exit 0 "$FWAUDIT" scan "$T/g/rootfs.tar" --facts-only -o "$T/g.out.json"
jcheck "$T/g.out.json" 'd["facts"]["linux.accounts"]["value"] == [] and any("not a passwd entry" in w for w in d["warnings"])'
echo "ok"
