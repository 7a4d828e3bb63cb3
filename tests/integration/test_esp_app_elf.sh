#!/bin/sh
# ESP-IDF app ELFs (../shared/vectors/realworld-elf, README.md there): the
# descriptor read from the ELF, the ELF's SHA-256 tied to the .bin's
# app_elf_sha256, features from symbols, and broken ELFs.
. "$(dirname "$0")/lib.sh"
need_shared
V=$SHARED/vectors/realworld-elf
[ -f "$V/esp32_idf5.1.2_app-iot-esp32.elf" ] || skip "realworld-elf vectors absent"
E1=$V/esp32_idf5.1.2_app-iot-esp32.elf B1=$V/esp32_idf5.1.2_app-iot-esp32.bin
E2=$V/esp32c6_idf5.4.1_stock-ticker-display.elf B2=$V/esp32c6_idf5.4.1_stock-ticker-display.bin

# Each ELF alone: kind, descriptor as the README's table gives it, the
# SHA-256 as sha256sum computes it; the README's symbol table says no
# feature symbol is present in either.
for pair in "$E1|xtensa|94|1|v5.1.2-dirty|23:07:35" "$E2|riscv|243|6a63edb-dirty|v5.4.1-dirty|22:14:13"; do
	IFS='|' read -r elf arch mach ver idf tm <<X
$pair
X
	expect_exit 0 "$FWAUDIT" scan --facts-only "$elf" -o "$T/f.json"
	sha=$(sha256sum "$elf" | cut -c1-64)
	jcheck "$T/f.json" "d['inputs'][0]['kind'] == 'esp-app-elf'"
	jcheck "$T/f.json" "(lambda e: e['arch'] == '$arch' and e['machine'] == $mach and e['sha256'] == '$sha' and e['app']['project'] == 'app-template' and e['app']['version'] == '$ver' and e['app']['idf_version'] == '$idf' and e['app']['time'] == '$tm' and e['symtab'])(d['facts']['esp.app_elfs']['value'][0])"
	jcheck "$T/f.json" "not any(d['facts']['esp.app_elfs']['value'][0]['features'].values())"
done

# An ELF alone: whether it ships cannot be told (not_tested, never pass).
"$FWAUDIT" scan "$E1" --format json -o "$T/r.json" >/dev/null 2>&1
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-SHIPPED-IS-BUILT'] == ['not_tested']"
# A matched pair: what ships is what was built; the rule passes.
expect_exit 1 "$FWAUDIT" scan "$E1" "$B1" --format json -o "$T/r.json"
jcheck "$T/r.json" "d['facts']['esp.app_elf.shipped_is_built']['value'] is True"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-SHIPPED-IS-BUILT'] == ['pass']"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-NO-DEBUG-STUBS'] == ['pass']"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-OTA'] == ['fail']"
# Crossed pairs, and the right .bin with an ELF one byte longer: no match.
expect_exit 1 "$FWAUDIT" scan "$E1" "$B2" --separate-units --format json -o "$T/r.json"
jcheck "$T/r.json" "d['facts']['esp.app_elf.shipped_is_built']['value'] is False"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-SHIPPED-IS-BUILT'] == ['fail']"
cp "$E2" "$T/e2.elf"; printf '\0' >> "$T/e2.elf"
expect_exit 1 "$FWAUDIT" scan "$T/e2.elf" "$B2" --format json -o "$T/r.json"
jcheck "$T/r.json" "d['facts']['esp.app_elf.images']['value'][0]['matches'] is False"
# Both pairs together: each image finds its own ELF.
expect_exit 1 "$FWAUDIT" scan "$E1" "$E2" "$B1" "$B2" --separate-units --format json -o "$T/r.json"
jcheck "$T/r.json" "sorted((i['input'], i['elf_input']) for i in d['facts']['esp.app_elf.images']['value']) == [(2, 0), (3, 1)]"

# Features: symbols added with objcopy (generic elf32-little, which zeroes
# e_machine: put Xtensa back) are found and fail the rules.
objcopy -I elf32-little -O elf32-little \
	--add-symbol esp_gdbstub_init=.flash.text:0x10,function,global \
	--add-symbol esp_console_new_repl_uart=.flash.text:0x20,function,global \
	--add-symbol esp_ota_begin=.flash.text:0x30,function,global \
	--add-symbol httpd_start=.flash.text:0x40,function,global "$E1" "$T/feat.elf" || fail objcopy
objcopy -I elf32-little -O elf32-little --strip-all "$E1" "$T/strip.elf" || fail objcopy
for f in "$T/feat.elf" "$T/strip.elf"; do
	/usr/bin/python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[18:20] = (94).to_bytes(2, 'little'); open(sys.argv[1], 'wb').write(b)" "$f"
done
expect_exit 1 "$FWAUDIT" scan "$T/feat.elf" --format json -o "$T/r.json"
jcheck "$T/r.json" "(lambda f: f['gdbstub'] and f['console'] and f['ota'] and f['http_server'] and not f['mdns'] and not f['app_trace'])(d['facts']['esp.app_elfs']['value'][0]['features'])"
jcheck "$T/r.json" "d['facts']['esp.app_elfs']['value'][0]['feature_symbols']['gdbstub'] == 'esp_gdbstub_init'"
for r in ESP-ELF-NO-DEBUG-STUBS:fail ESP-ELF-NO-CONSOLE:fail ESP-ELF-OTA:pass ESP-ELF-NETWORK-SERVICES:fail; do
	jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == '${r%%:*}'] == ['${r#*:}']"
done
# Stripped: the descriptor still comes from .flash.appdesc, features are unknown.
"$FWAUDIT" scan "$T/strip.elf" --format json -o "$T/r.json" >/dev/null 2>&1
jcheck "$T/r.json" "(lambda e: e['app']['source'] == 'section .flash.appdesc' and e['app']['version'] == '1' and not e['symtab'] and e['features']['gdbstub'] is None)(d['facts']['esp.app_elfs']['value'][0])"
jcheck "$T/r.json" "[r['verdict'] for r in d['rules'] if r['id'] == 'ESP-ELF-NO-DEBUG-STUBS'] == ['not_tested']"

# Broken: cut inside the section header table; forced on a host ELF.
head -c 2590000 "$E1" > "$T/cut.elf"
expect_exit 2 "$FWAUDIT" scan --kind esp-app-elf "$T/cut.elf"
contains "$T/err" "section header table"
expect_exit 2 "$FWAUDIT" scan --kind esp-app-elf /bin/true
contains "$T/err" "not an ESP-IDF app"
echo ok
