/* Risky call sites with capstone; see formats/elf_calls.h. A full linear
 * disassembly runs at ~20 MiB/s, far too slow for every binary of a root
 * filesystem; so a byte-level prefilter per instruction set
 * (elf_calls_scan.c) picks the few instructions that can be a PLT stub or
 * a call reaching a risky function, and capstone decodes only those.
 * Direct calls are kept with their targets and resolved once every stub
 * is known. */
#include "formats/elf_calls.h"

#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/elf.h"
#include "formats/elf_calls_sweep.h"

#ifndef DT_MIPS_LOCAL_GOTNO
#define DT_MIPS_LOCAL_GOTNO 0x7000000a
#define DT_MIPS_GOTSYM 0x70000013
#endif
#define MIPS_GP_BIAS 0x7ff0	/* _gp = GOT + 0x7ff0 (MIPS psABI) */

/* Unbounded copies and formatting, shell execution, and functions with no
 * safe use (gets, tmpnam): the usual audit list (CWE-676, CWE-78). */
static const char *const risky[] = {
	"strcpy", "strcat", "sprintf", "vsprintf", "gets", "system", "popen", "execl",
	"execlp", "execle", "execv", "execvp", "stpcpy", "wcscpy", "wcscat", "scanf",
	"sscanf", "fscanf", "vscanf", "vsscanf", "realpath", "tmpnam", "mktemp",
	"getwd", "strtok", NULL
};

bool
elf_risky_name(const char *name)
{
	for (int i = 0; risky[i] != NULL; i++)
		if (strcmp(risky[i], name) == 0)
			return true;
	return false;
}

int
sweep_add_target(struct sweep *w, uint64_t addr, const char *name, enum target_kind kind)
{
	if (w->nt == w->capt) {
		size_t cap = w->capt ? 2 * w->capt : 32;
		struct target *n = realloc(w->t, cap * sizeof(*n));

		if (n == NULL)
			return -1;
		w->t = n, w->capt = cap;
	}
	w->t[w->nt++] = (struct target){ addr, name, kind };
	return 0;
}

const struct target *
sweep_find(const struct sweep *w, uint64_t addr, bool slot)
{
	for (size_t i = 0; i < w->nt; i++)
		if (w->t[i].addr == addr && (w->t[i].kind == TARGET_SLOT) == slot)
			return &w->t[i];
	return NULL;
}

void
sweep_add_site(struct sweep *w, uint64_t addr, const char *name, const char *via)
{
	struct elf_calls *o = w->out;

	o->total++;
	if (o->n == ELF_CALLS_MAX)
		return;
	o->v[o->n].addr = addr;
	snprintf(o->v[o->n].func, sizeof(o->v[o->n].func), "%s", name);
	o->v[o->n].via = via;
	o->n++;
}

void
sweep_direct_call(struct sweep *w, uint64_t addr, uint64_t target)
{
	if (w->ns == w->caps) {
		size_t cap = w->caps ? 2 * w->caps : 1024;
		struct site *n = realloc(w->s, cap * sizeof(*n));

		if (n == NULL)
			return;
		w->s = n, w->caps = cap;
	}
	w->s[w->ns++] = (struct site){ addr, target };
}

