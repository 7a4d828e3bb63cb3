/* ELF reading through libelf; see formats/elf.h. */
#include "formats/elf.h"

#include <pthread.h>
#include <string.h>

static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void
set_version(void)
{
	(void)elf_version(EV_CURRENT);
}

bool
elfile_probe(const uint8_t *data, size_t len)
{
	return len >= EI_NIDENT && memcmp(data, ELFMAG, SELFMAG) == 0 &&
	    (data[EI_CLASS] == ELFCLASS32 || data[EI_CLASS] == ELFCLASS64) &&
	    (data[EI_DATA] == ELFDATA2LSB || data[EI_DATA] == ELFDATA2MSB) &&
	    data[EI_VERSION] == EV_CURRENT;
}

static uint32_t
ld32(const struct elfile *ef, const uint8_t *p)
{
	if (ef->ehdr.e_ident[EI_DATA] == ELFDATA2MSB)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* A table of count entries of size each at off lies inside the file. */
static bool
in_file(size_t len, uint64_t off, uint64_t count, uint64_t size)
{
	return size == 0 || (count <= (uint64_t)len / size && off <= len &&
	    count * size <= len - off);
}

int
elfile_vaddr_off(const struct elfile *ef, uint64_t vaddr, uint64_t n, size_t *off)
{
	for (size_t i = 0; i < ef->phnum; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(ef->elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD)
			continue;
		if (vaddr < ph.p_vaddr || vaddr - ph.p_vaddr > ph.p_filesz ||
		    n > ph.p_filesz - (vaddr - ph.p_vaddr))
			continue;
		if (!in_file(ef->len, ph.p_offset + (vaddr - ph.p_vaddr), 1, n))
			return -1;
		*off = (size_t)(ph.p_offset + (vaddr - ph.p_vaddr));
		return 0;
	}
	return -1;
}

bool
elfile_dyn(const struct elfile *ef, int64_t tag, uint64_t *val)
{
	for (size_t i = 0; ef->dyn != NULL && i < ef->ndyn; i++) {
		GElf_Dyn d;

		if (gelf_getdyn(ef->dyn, (int)i, &d) == NULL || d.d_tag == DT_NULL)
			break;
		if (d.d_tag == tag) {
			*val = d.d_un.d_val;
			return true;
		}
	}
	return false;
}

const char *
elfile_dynstr(const struct elfile *ef, uint64_t off)
{
	if (ef->dynstr == NULL || off >= ef->dynstr_len ||
	    memchr(ef->dynstr + off, 0, ef->dynstr_len - off) == NULL)
		return NULL;
	return ef->dynstr + off;
}

int
elfile_dynsym(const struct elfile *ef, size_t i, GElf_Sym *sym, const char **name)
{
	const char *s;

	if (ef->dynsym == NULL || i >= ef->ndynsym || gelf_getsym(ef->dynsym, (int)i, sym) == NULL)
		return -1;
	s = elfile_dynstr(ef, sym->st_name);
	*name = s != NULL ? s : "";
	return 0;
}

/* The number of symbols a GNU hash table at off covers: one past the
 * highest index any bucket chain reaches. */
static size_t
gnu_hash_count(const struct elfile *ef, size_t off)
{
	const uint8_t *p = ef->data + off;
	size_t left = ef->len - off, word = ef->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	uint32_t nbuckets, symoffset, bloom, top = 0;
	size_t buckets, chain;

	if (left < 16)
		return 0;
	nbuckets = ld32(ef, p), symoffset = ld32(ef, p + 4), bloom = ld32(ef, p + 8);
	buckets = 16 + (size_t)bloom * word;
	if (bloom > left / word || nbuckets > (left - 16 - (size_t)bloom * word) / 4)
		return 0;
	for (uint32_t b = 0; b < nbuckets; b++) {
		uint32_t v = ld32(ef, p + buckets + 4 * (size_t)b);

		if (v > top)
			top = v;
	}
	if (top < symoffset)
		return symoffset;
	chain = buckets + 4 * (size_t)nbuckets;
	for (size_t i = top - symoffset; chain + 4 * i + 4 <= left; i++)
		if (ld32(ef, p + chain + 4 * i) & 1)
			return symoffset + i + 1;
	return 0;
}

/* One past the highest symbol index the relocations of one table name. */
static size_t
reloc_max_sym(const struct elfile *ef, int64_t tag_addr, int64_t tag_size, bool rela)
{
	uint64_t a, sz;
	size_t off, top = 0, esz = gelf_fsize(ef->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	Elf_Data *d;

	if (!elfile_dyn(ef, tag_addr, &a) || !elfile_dyn(ef, tag_size, &sz) || esz == 0 ||
	    sz < esz || elfile_vaddr_off(ef, a, sz, &off) != 0 ||
	    (d = elf_getdata_rawchunk(ef->elf, (int64_t)off, sz - sz % esz,
	    rela ? ELF_T_RELA : ELF_T_REL)) == NULL)
		return 0;
	for (size_t i = 0; i < sz / esz; i++) {
		GElf_Rela r;
		GElf_Rel rl;

		if (rela ? gelf_getrela(d, (int)i, &r) == NULL : gelf_getrel(d, (int)i, &rl) == NULL)
			break;
		if (!rela)
			r.r_info = rl.r_info;
		if (GELF_R_SYM(r.r_info) + 1 > top)
			top = GELF_R_SYM(r.r_info) + 1;
	}
	return top;
}

/* The number of dynamic symbols. The section says it when there is one;
 * else DT_HASH's nchain and MIPS's DT_MIPS_SYMTABNO are exact, while a GNU
 * hash table covers only the defined symbols after its symoffset, so the
 * highest index any relocation names is taken too (every import a program
 * calls or reads has a relocation). */
static size_t
dynsym_count(const struct elfile *ef, uint64_t symtab, size_t symsz)
{
	uint64_t a, pltrel = DT_REL, strtab;
	size_t off, n = 0, m;
	GElf_Shdr sh;

	if (elfile_section(ef, ".dynsym", &sh) != NULL && sh.sh_entsize != 0)
		return (size_t)(sh.sh_size / sh.sh_entsize);
	if (elfile_dyn(ef, DT_HASH, &a) && elfile_vaddr_off(ef, a, 8, &off) == 0)
		return ld32(ef, ef->data + off + 4);
	if (ef->ehdr.e_machine == EM_MIPS && elfile_dyn(ef, 0x70000011 /* DT_MIPS_SYMTABNO */, &a))
		return (size_t)a;
	if (elfile_dyn(ef, DT_GNU_HASH, &a) && elfile_vaddr_off(ef, a, 16, &off) == 0)
		n = gnu_hash_count(ef, off);
	(void)elfile_dyn(ef, DT_PLTREL, &pltrel);
	if ((m = reloc_max_sym(ef, DT_JMPREL, DT_PLTRELSZ, pltrel == DT_RELA)) > n)
		n = m;
	if ((m = reloc_max_sym(ef, DT_RELA, DT_RELASZ, true)) > n)
		n = m;
	if ((m = reloc_max_sym(ef, DT_REL, DT_RELSZ, false)) > n)
		n = m;
	/* the linker writes .dynstr right after .dynsym */
	if (elfile_dyn(ef, DT_STRTAB, &strtab) && strtab > symtab && (strtab - symtab) / symsz < n)
		n = (size_t)((strtab - symtab) / symsz);
	return n;
}

/* DT_STRTAB, DT_SYMTAB and the symbol count, all through PT_DYNAMIC. */
static void
read_dynamic_symbols(struct elfile *ef)
{
	uint64_t a, sz;
	size_t off, n, symsz = gelf_fsize(ef->elf, ELF_T_SYM, 1, EV_CURRENT);

	if (elfile_dyn(ef, DT_STRTAB, &a) && elfile_dyn(ef, DT_STRSZ, &sz) &&
	    elfile_vaddr_off(ef, a, 1, &off) == 0) {
		ef->dynstr = (const char *)ef->data + off;
		ef->dynstr_len = sz < ef->len - off ? (size_t)sz : ef->len - off;
	}
	if (!elfile_dyn(ef, DT_SYMTAB, &a) || symsz == 0 || elfile_vaddr_off(ef, a, symsz, &off) != 0)
		return;
	n = dynsym_count(ef, a, symsz);
	if (n > (ef->len - off) / symsz)
		n = (ef->len - off) / symsz;
	if (n == 0)
		return;
	ef->dynsym = elf_getdata_rawchunk(ef->elf, (int64_t)off, n * symsz, ELF_T_SYM);
	ef->ndynsym = ef->dynsym != NULL ? n : 0;
}

static void
read_dynamic(struct elfile *ef)
{
	size_t dynsz = gelf_fsize(ef->elf, ELF_T_DYN, 1, EV_CURRENT);

	for (size_t i = 0; i < ef->phnum; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(ef->elf, (int)i, &ph) == NULL || ph.p_type != PT_DYNAMIC)
			continue;
		if (dynsz == 0 || ph.p_filesz < dynsz || !in_file(ef->len, ph.p_offset, 1, ph.p_filesz))
			return;
		ef->ndyn = (size_t)(ph.p_filesz / dynsz);
		ef->dyn = elf_getdata_rawchunk(ef->elf, (int64_t)ph.p_offset, ef->ndyn * dynsz,
		    ELF_T_DYN);
		if (ef->dyn == NULL)
			ef->ndyn = 0;
		break;
	}
	read_dynamic_symbols(ef);
}

/* libelf declines tables past the end quietly (a count of 0); say where. */
static int
check_tables(struct elfile *ef, struct fw_err *err)
{
	const GElf_Ehdr *h = &ef->ehdr;
	size_t phn = ef->phnum > h->e_phnum ? ef->phnum : h->e_phnum;
	size_t shn = ef->shnum > h->e_shnum ? ef->shnum : h->e_shnum;

	if (phn != 0 && (h->e_phentsize != gelf_fsize(ef->elf, ELF_T_PHDR, 1, EV_CURRENT) ||
	    !in_file(ef->len, h->e_phoff, phn, h->e_phentsize)))
		return err_set(err, ef->input, ERR_NO_OFFSET, "program header table at 0x%llx "
		    "(%zu entries of %u bytes) runs past the end of the file (%zu bytes) or has "
		    "a wrong entry size", (unsigned long long)h->e_phoff, phn, h->e_phentsize, ef->len);
	if (h->e_shoff != 0 && (h->e_shentsize != gelf_fsize(ef->elf, ELF_T_SHDR, 1, EV_CURRENT) ||
	    !in_file(ef->len, h->e_shoff, shn, h->e_shentsize)))
		return err_set(err, ef->input, ERR_NO_OFFSET, "section header table at 0x%llx "
		    "(%zu entries of %u bytes) runs past the end of the file (%zu bytes) or has "
		    "a wrong entry size", (unsigned long long)h->e_shoff, shn, h->e_shentsize, ef->len);
	if (ef->phnum != phn)
		return err_set(err, ef->input, 0x20, "program header table unreadable (%s)",
		    elf_errmsg(-1));
	return 0;
}

int
elfile_open(struct elfile *ef, const char *input, const uint8_t *data, size_t len,
    struct fw_err *err)
{
	memset(ef, 0, sizeof(*ef));
	ef->input = input, ef->data = data, ef->len = len;
	if (!elfile_probe(data, len))
		return err_set(err, input, 0, "not an ELF file (expected \\x7fELF, class 1 or 2, "
		    "data 1 or 2, version 1)");
	pthread_once(&version_once, set_version);
	/* libelf reads a memory image without writing it; the cast only
	 * meets its prototype. */
	ef->elf = elf_memory((char *)(uintptr_t)data, len);
	if (ef->elf == NULL || elf_kind(ef->elf) != ELF_K_ELF || gelf_getehdr(ef->elf, &ef->ehdr) == NULL) {
		err_set(err, input, 0, "ELF header unreadable (%s)", elf_errmsg(-1));
		elfile_close(ef);
		return -1;
	}
	if (elf_getphdrnum(ef->elf, &ef->phnum) != 0)
		ef->phnum = 0;
	if (ef->ehdr.e_shoff != 0 && elf_getshdrnum(ef->elf, &ef->shnum) != 0)
		ef->shnum = 0;
	if (check_tables(ef, err) != 0) {
		elfile_close(ef);
		return -1;
	}
	if (ef->ehdr.e_shoff != 0 && elf_getshdrstrndx(ef->elf, &ef->shstrndx) != 0) {
		err_set(err, input, ERR_NO_OFFSET, "section header table at 0x%llx: no section "
		    "name table (%s)", (unsigned long long)ef->ehdr.e_shoff, elf_errmsg(-1));
		elfile_close(ef);
		return -1;
	}
	read_dynamic(ef);
	return 0;
}

void
elfile_close(struct elfile *ef)
{
	if (ef->elf != NULL)
		elf_end(ef->elf);
	ef->elf = NULL;
	ef->dyn = ef->dynsym = NULL;
}

Elf_Scn *
elfile_section(const struct elfile *ef, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;

	if (ef->shnum == 0)
		return NULL;
	while ((scn = elf_nextscn(ef->elf, scn)) != NULL) {
		const char *n;

		if (gelf_getshdr(scn, shdr) == NULL)
			continue;
		n = elf_strptr(ef->elf, ef->shstrndx, shdr->sh_name);
		if (n != NULL && strcmp(n, name) == 0)
			return scn;
	}
	return NULL;
}

int
elfile_symtab_each(const struct elfile *ef, elfile_sym_fn fn, void *ctx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (ef->shnum == 0)
		return -1;
	while ((scn = elf_nextscn(ef->elf, scn)) != NULL)
		if (gelf_getshdr(scn, &sh) != NULL && sh.sh_type == SHT_SYMTAB)
			break;
	if (scn == NULL)
		return -1;
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = d != NULL && sh.sh_entsize != 0 ? (size_t)(sh.sh_size / sh.sh_entsize) : 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		const char *name;
		int rc;

		if (gelf_getsym(d, (int)i, &s) == NULL)
			break;
		name = elf_strptr(ef->elf, sh.sh_link, s.st_name);
		if ((rc = fn(ctx, &s, name != NULL ? name : "")) != 0)
			return rc;
	}
	return 0;
}

int
elfile_section_off(const struct elfile *ef, size_t shndx, uint64_t addr, uint64_t n, size_t *off)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (ef->shnum == 0 || shndx == SHN_UNDEF || shndx >= ef->shnum ||
	    (scn = elf_getscn(ef->elf, shndx)) == NULL || gelf_getshdr(scn, &sh) == NULL ||
	    sh.sh_type == SHT_NOBITS || addr < sh.sh_addr || addr - sh.sh_addr > sh.sh_size ||
	    n > sh.sh_size - (addr - sh.sh_addr) ||
	    !in_file(ef->len, sh.sh_offset + (addr - sh.sh_addr), 1, n))
		return -1;
	*off = (size_t)(sh.sh_offset + (addr - sh.sh_addr));
	return 0;
}

const char *
elfile_machine_name(unsigned machine)
{
	switch (machine) {
	case EM_386: return "x86";
	case EM_X86_64: return "x86-64";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "aarch64";
	case EM_MIPS: return "mips";
	case EM_PPC: return "powerpc";
	case EM_PPC64: return "powerpc64";
	case EM_XTENSA: return "xtensa";
	case EM_RISCV: return "riscv";
	default: return NULL;
	}
}
