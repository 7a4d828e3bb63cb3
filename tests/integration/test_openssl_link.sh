# OpenSSL is a shared library unless the build asked otherwise (make
# OPENSSL_STATIC=1, passed on by make test): a distribution's OpenSSL fix
# must reach the binary that verifies signatures and probes TLS.
. "$(dirname "$0")/lib.sh"
command -v readelf >/dev/null || fail "readelf (binutils) is needed to read the binary's dependencies"
readelf -d "$FWAUDIT" >"$T/dyn" 2>&1 || fail "readelf cannot read $FWAUDIT"
grep -F '(NEEDED)' "$T/dyn" >"$T/needed" || fail "$FWAUDIT has no dynamic dependencies at all"
if [ "${OPENSSL_STATIC:-0}" = 1 ]; then
	lacks "$T/needed" "libcrypto.so"
	lacks "$T/needed" "libssl.so"
else
	contains "$T/needed" "[libcrypto.so."
	contains "$T/needed" "[libssl.so."
fi
# Either way the binary works with the OpenSSL it was linked with.
expect_exit 0 "$FWAUDIT" --version
