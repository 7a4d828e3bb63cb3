#!/bin/sh
# Hostile inputs: truncated images, wrong magic, segment counts and lengths
# past the end, broken signature blocks (exit 2 with an offset), and damage
# inside dumps (facts, not errors).
. "$(dirname "$0")/lib.sh"
need_shared
/usr/bin/python3 "$TOP/tests/integration/esp_vectors.py" hostile "$SHARED" "$FWAUDIT" "$T"
