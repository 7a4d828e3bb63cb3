#!/bin/sh
# Tampered copies of the signed vectors, made in a temp dir: altered key with
# CRC fixed, broken middle block, flipped signature bits, changed image; key
# digests against eFuse.
. "$(dirname "$0")/lib.sh"
need_shared
/usr/bin/python3 "$TOP/tests/integration/esp_vectors.py" tamper "$SHARED" "$FWAUDIT" "$T"
