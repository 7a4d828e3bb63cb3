#!/bin/sh
# Risky call sites (capstone): programs whose call sites objdump lists,
# for x86-64 (gcc: PLT, -fno-plt GOT calls, IBT .plt.sec), ARM and Thumb-2
# (PLT stubs),
# MIPS big- and little-endian (PIC calls through the GOT, non-PIC PLT) and
# AArch64 (PLT), the last three hand-assembled here with Debian's cross
# binutils against a stub shared library (no cross compiler needed). Each
# expected address is the one objdump disassembles as the call.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || skip "gcc absent"

# calls FILE: "ADDR FUNC VIA" lines fwaudit reports, addresses in hex
calls() {
	"$FWAUDIT" scan --facts-only --kind elf "$1" -o "$T/c.json" >"$T/out" 2>"$T/err" || { cat "$T/err"; fail "scan $1"; }
	/usr/bin/python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))['facts']['elf.binaries']['value'][0]
assert e['risky_call_count'] == len(e['risky_calls'])
for c in e['risky_calls']:
    print('%x %s %s' % (c['address'], c['function'], c['via']))" "$T/c.json"
}
# want FILE OBJDUMP "FUNC VIA" ...: fwaudit reports exactly these calls, at
# the addresses objdump shows for call instructions to FUNC (@plt or GOT)
want() {
	f=$1 od=$2; shift 2
	: > "$T/want"
	for fv in "$@"; do
		fn=${fv% *} via=${fv#* }
		"$od" -d "$f" | grep -E "($fn@plt|<$fn@|# [0-9a-f]+ <$fn@)" |
			grep -E '\s(call|bl|blx|jal|jalr)\s' | awk -v fn="$fn" -v via="$via" '{sub(":","",$1); print $1, fn, via}' >> "$T/want"
	done
	sort "$T/want" -o "$T/want"
	[ -s "$T/want" ] || fail "objdump shows no risky call in $f"
	calls "$f" | sort > "$T/got"
	cmp -s "$T/want" "$T/got" || { echo want:; cat "$T/want"; echo got:; cat "$T/got"; fail "call sites in $f"; }
}

cat > "$T/r.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
	char buf[64];
	strcpy(buf, argv[0]);
	sprintf(buf + 10, "%s", argv[0]);
	if (argc > 2)
		system(buf);
	puts(buf);
	return 0;
}
C
gcc -O0 -fno-builtin "$T/r.c" -o "$T/x" || fail gcc
gcc -O0 -fno-builtin -fno-plt "$T/r.c" -o "$T/xnoplt" || fail gcc
gcc -O0 -fno-builtin -no-pie "$T/r.c" -o "$T/xnopie" || fail gcc
gcc -O0 -fno-builtin -fcf-protection=full -Wl,-z,ibtplt "$T/r.c" -o "$T/xibt" || fail gcc
want "$T/x" objdump "strcpy plt" "sprintf plt" "system plt"
want "$T/xnopie" objdump "strcpy plt" "sprintf plt" "system plt"
want "$T/xibt" objdump "strcpy plt" "sprintf plt" "system plt"
want "$T/xnoplt" objdump "strcpy got" "sprintf got" "system got"
# stripped of section headers: the same sites, found through PT_DYNAMIC
/usr/bin/python3 "$TOP/tests/integration/elf_noshdr.py" "$T/x" "$T/x.nosh"
calls "$T/x" > "$T/a"; calls "$T/x.nosh" > "$T/b"
cmp -s "$T/a" "$T/b" || fail "call sites differ without section headers"
# puts is not risky, and a binary calling nothing risky has an empty list
printf 'int main(void){return 0;}\n' > "$T/n.c"; gcc "$T/n.c" -o "$T/n"
[ -z "$(calls "$T/n")" ] || fail "calls found in an empty program"
jcheck "$T/c.json" "d['facts']['elf.binaries']['value'][0]['risky_calls'] == []"

n=0
if command -v arm-linux-gnueabi-as >/dev/null; then
	printf '\t.text\n' > "$T/s_arm.s"
	for f in strcpy system puts; do printf '\t.globl %s\n\t.type %s, %%function\n%s:\tbx lr\n' $f $f $f >> "$T/s_arm.s"; done
	printf '\t.text\n\t.globl _start\n\t.type _start, %%function\n_start:\n\tbl puts\n\tbl strcpy\n\tbl system\n\tbl puts\n1:\tb 1b\n' > "$T/m_arm.s"
	arm-linux-gnueabi-as -o "$T/s_arm.o" "$T/s_arm.s" && arm-linux-gnueabi-ld -shared -soname libstub.so -o "$T/libstub_arm.so" "$T/s_arm.o" &&
	arm-linux-gnueabi-as -o "$T/m_arm.o" "$T/m_arm.s" &&
	arm-linux-gnueabi-ld --dynamic-linker /lib/ld-linux.so.3 -o "$T/arm" "$T/m_arm.o" "$T/libstub_arm.so" || fail "arm link"
	want "$T/arm" arm-linux-gnueabi-objdump "strcpy plt" "system plt"
	# Thumb-2 callers (bl, and blx into the ARM stub; the linker adds "bx pc" entries)
	printf '\t.syntax unified\n\t.thumb\n\t.text\n\t.globl _start\n\t.type _start, %%function\n\t.thumb_func\n_start:\n\tbl puts\n\tbl strcpy\n\tblx system\n\tbl puts\n1:\tb 1b\n' > "$T/m_thumb.s"
	arm-linux-gnueabi-as -o "$T/m_thumb.o" "$T/m_thumb.s" &&
	arm-linux-gnueabi-ld --dynamic-linker /lib/ld-linux.so.3 -o "$T/thumb" "$T/m_thumb.o" "$T/libstub_arm.so" || fail "thumb link"
	want "$T/thumb" arm-linux-gnueabi-objdump "strcpy plt" "system plt"
	n=$((n + 1))
