#!/bin/sh
# `make samples` is deterministic and the committed dumps are its output:
# the generator is rebuilt here and run on a copy of samples/keys into a
# scratch directory; every dump and the digest file must match byte for byte.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
command -v pkg-config >/dev/null || skip "pkg-config is absent"
cp -r "$S/keys" "$T/keys"
mkdir -p "$T/secure" "$T/insecure"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$TOP" \
    $(pkg-config --cflags openssl) "$TOP"/samples/gen/*.c "$TOP/formats/esp_crc32.c" \
    $(pkg-config --libs openssl) -o "$T/mkflash" || fail "mkflash does not build"
"$T/mkflash" "$T/keys" "$T" || fail "mkflash failed"
for f in secure/flash.bin secure/flash-unit2.bin insecure/flash.bin insecure/flash-unit2.bin \
    keys/secure_boot_digest.txt keys/nvs_keys_unit1.bin keys/nvs_keys_unit2.bin; do
	cmp -s "$T/$f" "$S/$f" || fail "samples/$f differs from the generator's output (run make samples)"
done
# The units differ where they must: their NVS keys and identity partitions.
cmp -s "$S/keys/nvs_keys_unit1.bin" "$S/keys/nvs_keys_unit2.bin" && fail "units share nvs_keys"
[ "$(stat -c %s "$S/secure/flash.bin")" -le 4194304 ] || fail "sample larger than 4 MiB"
exit 0
