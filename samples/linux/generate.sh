#!/bin/sh
# Writes samples/linux/{insecure,hardened}-rootfs.tar.gz (see mkrootfs.py).
# The TLS key and the expired self-signed certificate of the insecure image
# are made once (Python cryptography) and kept under keys/; the password
# hashes use fixed salts: running this again gives the same bytes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/keys"
if [ ! -s "$here/keys/insecure-server.crt" ]; then
	/usr/bin/python3 -W ignore - "$here/keys" <<'PY'
import datetime, os, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
d = sys.argv[1]
k = rsa.generate_private_key(65537, 1024)
n = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "router.local")])
c = (x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())
     .serial_number(1).not_valid_before(datetime.datetime(2012, 1, 1))
     .not_valid_after(datetime.datetime(2014, 1, 1)).sign(k, hashes.SHA1()))
open(os.path.join(d, "insecure-server.key"), "wb").write(k.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
    serialization.NoEncryption()))
open(os.path.join(d, "insecure-server.crt"), "wb").write(c.public_bytes(serialization.Encoding.PEM))
PY
fi
# admin's password is "admin", root's "root": both in rules/data/default-passwords.txt
/usr/bin/python3 "$here/mkrootfs.py" "$here" "$(openssl passwd -6 -salt sampleAdmin admin)" \
	"$(openssl passwd -1 -salt sRoot root)"
