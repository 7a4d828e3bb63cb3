/* Per-architecture instruction handlers for the risky-call sweep
 * (formats/elf_calls.h lists the stub shapes each recognises). */
#include <string.h>

#include "formats/elf_calls_sweep.h"

/* The GOT slot a stub or call reads, when it is a risky import's. */
static const struct target *
slot(const struct sweep *w, uint64_t addr)
{
	return sweep_find(w, addr & w->addr_mask, true);
}

static void
on_x86(struct sweep *w, const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *op = x->op_count == 1 ? &x->operands[0] : NULL;
	uint64_t next = insn->address + insn->size, at;
	const struct target *t;

	if (insn->id == X86_INS_ENDBR64 || insn->id == X86_INS_ENDBR32) {
		w->endbr = true, w->endbr_at = insn->address;
		return;
	}
	if (op != NULL && op->type == X86_OP_IMM && insn->id == X86_INS_CALL)
		sweep_direct_call(w, insn->address, (uint64_t)op->imm);
	if (op != NULL && op->type == X86_OP_MEM && op->mem.index == X86_REG_INVALID &&
	    (op->mem.base == X86_REG_RIP || op->mem.base == X86_REG_INVALID) &&
	    (insn->id == X86_INS_JMP || insn->id == X86_INS_CALL)) {
		at = (op->mem.base == X86_REG_RIP ? next : 0) + (uint64_t)op->mem.disp;
		if ((t = slot(w, at)) != NULL && insn->id == X86_INS_CALL) {
			sweep_add_site(w, insn->address, t->name, "got");
		} else if (t != NULL) {
			sweep_add_target(w, insn->address, t->name, TARGET_STUB);
			/* IBT: .plt.sec entries start with the endbr64 the call lands on */
			if (w->endbr && w->endbr_at + 4 == insn->address)
				sweep_add_target(w, w->endbr_at, t->name, TARGET_STUB);
		}
	}
	w->endbr = false;
}

static void
on_arm64(struct sweep *w, const cs_insn *insn)
{
	const cs_arm64 *a = &insn->detail->arm64;
	const struct target *t;

	if (insn->id == ARM64_INS_ADRP && a->op_count == 2 && a->operands[1].type == ARM64_OP_IMM) {
		w->reg_id = a->operands[0].reg;
		w->reg_val = (uint64_t)a->operands[1].imm;
		w->reg_at = insn->address;
	} else if (insn->id == ARM64_INS_LDR && a->op_count == 2 &&
	    a->operands[1].type == ARM64_OP_MEM && a->operands[1].mem.base == w->reg_id &&
	    w->reg_at + 4 == insn->address) {
		if ((t = slot(w, w->reg_val + (uint64_t)(int64_t)a->operands[1].mem.disp)) != NULL)
			sweep_add_target(w, w->reg_at, t->name, TARGET_STUB);
	} else if (insn->id == ARM64_INS_BL && a->op_count == 1 && a->operands[0].type == ARM64_OP_IMM) {
		sweep_direct_call(w, insn->address, (uint64_t)a->operands[0].imm);
	}
}

/* ARM "modified immediate": imm8 rotated right by twice the top nibble. */
static uint32_t
arm_imm(uint32_t enc)
{
	uint32_t v = enc & 0xff, rot = 2 * ((enc >> 8) & 0xf);

	return rot ? (v >> rot) | (v << (32 - rot)) : v;
}

/* The PLT entry binutils writes: add ip, pc, #A; add ip, ip, #B;
 * ldr pc, [ip, #C]! reads the slot at entry + 8 + A + B + C. Matched on
 * the encodings, which capstone prints in forms that vary by version. */
static void
on_arm(struct sweep *w, const cs_insn *insn)
{
	const cs_arm *a = &insn->detail->arm;
	uint32_t word = w->code_be ? (uint32_t)insn->bytes[0] << 24 | (uint32_t)insn->bytes[1] << 16 |
	    (uint32_t)insn->bytes[2] << 8 | insn->bytes[3] : (uint32_t)insn->bytes[3] << 24 |
	    (uint32_t)insn->bytes[2] << 16 | (uint32_t)insn->bytes[1] << 8 | insn->bytes[0];
	const struct target *t;

	if (insn->size == 4 && (word & 0x0ffff000) == 0x028fc000) {
		w->stub_at = w->reg_at = insn->address;
		w->reg_val = insn->address + 8 + arm_imm(word);
	} else if (insn->size == 4 && (word & 0x0ffff000) == 0x028cc000 &&
	    w->reg_at + 4 == insn->address) {
		w->reg_at = insn->address;
		w->reg_val += arm_imm(word);
	} else if (insn->size == 4 && (word & 0x0ffff000) == 0x05bcf000 &&
	    w->reg_at + 4 == insn->address) {
		if ((t = slot(w, w->reg_val + (word & 0xfff))) != NULL) {
			size_t off;

			sweep_add_target(w, w->stub_at, t->name, TARGET_STUB);
			/* a Thumb caller's entry: "bx pc; b.n" (or nop) just before */
			if (elfile_vaddr_off(w->ef, w->stub_at - 4, 2, &off) == 0 &&
			    (w->code_be ? w->ef->data[off] == 0x47 && w->ef->data[off + 1] == 0x78 :
			    w->ef->data[off] == 0x78 && w->ef->data[off + 1] == 0x47))
				sweep_add_target(w, w->stub_at - 4, t->name, TARGET_STUB);
		}
	} else if ((insn->id == ARM_INS_BL || insn->id == ARM_INS_BLX) && a->op_count == 1 &&
	    a->operands[0].type == ARM_OP_IMM) {
		sweep_direct_call(w, insn->address, (uint64_t)(uint32_t)a->operands[0].imm);
	}
}

