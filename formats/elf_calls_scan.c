/* Byte-level prefilters for the risky-call sweep: each instruction set's
 * encodings of the stub and call instructions formats/elf_calls.h lists,
 * matched on the raw bytes; a match whose target is a risky function's
 * stub, slot or definition is decoded by capstone (sweep_decode) and
 * interpreted as in a full disassembly. A byte pattern inside another x86
 * instruction would also need its 32-bit target to equal one of the few
 * risky addresses exactly. Encodings: Intel SDM vol. 2 (E8, FF /2, FF /4),
 * ARM ARM (BL, BLX, ADD/LDR immediate; A64 BL, ADRP, LDR), MIPS32/64
 * (JAL, BAL, JALR, JR, LW, LD, LUI). */
#include "formats/elf_calls_sweep.h"
#include "util/reader.h"

static bool
is_target(const struct sweep *w, uint64_t addr, bool slot)
{
	return sweep_find(w, addr & w->addr_mask, slot) != NULL;
}

void
scan_x86(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len)
{
	bool rip = w->ef->ehdr.e_machine == EM_X86_64;

	for (size_t p = 0; len >= 6 && p <= len - 6; p++) {
		uint64_t next;

		if (pass == 1 && seg[p] == 0xe8) {
			next = addr + p + 5;
			if (is_target(w, next + (uint64_t)(int64_t)(int32_t)ld_le32(seg + p + 1), false))
				sweep_decode(w, seg, addr, len, p, 1);
		} else if (seg[p] == 0xff && (seg[p + 1] == 0x15 || seg[p + 1] == 0x25) &&
		    (seg[p + 1] == 0x15) == (pass == 1)) {
			next = rip ? addr + p + 6 : 0;
			if (!is_target(w, next + (uint64_t)(int64_t)(int32_t)ld_le32(seg + p + 2), true))
				continue;
			/* a stub: start at its endbr64 (and bnd prefix) when it has one */
			size_t s = p > 0 && seg[p - 1] == 0xf2 ? p - 1 : p;
			if (pass == 0 && s >= 4 && seg[s - 4] == 0xf3 && seg[s - 3] == 0x0f &&
			    seg[s - 2] == 0x1e && (seg[s - 1] == 0xfa || seg[s - 1] == 0xfb))
				sweep_decode(w, seg, addr, len, s - 4, 2);
			else
				sweep_decode(w, seg, addr, len, s, 1);
		}
	}
}

/* Thumb-2 BL / BLX immediate: two halfwords, the offset spread over
 * S:I1:I2:imm10:imm11 (ARM ARM A8.8.25). Returns the target, 0 if none. */
static uint64_t
thumb_call(uint32_t hw1, uint32_t hw2, uint64_t pc)
{
	uint32_t s = (hw1 >> 10) & 1, i1 = !(((hw2 >> 13) & 1) ^ s), i2 = !(((hw2 >> 11) & 1) ^ s);
	int32_t off;

	if ((hw1 & 0xf800) != 0xf000 || ((hw2 & 0xd000) != 0xd000 && (hw2 & 0xd001) != 0xc000))
		return 0;
	off = (int32_t)((s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7ff) << 1) << 7) >> 7;
	if ((hw2 & 0xd000) == 0xd000)
		return pc + 4 + (uint64_t)(int64_t)off;		/* BL */
	return ((pc + 4) & ~(uint64_t)3) + (uint64_t)(int64_t)off;	/* BLX: to ARM state */
}

/* Thumb code shares the segments with ARM code: every halfword is tried,
 * decoded in Thumb mode when its target is a risky function's. */
static void
scan_thumb(struct sweep *w, const uint8_t *seg, uint64_t addr, size_t len)
{
	for (size_t p = addr & 1; len >= 4 && p <= len - 4; p += 2) {
		uint32_t hw1 = w->code_be ? (uint32_t)seg[p] << 8 | seg[p + 1] : (uint32_t)seg[p + 1] << 8 | seg[p];
		uint32_t hw2 = w->code_be ? (uint32_t)seg[p + 2] << 8 | seg[p + 3] :
		    (uint32_t)seg[p + 3] << 8 | seg[p + 2];
		uint64_t t = thumb_call(hw1, hw2, addr + p);

		if (t != 0 && is_target(w, t, false)) {
			cs_option(w->cs, CS_OPT_MODE, (size_t)(w->arm_mode | CS_MODE_THUMB));
			sweep_decode(w, seg, addr, len, p, 1);
			cs_option(w->cs, CS_OPT_MODE, (size_t)w->arm_mode);
		}
	}
}

