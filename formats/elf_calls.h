/* Call sites of risky C library functions (strcpy, sprintf, gets, system,
 * popen, ...) in an ELF's code, found by disassembling its executable
 * segments with capstone. Imports are resolved per architecture from the
 * relocations the dynamic linker applies (DT_JMPREL, DT_REL/DT_RELA) and,
 * on MIPS, from the global GOT (DT_MIPS_GOTSYM): a call through a PLT stub
 * or through a GOT slot names the function whose slot it reads.
 *
 *   x86-64   call rel32 -> PLT stub `jmp [rip+d]` -> GOT slot;  call [rip+d]
 *   AArch64  bl -> stub `adrp x16; ldr x17, [x16, #o]; ...; br x17`
 *   ARM      bl / blx (ARM or Thumb-2) -> stub `add ip, pc, ...; add ip, ip, ...;
 *            ldr pc, [ip, #o]!` (or the `bx pc` entry before it, for Thumb callers)
 *   MIPS     lw $t9, o($gp) with gp = DT_PLTGOT + 0x7ff0 ... jalr $t9;
 *            jal -> non-PIC PLT stub `lui $t7, hi; lw $t9, lo($t7); ... jr $t9`
 *   Static links and local definitions: call targets that are .symtab functions. */
#ifndef FWAUDIT_FORMATS_ELF_CALLS_H
#define FWAUDIT_FORMATS_ELF_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct elf_call {
	uint64_t addr;		/* virtual address of the call instruction */
	char func[24];		/* the risky function */
	const char *via;	/* "plt", "got", "direct" */
};

#define ELF_CALLS_MAX 256	/* sites kept per binary; total counts them all */

struct elf_calls {
	bool supported;		/* an architecture disassembled here */
	const char *reason;	/* when not supported */
	struct elf_call v[ELF_CALLS_MAX];
	size_t n;		/* kept, in address order */
	size_t total;		/* found */
	unsigned imports_resolved; /* risky imports found in the relocations */
};

/* Fills out (no allocation kept). 0, or -1 with err when the ELF is
 * unreadable; an architecture capstone cannot take here is not an error
 * (supported false, with the reason). */
int elf_risky_calls(const uint8_t *data, size_t len, struct elf_calls *out,
    struct fw_err *err);
/* Is name one of the risky functions (the table in elf_calls.c)? */
bool elf_risky_name(const char *name);

#endif