/* PIC: lw $t9, off($gp) ... jalr $t9 (or a tail jr $t9), the jalr within
 * a few instructions. Non-PIC PLT: lui $t7, hi; lw $t9, lo($t7); ... */
static void
on_mips(struct sweep *w, const cs_insn *insn)
{
	const cs_mips *m = &insn->detail->mips;
	const cs_mips_op *o0 = m->op_count > 0 ? &m->operands[0] : NULL;
	const struct target *t;

	if (insn->id == MIPS_INS_LUI && m->op_count == 2 && m->operands[1].type == MIPS_OP_IMM) {
		w->reg_id = o0->reg;
		w->reg_val = ((uint64_t)m->operands[1].imm << 16) & w->addr_mask;
		w->reg_at = insn->address;
		return;
	}
	if ((insn->id == MIPS_INS_LW || insn->id == MIPS_INS_LD) && m->op_count == 2 &&
	    o0->type == MIPS_OP_REG &&
	    o0->reg == MIPS_REG_T9 && m->operands[1].type == MIPS_OP_MEM) {
		const cs_mips_op *mem = &m->operands[1];

		if (mem->mem.base == MIPS_REG_GP && w->gp != 0) {
			w->t9_slot = w->gp + (uint64_t)mem->mem.disp;
			w->t9_at = insn->address, w->t9_valid = true;
		} else {
			w->t9_valid = false;
			if (mem->mem.base == w->reg_id && insn->address - w->reg_at <= 8 &&
			    (t = slot(w, w->reg_val + (uint64_t)mem->mem.disp)) != NULL)
				sweep_add_target(w, w->reg_at, t->name, TARGET_STUB);
		}
		return;
	}
	if ((insn->id == MIPS_INS_JALR || insn->id == MIPS_INS_JR) && m->op_count >= 1 &&
	    m->operands[m->op_count - 1].type == MIPS_OP_REG &&
	    m->operands[m->op_count - 1].reg == MIPS_REG_T9) {
		if (w->t9_valid && insn->address - w->t9_at <= 64 &&
		    (t = slot(w, w->t9_slot)) != NULL)
			sweep_add_site(w, insn->address, t->name, "got");
		w->t9_valid = false;
		return;
	}
	if ((insn->id == MIPS_INS_JAL || insn->id == MIPS_INS_BAL) && m->op_count == 1 &&
	    o0->type == MIPS_OP_IMM)
		sweep_direct_call(w, insn->address, (uint64_t)o0->imm & w->addr_mask);
	else if (o0 != NULL && o0->type == MIPS_OP_REG && o0->reg == MIPS_REG_T9)
		w->t9_valid = false;	/* $t9 written by something else */
}

int
sweep_open(struct sweep *w, csh *cs)
{
	const GElf_Ehdr *h = &w->ef->ehdr;
	bool be = h->e_ident[EI_DATA] == ELFDATA2MSB, b64 = h->e_ident[EI_CLASS] == ELFCLASS64;
	cs_arch arch;
	int mode = be ? CS_MODE_BIG_ENDIAN : CS_MODE_LITTLE_ENDIAN;

	w->addr_mask = b64 ? UINT64_MAX : UINT32_MAX;
	switch (h->e_machine) {
	case EM_X86_64: case EM_386:
		arch = CS_ARCH_X86, mode = h->e_machine == EM_X86_64 ? CS_MODE_64 : CS_MODE_32;
		w->on_insn = on_x86, w->scan = scan_x86;
		break;
	case EM_AARCH64:
		/* A64 instructions are little-endian whatever the data order */
		arch = CS_ARCH_ARM64, mode = CS_MODE_LITTLE_ENDIAN;
		w->on_insn = on_arm64, w->scan = scan_arm64;
		break;
	case EM_ARM:
		/* BE8 (EF_ARM_BE8) keeps instructions little-endian */
		w->code_be = be && !(h->e_flags & 0x00800000);
		arch = CS_ARCH_ARM, mode = w->code_be ? CS_MODE_BIG_ENDIAN : CS_MODE_ARM;
		w->arm_mode = mode;
		w->on_insn = on_arm, w->scan = scan_arm;
		break;
	case EM_MIPS:
		arch = CS_ARCH_MIPS, mode |= b64 ? CS_MODE_MIPS64 : CS_MODE_MIPS32;
		w->on_insn = on_mips, w->scan = scan_mips;
		break;
	default:
		w->out->reason = "no disassembler for this machine here (x86, x86-64, ARM, "
		    "AArch64 and MIPS are)";
		return -1;
	}
	if (cs_open(arch, (cs_mode)mode, cs) != CS_ERR_OK) {
		w->out->reason = "capstone could not open this architecture";
		return -1;
	}
	cs_option(*cs, CS_OPT_DETAIL, CS_OPT_ON);
	cs_option(*cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	return 0;
}
