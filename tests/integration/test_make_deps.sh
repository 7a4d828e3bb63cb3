# Plain `make` on a machine without the build dependencies stops before
# compiling anything and names the Debian packages to install (and
# `make deps`), not a compiler error. The machine is simulated: pkg-config
# reads a directory holding only OpenSSL's .pc files, or is not on PATH.
. "$(dirname "$0")/lib.sh"
command -v pkg-config >/dev/null || skip "pkg-config is absent"
unset MAKEFLAGS MAKELEVEL
pcdir=$(pkg-config --variable pcfiledir openssl) || skip "openssl.pc is absent"
mkdir "$T/pc"
cp "$pcdir/openssl.pc" "$pcdir/libssl.pc" "$pcdir/libcrypto.pc" "$T/pc/"

# only OpenSSL: the other seven libraries named by their Debian packages
expect_exit 2 env PKG_CONFIG_LIBDIR="$T/pc" make --no-print-directory -C "$TOP" BUILD="$T/b" BIN="$T/b/fwaudit"
for p in libyaml-dev libjansson-dev libelf-dev libcapstone-dev libserialport-dev libcrypt-dev libsqlite3-dev; do
	contains "$T/err" "$p"
done
lacks "$T/err" "libssl-dev"
contains "$T/err" "make deps"
contains "$T/err" "apt-get install libyaml-dev"
lacks "$T/err" "fatal error"
[ ! -e "$T/b" ] || fail "make compiled something before saying what is missing"

# no pkg-config at all: that package is what is missing
mkdir "$T/bin"
for c in make cc gcc sh cat dirname; do
	p=$(command -v $c) && ln -s "$p" "$T/bin/$c"
done
expect_exit 2 env PATH="$T/bin" make --no-print-directory -C "$TOP" BUILD="$T/b" BIN="$T/b/fwaudit"
contains "$T/err" "missing build dependencies: pkg-config"
[ ! -e "$T/b" ] || fail "make compiled something without pkg-config"

# everything present: no message (a dry run, nothing built)
expect_exit 0 make --no-print-directory -n -C "$TOP" BUILD="$T/b" BIN="$T/b/fwaudit"
lacks "$T/err" "missing"
# goals that install the packages first are not stopped by the check
expect_exit 0 env PKG_CONFIG_LIBDIR="$T/pc" make --no-print-directory -n -C "$TOP" clean
echo ok
