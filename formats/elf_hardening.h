/* Exploit mitigations of one ELF executable or shared object, as the
 * loader and the toolchain leave them visible (what checksec reports):
 * NX stack, PIE, RELRO, stack canary, FORTIFY, RPATH/RUNPATH, symbols.
 * Everything the dynamic linker uses is read through PT_DYNAMIC, so a
 * file whose section headers were stripped (sstrip, many firmware
 * images) is judged the same: checksec 2.6.0 reads the canary from the
 * section-based symbol table and misses it there.
 *
 * For other modules (a root filesystem walk calls this on every ELF it
 * finds): elf_hardening() fills a plain struct from bytes in memory, no
 * allocation kept, safe to call from several threads on different
 * inputs; checks/elf_facts.h turns the struct into a fact item. */
#ifndef FWAUDIT_FORMATS_ELF_HARDENING_H
#define FWAUDIT_FORMATS_ELF_HARDENING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum elf_pie { ELF_PIE_NO, ELF_PIE_YES, ELF_PIE_DSO, ELF_PIE_REL };
enum elf_relro { ELF_RELRO_NONE, ELF_RELRO_PARTIAL, ELF_RELRO_FULL };

struct elf_hardening {
	unsigned elf_class;	/* 32 or 64 */
	bool big_endian;
	unsigned machine;	/* e_machine */
	unsigned type;		/* e_type: ET_EXEC, ET_DYN, ET_REL, ... */
	bool section_headers;	/* false: stripped of them (read through PT_DYNAMIC) */
	bool dynamic;		/* PT_DYNAMIC present (dynamically linked) */
	bool interp;		/* PT_INTERP: a program, not a library */
	bool gnu_stack;		/* PT_GNU_STACK present */
	bool nx;		/* PT_GNU_STACK without PF_X */
	enum elf_pie pie;	/* ET_EXEC: no; ET_DYN: DF_1_PIE yes, else DT_SONAME dso, else
				 * PT_INTERP or DT_DEBUG yes, else dso (elf_hardening.c pie_kind) */
	bool df_1_pie;		/* DT_FLAGS_1 has DF_1_PIE */
	bool soname;		/* DT_SONAME present: loaded by name, a library */
	bool debug_tag;		/* DT_DEBUG present */
	bool gnu_relro;		/* PT_GNU_RELRO */
	bool bind_now;		/* DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW */
	enum elf_relro relro;
	bool canary;		/* __stack_chk_fail / __stack_chk_guard / __intel_security_cookie */
	char canary_symbol[32];	/* the symbol that showed it */
	const char *canary_from; /* "dynamic symbols" or "symbol table" */
	unsigned fortified;	/* distinct __*_chk functions (FORTIFY_SOURCE) */
	char fortified_first[48];
	bool rpath, runpath;
	char rpath_value[256];	/* truncated to fit */
	char runpath_value[256];
	bool symtab;		/* a .symtab: not stripped */
	size_t dynsyms;		/* dynamic symbols read through PT_DYNAMIC */
	size_t needed;		/* DT_NEEDED entries */
};

/* Fills out from the ELF at data[0, len). 0, or -1 with err (input NULL in
 * messages: the caller names the file) when it is no ELF or its header,
 * program or section header table is unreadable. */
int elf_hardening(const uint8_t *data, size_t len, struct elf_hardening *out,
    struct fw_err *err);
/* The same, naming input in err. */
int elf_hardening_named(const char *input, const uint8_t *data, size_t len,
    struct elf_hardening *out, struct fw_err *err);

const char *elf_pie_name(enum elf_pie p);	/* "no", "yes", "dso", "rel" */
const char *elf_relro_name(enum elf_relro r);	/* "none", "partial", "full" */

#endif
