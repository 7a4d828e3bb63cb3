/* ELF exploit mitigations; see formats/elf_hardening.h. */
#include "formats/elf_hardening.h"

#include <stdio.h>
#include <string.h>

#include "formats/elf.h"

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif

const char *
elf_pie_name(enum elf_pie p)
{
	static const char *const n[] = { "no", "yes", "dso", "rel" };

	return p <= ELF_PIE_REL ? n[p] : "?";
}

const char *
elf_relro_name(enum elf_relro r)
{
	static const char *const n[] = { "none", "partial", "full" };

	return r <= ELF_RELRO_FULL ? n[r] : "?";
}

static void
program_headers(const struct elfile *ef, struct elf_hardening *h)
{
	for (size_t i = 0; i < ef->phnum; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(ef->elf, (int)i, &ph) == NULL)
			continue;
		if (ph.p_type == PT_GNU_STACK) {
			h->gnu_stack = true;
			h->nx = (ph.p_flags & PF_X) == 0;
		} else if (ph.p_type == PT_GNU_RELRO) {
			h->gnu_relro = true;
		} else if (ph.p_type == PT_INTERP) {
			h->interp = true;
		} else if (ph.p_type == PT_DYNAMIC) {
			h->dynamic = true;
		}
	}
}

static void
copy_path(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s != NULL ? s : "");
}

static void
dynamic_tags(const struct elfile *ef, struct elf_hardening *h)
{
	for (size_t i = 0; ef->dyn != NULL && i < ef->ndyn; i++) {
		GElf_Dyn d;

		if (gelf_getdyn(ef->dyn, (int)i, &d) == NULL || d.d_tag == DT_NULL)
			break;
		switch (d.d_tag) {
		case DT_BIND_NOW:
			h->bind_now = true;
			break;
		case DT_FLAGS:
			h->bind_now |= (d.d_un.d_val & DF_BIND_NOW) != 0;
			break;
		case DT_FLAGS_1:
			h->bind_now |= (d.d_un.d_val & DF_1_NOW) != 0;
			h->df_1_pie |= (d.d_un.d_val & DF_1_PIE) != 0;
			break;
		case DT_DEBUG:
			h->debug_tag = true;
			break;
		case DT_SONAME:
			h->soname = true;
			break;
		case DT_RPATH:
			h->rpath = true;
			copy_path(h->rpath_value, sizeof(h->rpath_value), elfile_dynstr(ef, d.d_un.d_val));
			break;
		case DT_RUNPATH:
			h->runpath = true;
			copy_path(h->runpath_value, sizeof(h->runpath_value), elfile_dynstr(ef, d.d_un.d_val));
			break;
		case DT_NEEDED:
			h->needed++;
			break;
		default:
			break;
		}
	}
}

static bool
is_canary(const char *name)
{
	return strcmp(name, "__stack_chk_fail") == 0 || strcmp(name, "__stack_chk_guard") == 0 ||
	    strcmp(name, "__intel_security_cookie") == 0;
}

/* A FORTIFY_SOURCE wrapper: __NAME_chk, other than the canary's. */
static bool
is_fortified(const char *name)
{
	size_t n = strlen(name);

	return n > 6 && name[0] == '_' && name[1] == '_' && strcmp(name + n - 4, "_chk") == 0 &&
	    strncmp(name, "__stack_chk", 11) != 0;
}

static void
note_symbol(struct elf_hardening *h, const char *name, const char *from)
{
	if (!h->canary && is_canary(name)) {
		h->canary = true;
		h->canary_from = from;
		copy_path(h->canary_symbol, sizeof(h->canary_symbol), name);
	}
	if (is_fortified(name)) {
		if (h->fortified == 0)
			copy_path(h->fortified_first, sizeof(h->fortified_first), name);
		h->fortified++;
	}
}

static int
on_static_symbol(void *ctx, const GElf_Sym *s, const char *name)
{
	struct elf_hardening *h = ctx;

	/* a static link holds the canary function itself, defined */
	if (!h->canary && is_canary(name)) {
		h->canary = true;
		h->canary_from = "symbol table";
		copy_path(h->canary_symbol, sizeof(h->canary_symbol), name);
	}
	return 0;
}

/* Dynamic symbols are unique by name, so each _chk counts once; the
 * static table repeats them (versioned, local), so only the canary is
 * taken from it, for static links. */
static void
symbols(const struct elfile *ef, struct elf_hardening *h)
{
	for (size_t i = 1; i < ef->ndynsym; i++) {
		GElf_Sym s;
		const char *name;

		if (elfile_dynsym(ef, i, &s, &name) == 0 && name[0] != '\0')
			note_symbol(h, name, "dynamic symbols");
	}
	h->dynsyms = ef->ndynsym;
	h->symtab = elfile_symtab_each(ef, on_static_symbol, h) == 0;
}

/* An ET_DYN is a program or a library. DF_1_PIE says program (ld -pie
 * since binutils 2.26). Without it, a DT_SONAME says library even with a
 * PT_INTERP: glibc's and uClibc's libc.so carry an interpreter so they can
 * be run, yet are loaded by name (checksec 2.6.0 says DSO for them, having
 * no DT_DEBUG). A PT_INTERP or DT_DEBUG (the debugger hook only a program's
 * loader fills) with no SONAME says an older PIE program. docs/elf.md. */
static enum elf_pie
pie_kind(unsigned e_type, const struct elf_hardening *h)
{
	if (e_type == ET_REL)
		return ELF_PIE_REL;
	if (e_type != ET_DYN)
		return ELF_PIE_NO;
	if (h->df_1_pie)
		return ELF_PIE_YES;
	if (h->soname)
		return ELF_PIE_DSO;
	return h->interp || h->debug_tag ? ELF_PIE_YES : ELF_PIE_DSO;
}

int
elf_hardening_named(const char *input, const uint8_t *data, size_t len,
    struct elf_hardening *out, struct fw_err *err)
{
	struct elfile ef;

	memset(out, 0, sizeof(*out));
	if (elfile_open(&ef, input, data, len, err) != 0)
		return -1;
	out->elf_class = ef.ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	out->big_endian = ef.ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	out->machine = ef.ehdr.e_machine;
	out->type = ef.ehdr.e_type;
	out->section_headers = ef.shnum != 0;
	program_headers(&ef, out);
	dynamic_tags(&ef, out);
	out->pie = pie_kind(ef.ehdr.e_type, out);
	symbols(&ef, out);
	out->relro = !out->gnu_relro ? ELF_RELRO_NONE : out->bind_now ? ELF_RELRO_FULL :
	    ELF_RELRO_PARTIAL;
	elfile_close(&ef);
	return 0;
}

int
elf_hardening(const uint8_t *data, size_t len, struct elf_hardening *out, struct fw_err *err)
{
	return elf_hardening_named(NULL, data, len, out, err);
}
