/* ELF files read with libelf (elfutils): header, program headers, the
 * dynamic table found through PT_DYNAMIC and the dynamic symbols it names
 * (so a file whose section headers were stripped still shows its imports),
 * sections and the static symbol table when present. Everything is read
 * from the caller's bytes, which libelf never writes; results are plain
 * values, names point into those bytes (or into libelf's converted copy,
 * valid until elfile_close). The prefix is elfile_, so as not to collide
 * with libelf's own elf_ names. */
#ifndef FWAUDIT_FORMATS_ELF_H
#define FWAUDIT_FORMATS_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct elfile {
	Elf *elf;
	const char *input;	/* for messages */
	const uint8_t *data;
	size_t len;
	GElf_Ehdr ehdr;
	size_t phnum;
	size_t shnum;		/* 0: no section headers */
	size_t shstrndx;
	/* PT_DYNAMIC, read as the loader reads it */
	Elf_Data *dyn;		/* NULL: no dynamic table */
	size_t ndyn;
	Elf_Data *dynsym;	/* DT_SYMTAB, ndynsym entries (from DT_HASH / DT_GNU_HASH) */
	size_t ndynsym;
	const char *dynstr;	/* DT_STRTAB, dynstr_len bytes */
	size_t dynstr_len;
};

/* The 16-byte ident is an ELF one: magic, class and data known. */
bool elfile_probe(const uint8_t *data, size_t len);

/* Opens data[0, len) (not copied; must outlive the handle). 0, or -1 with
 * err naming the input, the offset and what was expected. A damaged
 * dynamic table is not an error: it reads as none (ef->dyn NULL). */
int elfile_open(struct elfile *ef, const char *input, const uint8_t *data, size_t len,
    struct fw_err *err);
void elfile_close(struct elfile *ef);

/* The file offset of n bytes at virtual address vaddr inside one PT_LOAD's
 * file image; -1 when they are not all in the file. */
int elfile_vaddr_off(const struct elfile *ef, uint64_t vaddr, uint64_t n, size_t *off);
/* The first dynamic entry with tag; false when absent. */
bool elfile_dyn(const struct elfile *ef, int64_t tag, uint64_t *val);
/* A NUL-terminated string at off in the dynamic string table, or NULL. */
const char *elfile_dynstr(const struct elfile *ef, uint64_t off);
/* Dynamic symbol i (< ndynsym) with its name ("" when unnamed); -1 if unreadable. */
int elfile_dynsym(const struct elfile *ef, size_t i, GElf_Sym *sym, const char **name);

/* The section named name (and its header), or NULL; NULL too without
 * section headers. */
Elf_Scn *elfile_section(const struct elfile *ef, const char *name, GElf_Shdr *shdr);
/* Calls fn for each symbol of the static table (.symtab) until it returns
 * non-zero (returned); 0 after all, -1 when there is no .symtab. */
typedef int (*elfile_sym_fn)(void *ctx, const GElf_Sym *sym, const char *name);
int elfile_symtab_each(const struct elfile *ef, elfile_sym_fn fn, void *ctx);
/* The file offset of n bytes at address addr in the section that holds
 * them (section headers: for relocatable-free lookups such as a symbol's
 * data); -1 when no PROGBITS section holds them. */
int elfile_section_off(const struct elfile *ef, size_t shndx, uint64_t addr, uint64_t n,
    size_t *off);

/* "x86-64", "arm", "aarch64", "mips", "xtensa", "riscv", ...; NULL if unknown. */
const char *elfile_machine_name(unsigned machine);

#endif
