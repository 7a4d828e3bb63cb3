# The rules are what the files on disk say: an edited rules file or profile
# is what is judged with, a mistake in it is reported at its place in the
# file, and the ruleset digest is of the files on disk, in load order.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
export SOURCE_DATE_EPOCH=1700000000
# the digest of a rules directory: SHA-256 over its files in load order
digest_of() {
	/usr/bin/python3 - "$1" <<'PY'
import glob, hashlib, sys
h = hashlib.sha256()
d = sys.argv[1]
for f in sorted(glob.glob(d + '/*.yaml')) + sorted(glob.glob(d + '/profiles/*.yaml')):
    h.update(open(f, 'rb').read())
print(h.hexdigest())
PY
}
json_digest() {
	/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["tool"]["ruleset_digest"])' "$1"
}
cp -r "$TOP/rules" "$T/rules"
"$FWAUDIT" scan "$S/secure/sdkconfig" --format json -o "$T/shipped.json"
[ "$(json_digest "$T/shipped.json")" = "$(digest_of "$TOP/rules")" ] || fail "shipped digest"
# an unchanged copy elsewhere is the same ruleset (rules name their file)
FWAUDIT_RULES=$T/rules "$FWAUDIT" scan "$S/secure/sdkconfig" --format json -o "$T/copy.json"
sed "s|$T/rules/|$TOP/rules/|g" "$T/copy.json" | cmp - "$T/shipped.json" ||
	fail "an unchanged copy of the rules gives another report"

# a valid edit: a retitled rule, every later line moved down by two
f=$T/rules/esp-efuse.yaml
line=$(grep -n 'id: ESP-EFUSE-JTAG-DISABLED' "$f" | cut -d: -f1)
{ printf '# local note\n# second line\n'; sed 's/^    title: JTAG.*/    title: EDITED JTAG title/' "$f"; } > "$T/x" && mv "$T/x" "$f"
grep -q 'EDITED JTAG title' "$f" || fail "the test's edit did not apply"
expect_exit 0 env FWAUDIT_RULES=$T/rules "$FWAUDIT" rules show ESP-EFUSE-JTAG-DISABLED
contains "$T/out" "title:       EDITED JTAG title"
contains "$T/out" "file:        $f:$((line + 2))"
expect_exit 0 env FWAUDIT_RULES=$T/rules "$FWAUDIT" rules list
contains "$T/out" "EDITED JTAG title"
FWAUDIT_RULES=$T/rules "$FWAUDIT" scan "$S/secure/sdkconfig" --format json -o "$T/edited.json"
[ "$(json_digest "$T/edited.json")" = "$(digest_of "$T/rules")" ] || fail "edited digest"
[ "$(json_digest "$T/edited.json")" != "$(json_digest "$T/shipped.json")" ] || fail "digest ignores the edit"
jcheck "$T/edited.json" '[r["title"] for r in d["rules"] if r["id"] == "ESP-EFUSE-JTAG-DISABLED"] == ["EDITED JTAG title"]'
# an edited profile, with the rules files as shipped
cp "$TOP/rules/esp-efuse.yaml" "$f"
sed -i 's/^title: .*/title: Edited profile title/' "$T/rules/profiles/pswg.yaml"
expect_exit 0 env FWAUDIT_RULES=$T/rules "$FWAUDIT" profiles list
contains "$T/out" "Edited profile title"

# a mistake in an edited file is reported at its place in the file on disk
cp "$TOP/rules/profiles/pswg.yaml" "$T/rules/profiles/pswg.yaml"
n=$(wc -l < "$T/rules/network.yaml")
printf '  - id: X-1\n    title: t\n    bogus: 1\n' >> "$T/rules/network.yaml"
expect_exit 2 env FWAUDIT_RULES=$T/rules "$FWAUDIT" rules list
contains "$T/err" "$T/rules/network.yaml:$((n + 3)):5: unknown key 'bogus' in a rule"
expect_exit 2 "$FWAUDIT" rules lint "$T/rules/network.yaml"
contains "$T/err" "network.yaml:$((n + 3)):5: unknown key 'bogus' in a rule"
printf '  - [unclosed\n' > "$T/rules/network.yaml.tail"
cat "$TOP/rules/network.yaml" "$T/rules/network.yaml.tail" > "$T/rules/network.yaml"
rm "$T/rules/network.yaml.tail"
expect_exit 2 env FWAUDIT_RULES=$T/rules "$FWAUDIT" rules list
contains "$T/err" "network.yaml:$((n + 2)):1: YAML:"

# a user's rules file that is a copy of a shipped one is still that user's file
cp "$TOP/rules/vendor-declarations.yaml" "$T/mine.yaml"
nd=$(grep -c '^  - id: DECL-' "$TOP/rules/vendor-declarations.yaml")
[ "$nd" -ge 2 ] || fail "vendor-declarations.yaml has $nd rules"
expect_exit 0 "$FWAUDIT" rules lint "$T/mine.yaml"
contains "$T/out" "mine.yaml: $nd rules ok"
mkdir "$T/user"
sed 's/DECL-/MINE-/' "$TOP/rules/vendor-declarations.yaml" > "$T/user/mine.yaml"
"$FWAUDIT" scan "$S/secure/sdkconfig" --rules "$T/user" --format json -o "$T/user.json"
jcheck "$T/user.json" "len([r for r in d['rules'] if r['id'].startswith('MINE-')]) == $nd"
[ "$(json_digest "$T/user.json")" != "$(json_digest "$T/shipped.json")" ] || fail "user rules left out of the digest"
exit 0
