# The eFuse tables are data: formats/efuse_tables_gen.c is exactly what
# scripts/efuse_tables.py makes of scripts/efuse_defs.tsv (Espressif's field
# definitions), so nobody edits a table by hand. With ESPTOOL_V4 and
# ESPTOOL_V5 pointing at esptool source trees (tags v4.12.0, v5.3.1) the TSV
# itself is re-extracted and compared too.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/python3 ] || skip "python3 is absent"
/usr/bin/python3 "$TOP/scripts/efuse_tables.py" gen "$TOP/scripts/efuse_defs.tsv" "$T/gen.c" ||
	fail "generator failed"
cmp -s "$T/gen.c" "$TOP/formats/efuse_tables_gen.c" ||
	fail "formats/efuse_tables_gen.c differs from the generator's output (run scripts/efuse_tables.py gen)"
# Every audited chip has its decoding rows, block addresses and purposes.
for chip in esp32 esp32c2 esp32s2 esp32s3 esp32c3 esp32c6 esp32h2 esp32c5 esp32c61 esp32p4 esp32p4_v3_0 esp32h4; do
	grep -q "^static const struct efuse_field_def ${chip}_fields" "$T/gen.c" || fail "$chip: no rows"
done
for chip in esp32h21 esp32s31 esp32e22; do
	grep -q "\.chip = \"$chip\", .*\.audited = false" "$T/gen.c" || fail "$chip: not identified-only"
done
if [ -n "${ESPTOOL_V4:-}" ] && [ -n "${ESPTOOL_V5:-}" ]; then
	/usr/bin/python3 "$TOP/scripts/efuse_tables.py" extract "$T/defs.tsv" "4.12.0=$ESPTOOL_V4" \
	    "5.3.1=$ESPTOOL_V5" || fail "extract failed"
	diff -I '^# release' "$T/defs.tsv" "$TOP/scripts/efuse_defs.tsv" >/dev/null ||
		fail "scripts/efuse_defs.tsv differs from esptool's definitions"
fi
exit 0
