/* Internal to formats/elf_calls*.c: the state of one sweep over an ELF's
 * code, shared by the driver (imports, segments) and the per-architecture
 * instruction handlers. */
#ifndef FWAUDIT_FORMATS_ELF_CALLS_SWEEP_H
#define FWAUDIT_FORMATS_ELF_CALLS_SWEEP_H

#include <capstone/capstone.h>

#include "formats/elf.h"
#include "formats/elf_calls.h"

/* Addresses that mean "this risky function". Few (one per risky import
 * or definition): searched linearly. */
enum target_kind { TARGET_SLOT, TARGET_STUB, TARGET_LOCAL };
struct target {
	uint64_t addr;
	const char *name;	/* into the ELF's string tables */
	enum target_kind kind;	/* a GOT slot is read through; stubs and locals are called */
};

struct site {
	uint64_t addr, target;
};

struct sweep {
	const struct elfile *ef;
	struct elf_calls *out;
	/* capstone decodes the instructions a byte-level prefilter picks
	 * (formats/elf_calls_scan.c); on_insn interprets each decoded one */
	csh cs;
	cs_insn *insn;
	void (*on_insn)(struct sweep *w, const cs_insn *insn);
	/* pass 0 finds PLT stubs, pass 1 call sites */
	void (*scan)(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len);
	struct target *t;
	size_t nt, capt;
	struct site *s;		/* direct calls, resolved once every stub is known */
	size_t ns, caps;
	uint64_t gp;		/* MIPS: DT_PLTGOT + 0x7ff0; 0 unknown */
	uint64_t addr_mask;	/* 32-bit: wrap address arithmetic */
	bool code_be;		/* ARM BE32: instruction words big-endian */
	int arm_mode;		/* ARM: capstone's mode for ARM state (Thumb switched to per call) */
	/* a short memory of the instructions before the current one */
	uint64_t reg_val, reg_at, stub_at;
	unsigned reg_id;
	uint64_t t9_slot, t9_at;
	bool t9_valid;
	uint64_t endbr_at;
	bool endbr;
};

int sweep_add_target(struct sweep *w, uint64_t addr, const char *name, enum target_kind kind);
/* slot: a GOT slot; else a stub or local function at addr. */
const struct target *sweep_find(const struct sweep *w, uint64_t addr, bool slot);
void sweep_add_site(struct sweep *w, uint64_t addr, const char *name, const char *via);
void sweep_direct_call(struct sweep *w, uint64_t addr, uint64_t target);
/* Decodes count instructions at seg[pos] (seg: the segment's bytes at
 * addr, len long) and hands each to w->on_insn. */
void sweep_decode(struct sweep *w, const uint8_t *seg, uint64_t addr, size_t len, size_t pos,
    unsigned count);
/* Opens capstone for the ELF's machine and sets w->on_insn and w->scan;
 * -1 with w->out->reason for a machine not handled. */
int sweep_open(struct sweep *w, csh *cs);
/* The prefilters, per instruction set. */
void scan_x86(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len);
void scan_arm(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len);
void scan_arm64(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len);
void scan_mips(struct sweep *w, int pass, const uint8_t *seg, uint64_t addr, size_t len);

#endif
