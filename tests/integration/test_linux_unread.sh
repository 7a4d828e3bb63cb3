# Missing or unread boot and account files are not evidence: a rootfs
# whose inittab is too large, a link loop, or damaged inside a SquashFS
# leaves the console and service rules not_tested (never pass); BusyBox
# init without an inittab runs a shell on the console (its built-in
# default); a hash libcrypt cannot compute, or a shadow too large to
# read, leaves the password rules not_tested; an ELF cut short leaves the
# ELF rules not_tested; a root with no boot file, or no inittab and an init
# other than BusyBox, leaves what it says nothing of not_tested.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
verdict() {	# verdict JSON RULE
	$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print([r["verdict"] for r in d["rules"] if r["id"]==sys.argv[2]][0])' "$1" "$2"
}
want() {	# want JSON RULE VERDICT
	v=$(verdict "$1" "$2")
	[ "$v" = "$3" ] || fail "$1: $2 is $v, expected $3"
}
base() {	# base DIR: accounts, a BusyBox init and an rcS starting nothing
	mkdir -p "$1/etc/init.d" "$1/bin" "$1/sbin"
	printf 'root:x:0:0:root:/root:/bin/sh\n' > "$1/etc/passwd"
	printf 'root:*:19000:0:99999:7:::\n' > "$1/etc/shadow"
	chmod 600 "$1/etc/shadow"
	printf '#!/bin/sh\nmount -a\n' > "$1/etc/init.d/rcS"
	printf '\177ELF-not-really busybox' > "$1/bin/busybox"
	ln -s ../bin/busybox "$1/sbin/init"
}

# a readable inittab asking for a login: the console rule passes (control)
base "$T/ok"
# (long enough that SquashFS compresses it, for the damaged-block case)
{ printf '::sysinit:/etc/init.d/rcS\nttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n'
  for i in $(seq 1 60); do echo "# console settings, line $i"; done; } > "$T/ok/etc/inittab"
expect_exit 0 "$FWAUDIT" scan "$T/ok" --format json -o "$T/ok.json"
want "$T/ok.json" LINUX-CONSOLE-LOGIN pass
want "$T/ok.json" LINUX-NO-TELNET pass

# too large to read: not evidence
base "$T/big"
{ printf '::sysinit:/etc/init.d/rcS\nttyS0::respawn:/bin/sh\n'; head -c 5000000 /dev/zero | tr '\0' '#'; echo; } > "$T/big/etc/inittab"
"$FWAUDIT" scan "$T/big" --format json -o "$T/big.json" 2>"$T/big.err"
want "$T/big.json" LINUX-CONSOLE-LOGIN not_tested
want "$T/big.json" LINUX-NO-TELNET not_tested
contains "$T/big.err" "etc/inittab"

# a link loop where inittab should be
base "$T/loop"
ln -s inittab.b "$T/loop/etc/inittab"; ln -s inittab "$T/loop/etc/inittab.b"
"$FWAUDIT" scan "$T/loop" --format json -o "$T/loop.json" 2>/dev/null
want "$T/loop.json" LINUX-CONSOLE-LOGIN not_tested

# no inittab at all under BusyBox init: its built-in default runs
# "::askfirst:-/bin/sh" on the console, a shell without a login
base "$T/none"
"$FWAUDIT" scan "$T/none" --format json -o "$T/none.json" 2>/dev/null
want "$T/none.json" LINUX-CONSOLE-LOGIN fail

# a bcrypt cost libcrypt refuses: the hash was never compared
base "$T/bcrypt"
cp "$T/ok/etc/inittab" "$T/bcrypt/etc/inittab"
printf 'root:$2b$99$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q:19000:0:99999:7:::\n' > "$T/bcrypt/etc/shadow"
"$FWAUDIT" scan "$T/bcrypt" --format json -o "$T/bcrypt.json" 2>/dev/null
want "$T/bcrypt.json" LINUX-DEFAULT-PASSWORD not_tested

