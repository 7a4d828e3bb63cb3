# A private key compiled into a program is a shipped key: the ELF pass
# over a root file system hands every binary holding a PEM private key to
# the key reader, which names the file and the key's offset in it; CA
# certificates compiled in (roots, self-signed by design) are not judged.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || skip "gcc absent"
mkdir -p "$T/root/etc" "$T/root/usr/bin"
printf 'root:*:0:0:root:/root:/bin/sh\n' > "$T/root/etc/passwd"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/k.pem" 2>/dev/null || fail "openssl genpkey"
openssl req -new -x509 -key "$T/k.pem" -subj /CN=ca -days 1 -out "$T/c.pem" 2>/dev/null || fail "openssl req"
# the key and a certificate as C string literals
{
	printf 'static const char key[] =\n'; sed 's/.*/"&\\n"/' "$T/k.pem"; printf ';\n'
	printf 'static const char ca[] =\n'; sed 's/.*/"&\\n"/' "$T/c.pem"; printf ';\n'
	printf '#include <stdio.h>\nint main(void) { return puts(key) + puts(ca) < 0; }\n'
} > "$T/p.c"
gcc -O0 -o "$T/root/usr/bin/vendord" "$T/p.c" || fail "gcc"
cp "$T/root/usr/bin/vendord" "$T/plain"
"$FWAUDIT" scan "$T/root" --format json -o "$T/r.json" 2>/dev/null
off=$(grep -abo -- '-----BEGIN PRIVATE KEY-----' "$T/root/usr/bin/vendord" | head -1 | cut -d: -f1)
[ -n "$off" ] || fail "the key is not in the binary"
jcheck "$T/r.json" '[(k["path"], k["offset"]) for k in d["facts"]["linux.private_keys"]["value"]] == [("usr/bin/vendord", '"$off"')]'
jcheck "$T/r.json" 'd["facts"]["linux.certificates"]["value"] == []'
jcheck "$T/r.json" '[r["verdict"] for r in d["rules"] if r["id"] == "LINUX-NO-SHIPPED-PRIVATE-KEY"] == ["fail"]'
# the same program without the key: nothing found, the rule passes
sed -i '/^static const char key/,/^;/d; s/puts(key) + //' "$T/p.c"
gcc -O0 -o "$T/root/usr/bin/vendord" "$T/p.c" || fail "gcc"
"$FWAUDIT" scan "$T/root" --format json -o "$T/r2.json" 2>/dev/null
jcheck "$T/r2.json" 'd["facts"]["linux.private_keys"]["value"] == []'
jcheck "$T/r2.json" '[r["verdict"] for r in d["rules"] if r["id"] == "LINUX-NO-SHIPPED-PRIVATE-KEY"] == ["pass"]'
echo ok
