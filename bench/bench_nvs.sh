#!/bin/sh
# NVS decoding speed on the NVS partitions of the three real dumps
# (../shared/vectors/realworld), against a byte copy of the same bytes (the
# memory-bandwidth limit), from one run; and its share of the 16 MiB dump
# target (1 GB/s overall = 16.8 ms per dump).
set -u
RW=${SHARED:-$TOP/../shared}/vectors/realworld
[ -d "$RW" ] || { echo "skip: $RW is absent"; exit 0; }
"$BUILD/tools/nvs_bench" \
    "$RW/esp32_wifi_creds_2mb_flash_dump.bin@9000:6000" \
    "$RW/esp32_esp-at_flash_first_2mb.bin@12000:e000" \
    "$RW/esp32_flashenc_sbv1_dump_0x0-0x120000.bin@11000:6000"
