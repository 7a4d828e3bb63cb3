#!/bin/sh
# `make samples`: builds samples/gen/mkflash against OpenSSL and writes the
# sample flash dumps (ESP32-S3, 4 MiB; they match samples/*/sdkconfig):
#   samples/secure/flash.bin, flash-unit2.bin    signed, NVS-encrypted, per-device cert
#   samples/insecure/flash.bin, flash-unit2.bin  unsigned, plaintext Wi-Fi password
#   samples/sbom/app-mbedtls-3.5.0.bin, -3.6.4.bin  apps with a vulnerable and a fixed Mbed TLS
# Keys and certificates under samples/keys/ are made once with the openssl
# command line (first run) and then reused, so running this again gives the
# same bytes: mkflash itself uses no randomness (deterministic RSA-PSS salt
# and ECDSA nonce derived from the key and the digest).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
keys=$top/samples/keys
build=$top/build/samples
mkdir -p "$keys" "$build" "$top/samples/secure" "$top/samples/insecure" "$top/samples/sbom"

key() {	# key FILE ALGORITHM-OPTIONS...
	f=$keys/$1; shift
	[ -s "$f" ] || openssl genpkey "$@" -out "$f" 2>/dev/null
}
cert() {	# cert NAME SUBJECT SIGNER-KEY [SIGNER-CERT]
	[ -s "$keys/$1.crt" ] && return 0
	if [ $# -eq 3 ]; then
		openssl req -new -x509 -key "$keys/$1.key" -subj "$2" -days 7300 \
		    -set_serial 1 -sha256 -out "$keys/$1.crt" 2>/dev/null
	else
		openssl req -new -key "$keys/$1.key" -subj "$2" -out "$build/$1.csr" 2>/dev/null
		printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >"$build/ext.cnf"
		openssl x509 -req -in "$build/$1.csr" -CA "$keys/$4.crt" -CAkey "$keys/$3.key" \
		    -set_serial "0x$(printf '%s' "$2" | sha256sum | cut -c1-16)" -days 3650 -sha256 \
		    -extfile "$build/ext.cnf" -out "$keys/$1.crt" 2>/dev/null
	fi
}

# Secure Boot V2 signing keys: RSA-3072 (bootloader, ota_0), ECDSA P-256 (ota_1);
# an unknown signer for the insecure unit's ota_1.
key sb_rsa3072.pem -algorithm RSA -pkeyopt rsa_keygen_bits:3072
key sb_ecdsa_p256.pem -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key unknown_signer_p256.pem -algorithm EC -pkeyopt ec_paramgen_curve:P-256
# Device identity: a product CA and one certificate per secure unit.
key device_ca.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key secure_unit1.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key secure_unit2.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
cert device_ca "/O=Acme IoT/CN=Acme IoT Device CA" device_ca
cert secure_unit1 "/O=Acme IoT/CN=acme-sensor-0001" device_ca device_ca
cert secure_unit2 "/O=Acme IoT/CN=acme-sensor-0002" device_ca device_ca
# The insecure product ships one TLS client key in every unit's NVS.
key insecure_shared_tls.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256

cc=${CC:-cc}
# shellcheck disable=SC2046
$cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I"$top" \
    $(pkg-config --cflags openssl) "$top"/samples/gen/*.c "$top/formats/esp_crc32.c" \
    $(pkg-config --libs openssl) -o "$build/mkflash"
"$build/mkflash" "$keys" "$top/samples"
echo "samples: $(cd "$top" && ls samples/secure/*.bin samples/insecure/*.bin samples/sbom/*.bin | tr '\n' ' ')"
