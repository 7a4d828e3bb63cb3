# The Debian package: debian/ builds with dpkg-buildpackage -us -uc -b (via
# scripts/deb.sh, as make deb does), lintian reports no error, dpkg -i puts
# it into this (disposable) system, where `fwaudit` reads
# /usr/share/fwaudit/rules and audits a sample as the source tree's binary
# does, `man -w fwaudit` finds the page; dpkg -P removes it all again.
. "$(dirname "$0")/lib.sh"
[ "${SAN:-0}" = 1 ] && skip "the package build does not use the sanitizer build"
[ "$(id -u)" = 0 ] || skip "dpkg -i needs root"
for c in dpkg-buildpackage lintian dh; do
	command -v $c >/dev/null || skip "$c is absent (scripts/deps.sh deb installs it)"
done
if [ -e /usr/bin/fwaudit ] && ! dpkg -S /usr/bin/fwaudit >/dev/null 2>&1; then
	skip "/usr/bin/fwaudit is there and not from a package: not overwriting it"
fi
unset MAKEFLAGS MAKELEVEL FWAUDIT_RULES
export SOURCE_DATE_EPOCH=1700000000
DEB_OUT=$T/deb "$TOP/scripts/deb.sh" >"$T/deb.out" 2>&1 || { tail -30 "$T/deb.out"; fail "package build"; }
deb=$(ls "$T"/deb/fwaudit_*_*.deb) || fail "no .deb"
lintian "$deb" >"$T/lintian" 2>&1 || { cat "$T/lintian"; fail "lintian failed"; }
! grep -q '^E:' "$T/lintian" || { cat "$T/lintian"; fail "lintian reports errors"; }
dpkg-deb -c "$deb" >"$T/contents"
for f in ./usr/bin/fwaudit ./usr/share/fwaudit/rules/profiles/etsi-en-303-645.yaml \
    ./usr/share/fwaudit/rules/data/components.yaml ./usr/share/man/man1/fwaudit.1.gz \
    ./usr/share/bash-completion/completions/fwaudit ./usr/share/zsh/vendor-completions/_fwaudit; do
	contains "$T/contents" "$f"
done

dpkg -i "$deb" >"$T/dpkg.out" 2>&1 || { cat "$T/dpkg.out"; fail "dpkg -i"; }
trap 'dpkg -P fwaudit >/dev/null 2>&1; rm -rf "$T"' EXIT
cd "$T"
expect_exit 0 fwaudit --version
contains "$T/out" "rules /usr/share/fwaudit/rules"
S=$TOP/samples/insecure
expect_exit 1 /usr/bin/fwaudit scan "$S/sdkconfig" "$S/efuse.json" --format json -o "$T/deb.json"
expect_exit 1 "$FWAUDIT" scan "$S/sdkconfig" "$S/efuse.json" --format json -o "$T/src.json"
sed "s|/usr/share/fwaudit/rules/|$TOP/rules/|g" "$T/deb.json" | cmp -s - "$T/src.json" ||
	fail "the packaged binary's report differs from the source tree's"
if command -v man >/dev/null; then
	man -w fwaudit >"$T/man" 2>&1 || { cat "$T/man"; fail "man -w fwaudit"; }
	contains "$T/man" "/usr/share/man/man1/fwaudit.1.gz"
fi
dpkg -P fwaudit >"$T/dpkg.out" 2>&1 || { cat "$T/dpkg.out"; fail "dpkg -P"; }
[ ! -e /usr/bin/fwaudit ] && [ ! -e /usr/share/fwaudit ] || fail "dpkg -P left files"
echo ok