void
scan_arm(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len)
{
	if (pass == 1)
		scan_thumb(w, seg, addr, len);

	uint32_t (*ld)(const uint8_t *) = w->code_be ? ld_be32 : ld_le32;

	for (size_t p = (4 - (addr & 3)) & 3; len >= 4 && p <= len - 4; p += 4) {
		uint32_t v = ld(seg + p);
		uint64_t pc = addr + p;

		if (pass == 0 && (v & 0x0ffff000) == 0x028fc000) {
			sweep_decode(w, seg, addr, len, p, 3);
		} else if (pass == 1 && ((v & 0x0f000000) == 0x0b000000 ||
		    (v & 0xfe000000) == 0xfa000000)) {
			int64_t off = (int64_t)((int32_t)(v << 8) >> 6);

			if ((v & 0xfe000000) == 0xfa000000)
				off += (v >> 23) & 2;	/* BLX: H bit, to Thumb */
			if (is_target(w, pc + 8 + (uint64_t)off, false))
				sweep_decode(w, seg, addr, len, p, 1);
		}
	}
}

void
scan_arm64(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len)
{
	/* A64 instructions are little-endian whatever the data order */
	uint32_t (*ld)(const uint8_t *) = ld_le32;

	for (size_t p = (4 - (addr & 3)) & 3; len >= 4 && p <= len - 4; p += 4) {
		uint32_t v = ld(seg + p);

		if (pass == 0 && (v & 0x9f000000) == 0x90000000 && p + 8 <= len &&
		    (ld(seg + p + 4) & 0xffc00000) == 0xf9400000) {
			sweep_decode(w, seg, addr, len, p, 2);
		} else if (pass == 1 && (v & 0xfc000000) == 0x94000000) {
			int64_t off = (int64_t)((int32_t)(v << 6) >> 4);

			if (is_target(w, addr + p + (uint64_t)off, false))
				sweep_decode(w, seg, addr, len, p, 1);
		}
	}
}

/* $t9 = register 25, $gp = 28, $ra = 31. */
void
scan_mips(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len)
{
	uint32_t (*ld)(const uint8_t *) = w->ef->ehdr.e_ident[EI_DATA] == ELFDATA2MSB ?
	    ld_be32 : ld_le32;

	for (size_t p = (4 - (addr & 3)) & 3; len >= 4 && p <= len - 4; p += 4) {
		uint32_t v = ld(seg + p), op = v >> 26;
		uint64_t pc = addr + p;

		if (pass == 0) {
			/* lui rX, hi; (l[wd] $t9, lo(rX) within two) */
			if (op == 0x0f && p + 8 <= len && (((ld(seg + p + 4) >> 16) & 0x1f) == 25 ||
			    (p + 12 <= len && ((ld(seg + p + 8) >> 16) & 0x1f) == 25)))
				sweep_decode(w, seg, addr, len, p, 3);
			continue;
		}
		if ((op == 0x23 || op == 0x37) && ((v >> 16) & 0x1f) == 25) {
			sweep_decode(w, seg, addr, len, p, 1);	/* l[wd] $t9, off(base) */
		} else if (op == 0 && ((v >> 21) & 0x1f) == 25 && ((v & 0x3f) == 0x09 ||
		    (v & 0x3f) == 0x08) && ((v >> 16) & 0x1f) == 0) {
			sweep_decode(w, seg, addr, len, p, 1);	/* jalr / jr $t9 */
		} else if (op == 0x03) {
			uint64_t t = ((pc + 4) & ~(uint64_t)0x0fffffff) | (uint64_t)(v & 0x03ffffff) << 2;

			if (is_target(w, t, false))
				sweep_decode(w, seg, addr, len, p, 1);	/* jal */
		} else if ((v & 0xffff0000) == 0x04110000) {
			if (is_target(w, pc + 4 + ((uint64_t)(int64_t)(int16_t)(v & 0xffff) << 2), false))
				sweep_decode(w, seg, addr, len, p, 1);	/* bal */
		}
	}
}
