#!/bin/sh
# Agreement with Espressif's tools: every esptool test vector (README.md
# expectations, image_info outputs, key digests from the PEM files).
. "$(dirname "$0")/lib.sh"
need_shared
/usr/bin/python3 "$TOP/tests/integration/esp_vectors.py" esptool "$SHARED" "$FWAUDIT" "$T"