/* Relocations of one table: slots of risky imports (JUMP_SLOT, GLOB_DAT). */
static void
reloc_table(struct sweep *w, int64_t tag_addr, int64_t tag_size, bool rela)
{
	const struct elfile *ef = w->ef;
	uint64_t a, sz;
	size_t off, esz = gelf_fsize(ef->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	Elf_Data *d;

	if (!elfile_dyn(ef, tag_addr, &a) || !elfile_dyn(ef, tag_size, &sz) || esz == 0 ||
	    elfile_vaddr_off(ef, a, sz, &off) != 0 || sz < esz ||
	    (d = elf_getdata_rawchunk(ef->elf, (int64_t)off, sz - sz % esz,
	    rela ? ELF_T_RELA : ELF_T_REL)) == NULL)
		return;
	for (size_t i = 0; i < sz / esz; i++) {
		GElf_Rela r;
		GElf_Rel rl;
		GElf_Sym s;
		const char *name;

		if (rela ? gelf_getrela(d, (int)i, &r) == NULL : gelf_getrel(d, (int)i, &rl) == NULL)
			break;
		if (!rela)
			r.r_offset = rl.r_offset, r.r_info = rl.r_info;
		if (GELF_R_SYM(r.r_info) == 0 ||
		    elfile_dynsym(ef, GELF_R_SYM(r.r_info), &s, &name) != 0 || !elf_risky_name(name) ||
		    sweep_find(w, r.r_offset, true) != NULL)
			continue;
		if (sweep_add_target(w, r.r_offset, name, TARGET_SLOT) == 0)
			w->out->imports_resolved++;
	}
}

/* MIPS: global GOT entry k (k >= local_gotno) belongs to dynsym
 * gotsym + (k - local_gotno). */
static void
mips_got(struct sweep *w)
{
	const struct elfile *ef = w->ef;
	uint64_t got, local, gotsym;
	size_t word = ef->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;

	if (ef->ehdr.e_machine != EM_MIPS || !elfile_dyn(ef, DT_PLTGOT, &got) ||
	    !elfile_dyn(ef, DT_MIPS_LOCAL_GOTNO, &local) || !elfile_dyn(ef, DT_MIPS_GOTSYM, &gotsym))
		return;
	w->gp = got + MIPS_GP_BIAS;
	for (size_t i = (size_t)gotsym; i < ef->ndynsym; i++) {
		GElf_Sym s;
		const char *name;

		if (elfile_dynsym(ef, i, &s, &name) == 0 && elf_risky_name(name) &&
		    sweep_add_target(w, got + (local + i - gotsym) * word, name, TARGET_SLOT) == 0)
			w->out->imports_resolved++;
	}
}

static int
local_function(void *ctx, const GElf_Sym *s, const char *name)
{
	struct sweep *w = ctx;

	if (GELF_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF && s->st_value != 0 &&
	    elf_risky_name(name) && sweep_find(w, s->st_value & ~(uint64_t)1, false) == NULL)
		sweep_add_target(w, s->st_value & ~(uint64_t)1, name, TARGET_LOCAL);
	return 0;
}

static void
imports(struct sweep *w)
{
	uint64_t pltrel = DT_REL;

	(void)elfile_dyn(w->ef, DT_PLTREL, &pltrel);
	reloc_table(w, DT_JMPREL, DT_PLTRELSZ, pltrel == DT_RELA);
	reloc_table(w, DT_RELA, DT_RELASZ, true);
	reloc_table(w, DT_REL, DT_RELSZ, false);
	mips_got(w);
	(void)elfile_symtab_each(w->ef, local_function, w);
	for (size_t i = 1; i < w->ef->ndynsym; i++) {
		GElf_Sym s;
		const char *name;

		if (elfile_dynsym(w->ef, i, &s, &name) == 0)
			local_function(w, &s, name);
	}
}

void
sweep_decode(struct sweep *w, const uint8_t *seg, uint64_t addr, size_t len, size_t pos,
    unsigned count)
{
	const uint8_t *code = seg + pos;
	size_t size = len - pos;
	uint64_t at = addr + pos;

	while (count-- > 0 && size > 0 && cs_disasm_iter(w->cs, &code, &size, &at, w->insn))
		if (w->insn->id != 0)
			w->on_insn(w, w->insn);
}

static void
resolve_sites(struct sweep *w)
{
	for (size_t i = 0; i < w->ns; i++) {
		const struct target *t = sweep_find(w, w->s[i].target, false);

		if (t != NULL)
			sweep_add_site(w, w->s[i].addr, t->name, t->kind == TARGET_STUB ? "plt" :
			    "direct");
	}
}

static int
by_address(const void *a, const void *b)
{
	const struct elf_call *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Every executable segment twice: the stubs first, so that the calls of
 * the second pass find them wherever they lie. */
static int
sweep_all(struct sweep *w)
{
	if ((w->insn = cs_malloc(w->cs)) == NULL)
		return -1;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < w->ef->phnum; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(w->ef->elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD ||
			    !(ph.p_flags & PF_X) || ph.p_offset > w->ef->len ||
			    ph.p_filesz > w->ef->len - ph.p_offset)
				continue;
			w->scan(w, pass, w->ef->data + ph.p_offset, ph.p_vaddr, (size_t)ph.p_filesz);
		}
	cs_free(w->insn, 1);
	resolve_sites(w);
	qsort(w->out->v, w->out->n, sizeof(w->out->v[0]), by_address);
	return 0;
}

int
elf_risky_calls(const uint8_t *data, size_t len, struct elf_calls *out, struct fw_err *err)
{
	struct elfile ef;
	struct sweep w;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (elfile_open(&ef, NULL, data, len, err) != 0)
		return -1;
	memset(&w, 0, sizeof(w));
	w.ef = &ef, w.out = out;
	if (sweep_open(&w, &w.cs) != 0) {
		elfile_close(&ef);
		return 0;
	}
	out->supported = true;
	imports(&w);
	/* Nothing risky imported or defined: no call can reach one. */
	if (w.nt > 0 && sweep_all(&w) != 0)
		rc = err_set(err, NULL, ERR_NO_OFFSET, "out of memory disassembling");
	cs_close(&w.cs);
	free(w.t);
	free(w.s);
	elfile_close(&ef);
	return rc;
}