# a shadow too large to read: the accounts' passwords are unknown
base "$T/bigshadow"
cp "$T/ok/etc/inittab" "$T/bigshadow/etc/inittab"
{ printf 'root::19000:0:99999:7:::\n'; head -c 5000000 /dev/zero | tr '\0' 'x'; echo; } > "$T/bigshadow/etc/shadow"
"$FWAUDIT" scan "$T/bigshadow" --format json -o "$T/bigshadow.json" 2>"$T/bigshadow.err"
want "$T/bigshadow.json" LINUX-EMPTY-PASSWORD not_tested
want "$T/bigshadow.json" LINUX-DEFAULT-PASSWORD not_tested
contains "$T/bigshadow.err" "etc/shadow"

# a program cut short among sound ones: the ELF rules cannot pass over it
if command -v gcc >/dev/null; then
	base "$T/elf"
	cp "$T/ok/etc/inittab" "$T/elf/etc/inittab"
	mkdir -p "$T/elf/usr/bin"
	echo 'int main(void) { return 0; }' | gcc -x c -o "$T/elf/usr/bin/good" - || fail gcc
	"$FWAUDIT" scan "$T/elf" --format json -o "$T/elf.json" 2>/dev/null
	want "$T/elf.json" ELF-NX pass
	head -c 3000 "$T/elf/usr/bin/good" > "$T/elf/usr/bin/cut"
	"$FWAUDIT" scan "$T/elf" --format json -o "$T/elf2.json" 2>"$T/elf2.err"
	want "$T/elf2.json" ELF-NX not_tested
	want "$T/elf2.json" ELF-NO-RPATH not_tested
	contains "$T/elf2.err" "usr/bin/cut: ELF not examined"
fi

# silent: a root with accounts and no boot file at all says nothing of what
# boot starts; one whose init is not BusyBox and has no inittab says nothing
# of its consoles (rcS is still read for services)
mkdir -p "$T/silent/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$T/silent/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$T/silent/etc/shadow"
"$FWAUDIT" scan "$T/silent" --format json -o "$T/silent.json" 2>/dev/null
for r in LINUX-NO-TELNET LINUX-NO-DEBUG-SERVICE LINUX-CONSOLE-LOGIN LINUX-SSH-NO-EMPTY-PASSWORDS LINUX-NO-PASSWORD-FALLBACK; do
	want "$T/silent.json" $r not_tested
done
want "$T/silent.json" LINUX-EMPTY-PASSWORD pass
base "$T/sysd"
rm "$T/sysd/sbin/init"
mkdir -p "$T/sysd/lib/systemd"
printf 'not busybox' > "$T/sysd/lib/systemd/systemd"
ln -s ../lib/systemd/systemd "$T/sysd/sbin/init"
"$FWAUDIT" scan "$T/sysd" --format json -o "$T/sysd.json" 2>/dev/null
want "$T/sysd.json" LINUX-CONSOLE-LOGIN not_tested
want "$T/sysd.json" LINUX-NO-TELNET pass

# a SquashFS whose inittab data block is damaged
if command -v mksquashfs >/dev/null; then
	mksquashfs "$T/ok" "$T/ok.sq" -comp gzip -all-root -noappend -quiet -no-fragments >/dev/null 2>&1 || fail mksquashfs
	off=$($PY - "$T/ok.sq" <<'PY'
import sys, zlib
b = bytearray(open(sys.argv[1], "rb").read())
want = b"ttyS0::respawn"
# every zlib stream in the data area: find the one holding inittab
for i in range(96, len(b) - 2):
    if b[i] != 0x78: continue
    try:
        d = zlib.decompressobj().decompress(bytes(b[i:i + 4096]))
    except zlib.error:
        continue
    if want in d:
        print(i); break
PY
)
	[ -n "$off" ] || fail "inittab's block not found in the SquashFS"
	$PY -c 'import sys; p=sys.argv[1]; o=int(sys.argv[2]); b=bytearray(open(p,"rb").read()); b[o+2:o+10]=b"\xff"*8; open(p,"wb").write(b)' "$T/ok.sq" "$off"
	"$FWAUDIT" scan "$T/ok.sq" --format json -o "$T/sq.json" 2>"$T/sq.err"
	want "$T/sq.json" LINUX-CONSOLE-LOGIN not_tested
	want "$T/sq.json" LINUX-NO-TELNET not_tested
fi
echo ok