fi
if command -v mips-linux-gnu-as >/dev/null; then
	printf '\t.abicalls\n\t.text\n' > "$T/s_mips.s"
	for f in strcpy system puts; do printf '\t.globl %s\n\t.type %s, @function\n%s:\tjr $ra\n\tnop\n' $f $f $f >> "$T/s_mips.s"; done
	cat > "$T/pic.s" <<'S'
	.abicalls
	.text
	.globl __start
	.ent __start
	.type __start, @function
__start:
	.set noreorder
	.cpload $t9
	.set reorder
	lw $t9, %call16(puts)($gp)
	jalr $t9
	lw $t9, %call16(strcpy)($gp)
	jalr $t9
	lw $t9, %call16(system)($gp)
	move $a0, $zero
	jalr $t9
	.end __start
S
	printf '\t.abicalls\n\t.option pic0\n\t.text\n\t.globl __start\n\t.ent __start\n\t.type __start, @function\n__start:\n\tjal puts\n\tjal strcpy\n\tjal system\n\t.end __start\n' > "$T/plt.s"
	for e in EB EL; do
		mips-linux-gnu-as -$e -KPIC -o "$T/s_$e.o" "$T/s_mips.s" &&
		mips-linux-gnu-ld -$e -shared -soname libstub.so -o "$T/libstub_$e.so" "$T/s_$e.o" &&
		mips-linux-gnu-as -$e -KPIC -o "$T/pic_$e.o" "$T/pic.s" &&
		mips-linux-gnu-ld -$e --dynamic-linker /lib/ld.so.1 -o "$T/pic_$e" "$T/pic_$e.o" "$T/libstub_$e.so" &&
		mips-linux-gnu-as -$e -o "$T/plt_$e.o" "$T/plt.s" &&
		mips-linux-gnu-ld -$e --dynamic-linker /lib/ld.so.1 -o "$T/plt_$e" "$T/plt_$e.o" "$T/libstub_$e.so" || fail "mips $e link"
		# PIC: the call is the jalr after the lw from the GOT slot
		mips-linux-gnu-objdump -d "$T/pic_$e" | awk '/<__start>:/ {on=1} /^$/ {on=0} on && /jalr\tt9/ {sub(":","",$1); print $1}' > "$T/jalr"
		[ "$(wc -l < "$T/jalr")" = 3 ] || fail "expected 3 jalr in pic_$e"
		printf '%s strcpy got\n%s system got\n' "$(sed -n 2p "$T/jalr")" "$(sed -n 3p "$T/jalr")" > "$T/want"
		calls "$T/pic_$e" > "$T/got"
		cmp -s "$T/want" "$T/got" || { cat "$T/want" "$T/got"; fail "MIPS $e PIC call sites"; }
		jcheck "$T/c.json" "d['facts']['elf.binaries']['value'][0]['endian'] == {'EB': 'big', 'EL': 'little'}['$e']"
		want "$T/plt_$e" mips-linux-gnu-objdump "strcpy plt" "system plt"
	done
	n=$((n + 1))
fi
if command -v aarch64-linux-gnu-as >/dev/null; then
	printf '\t.text\n' > "$T/s_a64.s"
	for f in strcpy system puts; do printf '\t.globl %s\n\t.type %s, %%function\n%s:\tret\n' $f $f $f >> "$T/s_a64.s"; done
	printf '\t.text\n\t.globl _start\n\t.type _start, %%function\n_start:\n\tbl puts\n\tbl strcpy\n\tbl system\n1:\tb 1b\n' > "$T/m_a64.s"
	aarch64-linux-gnu-as -o "$T/s_a64.o" "$T/s_a64.s" && aarch64-linux-gnu-ld -shared -soname libstub.so -o "$T/libstub_a64.so" "$T/s_a64.o" &&
	aarch64-linux-gnu-as -o "$T/m_a64.o" "$T/m_a64.s" &&
	aarch64-linux-gnu-ld --dynamic-linker /lib/ld-linux-aarch64.so.1 -o "$T/a64" "$T/m_a64.o" "$T/libstub_a64.so" || fail "aarch64 link"
	want "$T/a64" aarch64-linux-gnu-objdump "strcpy plt" "system plt"
	n=$((n + 1))
fi
# An architecture not disassembled here: unknown (null), not "none".
cp "$T/x" "$T/ppc"; /usr/bin/python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[18:20] = (21).to_bytes(2, 'little'); open(sys.argv[1], 'wb').write(b)" "$T/ppc"
expect_exit 0 "$FWAUDIT" scan --facts-only --kind elf "$T/ppc" -o "$T/c.json"
jcheck "$T/c.json" "d['facts']['elf.binaries']['value'][0]['risky_calls'] is None and 'disassembler' in d['facts']['elf.binaries']['value'][0]['risky_calls_reason']"
[ $n -ge 1 ] || skip "x86-64 passed; no cross binutils for ARM, MIPS, AArch64 (scripts/deps.sh test installs them)"
echo "ok (x86-64 and $n cross architectures)"
