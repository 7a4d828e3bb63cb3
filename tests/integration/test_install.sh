# make install / make uninstall: the installed tree alone audits. The staged
# tree (DESTDIR) is moved to the PREFIX it was built for, as a package
# manager would put it, where no rules/ of the source tree is beside or
# above the binary; the binary then reads the installed rules (an edit to
# them shows, their absence is an error naming them) and its report is the
# source tree's, rule file paths aside. Uninstall leaves no file behind.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null || skip "make is absent"
export SOURCE_DATE_EPOCH=1700000000
unset FWAUDIT_RULES MAKEFLAGS MAKELEVEL
P=$T/prefix
D=$T/stage
minst() { make --no-print-directory -C "$TOP" SAN="${SAN:-0}" PREFIX="$P" DESTDIR="$D" "$@"; }
minst install >"$T/make.out" 2>&1 || { tail -20 "$T/make.out"; fail "make install"; }
[ ! -e "$P" ] || fail "make install wrote outside DESTDIR: $P"
R=$D$P/share/fwaudit/rules
[ -x "$D$P/bin/fwaudit" ] || fail "no installed binary"
[ -f "$D$P/share/man/man1/fwaudit.1" ] || fail "no installed man page"
[ -f "$D$P/share/bash-completion/completions/fwaudit" ] || fail "no bash completion"
[ -f "$D$P/share/zsh/site-functions/_fwaudit" ] || fail "no zsh completion"
diff -r "$TOP/rules" "$R" >/dev/null || fail "installed rules differ from rules/"
for f in profiles/etsi-en-303-645.yaml data/components.yaml facts/efuse.yaml mapping/cra-requirements.yaml; do
	[ -f "$R/$f" ] || fail "rules/$f not installed"
done

minst uninstall >"$T/make.out" 2>&1 || { tail -20 "$T/make.out"; fail "make uninstall"; }
left=$(find "$D" ! -type d)
[ -z "$left" ] || fail "uninstall left: $left"
[ ! -e "$D$P/share/fwaudit" ] || fail "uninstall left share/fwaudit"

minst install >"$T/make.out" 2>&1 || { tail -20 "$T/make.out"; fail "make install again"; }
mv "$D$P" "$P"
# what rules_default_dir would find beside or above the binary: nothing
d=$P/bin
for up in 0 1 2 3; do
	[ ! -d "$d/rules/profiles" ] || fail "a rules/ is reachable from the binary: $d/rules"
	d=$(dirname "$d")
done
mkdir "$T/elsewhere" && cd "$T/elsewhere"
I=$P/bin/fwaudit

expect_exit 0 "$I" --version
contains "$T/out" "fwaudit 0.1.0"
contains "$T/out" "rules $P/share/fwaudit/rules"
"$FWAUDIT" --version >"$T/src.version"
grep '^ruleset ' "$T/src.version" >"$T/src.digest"
grep '^ruleset ' "$T/out" | cmp -s - "$T/src.digest" || fail "installed ruleset digest differs"

S=$TOP/samples/insecure
expect_exit 1 "$I" scan "$S/sdkconfig" "$S/efuse.json" --format json -o "$T/installed.json"
expect_exit 1 "$FWAUDIT" scan "$S/sdkconfig" "$S/efuse.json" --format json -o "$T/source.json"
sed "s|$P/share/fwaudit/rules/|$TOP/rules/|g" "$T/installed.json" | cmp -s - "$T/source.json" ||
	fail "the installed binary's report differs from the source tree's"
contains "$T/installed.json" "$P/share/fwaudit/rules/esp-efuse.yaml"

# the installed rules are the ones read: an edit shows
sed -i 's/^    title: JTAG.*/    title: INSTALLED JTAG title/' "$P/share/fwaudit/rules/esp-efuse.yaml"
expect_exit 0 "$I" rules show ESP-EFUSE-JTAG-DISABLED
contains "$T/out" "INSTALLED JTAG title"
# without them the binary fails, naming them (no fallback to the source tree)
mv "$P/share/fwaudit/rules" "$T/moved"
expect_exit 2 "$I" rules list
contains "$T/err" "$P/share/fwaudit/rules"
mv "$T/moved" "$P/share/fwaudit/rules"

# the installed bash completion asks the installed binary for rule IDs
bash -c '. "$1"; COMP_WORDS=("$2" rules show ESP-EFUSE-JT); COMP_CWORD=3; _fwaudit
	printf "%s\n" "${COMPREPLY[@]}"' sh "$P/share/bash-completion/completions/fwaudit" "$I" >"$T/comp"
contains "$T/comp" "ESP-EFUSE-JTAG-DISABLED"
if command -v man >/dev/null; then
	MANPATH=$P/share/man man -w fwaudit >"$T/man.out" 2>&1 || fail "man -w fwaudit"
	contains "$T/man.out" "$P/share/man/man1/fwaudit.1"
fi
mv "$P" "$D$P"
minst uninstall >"$T/make.out" 2>&1 || fail "make uninstall (2)"
left=$(find "$D" ! -type d)
[ -z "$left" ] || fail "uninstall left: $left"
echo "ok"
