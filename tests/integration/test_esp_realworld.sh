#!/bin/sh
# The real-world firmware vectors: chips, partition tables, app descriptors,
# otadata, the encrypted dump, the S2 SBv2 key digest.
. "$(dirname "$0")/lib.sh"
need_shared
/usr/bin/python3 "$TOP/tests/integration/esp_vectors.py" realworld "$SHARED" "$FWAUDIT" "$T"
