#include "formats/linux_kernel.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "formats/fwimage.h"
#include "util/reader.h"

#define UIMAGE_HDR 64
#define TRX_HDR 28
/* TP-Link firmware header v1/v2: big-endian fields from its start. */
#define TPL_KERNEL_OFS 0x80
#define TPL_KERNEL_LEN 0x84
#define TPL_MIN 0x90

static bool
is_print(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

/* LZMA_Alone: a properties byte under 9*5*5 and a dictionary size that is
 * 2^n or 2^n + 2^(n-1), as xz and the kernel's build tools write it. */
static bool
lzma_alone_head(const uint8_t *p, size_t n)
{
	uint32_t d;

	if (n < 13 || p[0] >= 225)
		return false;
	d = ld_le32(p + 1);
	if (d < 4096 || d > (1u << 30))
		return false;
	for (uint32_t b = 4096; b && b <= d; b <<= 1)
		if (d == b || d == b + (b >> 1))
			return true;
	return false;
}

static void
sniff(const uint8_t *p, size_t n, struct lk_part *part)
{
	static const char *const names[] = { "none", "gzip", "lzma", "xz", "zstd", "unknown" };

	part->comp = LK_UNSUPPORTED;
	if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		part->comp = LK_GZIP;
	else if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		part->comp = LK_XZ;
	else if (n >= 4 && ld_le32(p) == 0xFD2FB528u)
		part->comp = LK_ZSTD;
	else if (lzma_alone_head(p, n))
		part->comp = LK_LZMA;
	part->comp_name = names[part->comp];
}

static int
uimage(const uint8_t *p, size_t n, const char *src, struct lk_part *part, struct fw_err *err)
{
	/* include/image.h IH_COMP_*: none, gzip, bzip2, lzma, lzo, lz4, zstd */
	static const enum lk_comp comp[] = { LK_NONE, LK_GZIP, LK_UNSUPPORTED, LK_LZMA,
		LK_UNSUPPORTED, LK_UNSUPPORTED, LK_ZSTD };
	static const char *const names[] = { "none", "gzip", "bzip2", "lzma", "lzo", "lz4",
		"zstd" };
	uint32_t size = ld_be32(p + 12);
	size_t k;

	part->container = "uimage";
	for (k = 0; k < 32 && p[32 + k]; k++)
		part->name[k] = is_print(p[32 + k]) ? (char)p[32 + k] : '?';
	part->name[k] = '\0';
	if (size > n - UIMAGE_HDR)
		return err_set(err, src, 12, "uImage data size %u runs past the end of the input "
		    "(%zu bytes after the 64-byte header)", size, n - UIMAGE_HDR);
	part->off = UIMAGE_HDR;
	part->len = size;
	if (p[30] == 4) {	/* multi-file: a 0-terminated table of sizes first */
		size_t t = UIMAGE_HDR;

		while (t + 4 <= UIMAGE_HDR + (size_t)size && ld_be32(p + t) != 0)
			t += 4;
		if (t + 4 > UIMAGE_HDR + (size_t)size || t == UIMAGE_HDR)
			return err_set(err, src, UIMAGE_HDR, "uImage multi-file size table has "
			    "no end inside the image data");
		part->off = t + 4;
		part->len = ld_be32(p + UIMAGE_HDR);
		if (part->len > UIMAGE_HDR + (size_t)size - part->off)
			return err_set(err, src, UIMAGE_HDR, "uImage multi-file: the first "
			    "image's size %zu runs past the image data", part->len);
	} else if (p[30] != 2) {
		return 1;	/* not a kernel image (ramdisk, script, firmware...) */
	}
	part->comp = p[31] < sizeof(comp) / sizeof(comp[0]) ? comp[p[31]] : LK_UNSUPPORTED;
	part->comp_name = p[31] < sizeof(names) / sizeof(names[0]) ? names[p[31]] : "unknown";
	return 0;
}

static int
tplink(const uint8_t *p, size_t n, size_t h, const char *src, struct lk_part *part,
    struct fw_err *err)
{
	uint32_t ofs, len;

	part->container = "tp-link";
	part->hdr_off = h;
	if (n < h + TPL_MIN)
		return err_set(err, src, h, "TP-Link header cut short (%zu bytes of %d)", n - h,
		    TPL_MIN);
	ofs = ld_be32(p + h + TPL_KERNEL_OFS);
	len = ld_be32(p + h + TPL_KERNEL_LEN);
	if (ofs > n - h || len > n - h - ofs)
		return err_set(err, src, h + (ofs > n - h ? TPL_KERNEL_OFS : TPL_KERNEL_LEN),
		    "TP-Link header's kernel (offset %u, "
		    "length %u from the header) runs past the end of the input", ofs, len);
	part->off = h + ofs;
	part->len = len;
	sniff(p + part->off, part->len, part);
	return part->comp == LK_UNSUPPORTED ? 1 : 0;
}

/* A plain TRX: the kernel is partition 0 when it starts with a stream. */
static int
trx(const uint8_t *p, size_t n, const char *src, struct lk_part *part, struct fw_err *err)
{
	uint32_t o0 = ld_le32(p + 16), o1 = ld_le32(p + 20), total = ld_le32(p + 4);
	size_t end = total < n ? total : n;

	part->container = "trx";
	if (o0 < TRX_HDR || o0 >= end)
		return err_set(err, src, 16, "TRX partition 0 offset %u is outside the "
		    "image (%zu bytes)", o0, end);
	part->off = o0;
	part->len = (o1 > o0 && o1 <= end ? o1 : end) - o0;
	sniff(p + part->off, part->len, part);
	return part->comp == LK_UNSUPPORTED ? 1 : 0;
}

/* The wrapper as formats/fwimage.c recognises it for the root file system. */
int
lk_locate(const uint8_t *p, size_t n, const char *src, struct lk_part *part,
    struct fw_err *err)
{
	const char *w = fwimage_wrapper(p, n);

	memset(part, 0, sizeof(*part));
	part->comp_name = "none";
	if (w == NULL)
		return 1;
	if (strcmp(w, "uimage") == 0)
		return uimage(p, n, src, part, err);
	if (strcmp(w, "tp-link") == 0)
		return tplink(p, n, 0, src, part, err);
	if (strcmp(w, "trx+tp-link") == 0)
		return tplink(p, n, TRX_HDR, src, part, err);
	return trx(p, n, src, part, err);
}

bool
lk_release_version(const char *release, char *out, size_t outsz)
{
	size_t k = 0, dots = 0;

	while (release[k] && ((release[k] >= '0' && release[k] <= '9') ||
	    (release[k] == '.' && k > 0 && release[k - 1] != '.' && release[k + 1] >= '0' &&
	    release[k + 1] <= '9')))
		dots += release[k++] == '.';
	if (dots == 0 || k >= outsz)
		return false;
	memcpy(out, release, k);
	out[k] = '\0';
	return true;
}

bool
lk_find_banner(const uint8_t *p, size_t n, size_t from, struct lk_banner *b)
{
	static const char key[] = "Linux version ";
	const size_t kl = sizeof(key) - 1;

	while (from < n) {
		const uint8_t *h = memmem(p + from, n - from, key, kl);
		size_t at, k, r = 0;

		if (h == NULL)
			return false;
		at = (size_t)(h - p);
		from = at + 1;
		if (at + kl >= n || p[at + kl] < '0' || p[at + kl] > '9')
			continue;
		memset(b, 0, sizeof(*b));
		b->off = at;
		for (k = at + kl; k < n && is_print(p[k]) && p[k] != ' ' &&
		    r + 1 < sizeof(b->release); k++)
			b->release[r++] = (char)p[k];
		for (k = 0; at + k < n && is_print(p[at + k]) && k + 1 < sizeof(b->text); k++)
			b->text[k] = (char)p[at + k];
		if (!lk_release_version(b->release, b->version, sizeof(b->version)))
			continue;
		return true;
	}
	return false;
}

static bool
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '-';
}

struct cand {
	unsigned kv, boot, bad;
};

static int
judge_token(void *arg, const char *t, size_t len)
{
	struct cand *c = arg;
	size_t k = 0;

	while (k < len && key_char(t[k]))
		k++;
	if (memchr(t, '%', len) != NULL || k == 0 || (k < len && t[k] != '=')) {
		c->bad++;
		return 1;
	}
	if (k < len && k + 1 < len) {
		c->kv++;
		c->boot += (k == 7 && memcmp(t, "console", 7) == 0) ||
		    (k == 4 && memcmp(t, "root", 4) == 0) || (k == 4 && memcmp(t, "init", 4) == 0) ||
		    (k == 6 && memcmp(t, "rdinit", 6) == 0);
	}
	return 0;
}

static bool
cmdline_like(const char *s, size_t len)
{
	struct cand c = { 0, 0, 0 };

	if (len < 8 || memchr(s, '=', len) == NULL)
		return false;
	lk_cmdline_tokens(s, len, judge_token, &c);
	return c.bad == 0 && c.kv >= 2 && c.boot > 0;
}

size_t
lk_find_cmdlines(const uint8_t *p, size_t n, struct lk_cmdline *out, size_t max)
{
	size_t found = 0, start = 0;

	/* Printable runs ended by a NUL: C strings in .rodata/.init.data. */
	for (size_t i = 0; i < n; i++) {
		if (is_print(p[i]))
			continue;
		if (p[i] == 0 && i > start && cmdline_like((const char *)p + start, i - start)) {
			if (found < max) {
				out[found].off = start;
				out[found].len = i - start;
			}
			found++;
		}
		start = i + 1;
	}
	return found;
}

void
lk_cmdline_tokens(const char *s, size_t len,
    int (*fn)(void *arg, const char *tok, size_t toklen), void *arg)
{
	size_t i = 0;

	while (i < len) {
		size_t st;
		bool q = false;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		if (i >= len)
			return;
		for (st = i; i < len && (q || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')); i++)
			if (s[i] == '"')
				q = !q;
		if (fn(arg, s + st, i - st) != 0)
			return;
	}
}

int
lk_ikconfig(const uint8_t *p, size_t n, size_t *gz_off, size_t *gz_len, const char **why)
{
	const uint8_t *st = memmem(p, n, "IKCFG_ST", 8), *ed;

	if (st == NULL)
		return 1;
	*gz_off = (size_t)(st - p) + 8;
	ed = memmem(p + *gz_off, n - *gz_off, "IKCFG_ED", 8);
	if (ed == NULL) {
		*why = "IKCFG_ST marker with no IKCFG_ED after it (the config is cut short)";
		return -1;
	}
	*gz_len = (size_t)(ed - p) - *gz_off;
	return 0;
}

static void
config_line(const char *l, size_t len,
    void (*fn)(void *arg, const char *name, size_t nlen, const char *val, size_t vlen),
    void *arg)
{
	static const char unset[] = " is not set";
	const size_t ul = sizeof(unset) - 1;
	size_t k;

	if (len > 9 + ul && memcmp(l, "# CONFIG_", 9) == 0 &&
	    memcmp(l + len - ul, unset, ul) == 0) {
		for (k = 2; k < len - ul && key_char(l[k]); k++)
			;
		if (k == len - ul && k > 9)
			fn(arg, l + 2, k - 2, "n", 1);
		return;
	}
	if (len < 8 || memcmp(l, "CONFIG_", 7) != 0)
		return;
	for (k = 7; k < len && key_char(l[k]) && l[k] != '.' && l[k] != '-'; k++)
		;
	if (k > 7 && k < len && l[k] == '=')
		fn(arg, l, k, l + k + 1, len - k - 1);
}

void
lk_config_parse(const char *text, size_t len,
    void (*fn)(void *arg, const char *name, size_t nlen, const char *val, size_t vlen),
    void *arg)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, l = e;

		if (l > i && text[l - 1] == '\r')
			l--;
		config_line(text + i, l - i, fn, arg);
		i = e + 1;
	}
}

bool
lk_vermagic(const uint8_t *p, size_t n, size_t *off, char *out, size_t outsz)
{
	const uint8_t *h = memmem(p, n, "vermagic=", 9);
	size_t at, k = 0;

	if (h == NULL)
		return false;
	at = (size_t)(h - p) + 9;
	while (at + k < n && is_print(p[at + k]) && k + 1 < outsz) {
		out[k] = (char)p[at + k];
		k++;
	}
	out[k] = '\0';
	*off = (size_t)(h - p);
	return k > 0 && out[0] >= '0' && out[0] <= '9';
}

/* Where the environment's variables start, going back from one of them
 * over the "name=value" strings before it. */
static size_t
env_data_start(const uint8_t *p, size_t pos)
{
	while (pos >= 2 && p[pos - 1] == 0) {
		size_t q = pos - 1;
		bool eq = false;

		while (q > 0 && is_print(p[q - 1])) {
			eq |= p[q - 1] == '=';
			q--;
		}
		if (q == pos - 1 || !eq)
			break;
		pos = q;
	}
	return pos;
}

static bool
env_crc_at(const uint8_t *p, size_t n, size_t ds, size_t hdr, struct lk_env *env)
{
	static const size_t sizes[] = { 0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000,
		0x40000 };

	if (ds < hdr)
		return false;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t es = ds - hdr;
		uint32_t c;

		if (sizes[i] > n - es)
			break;
		c = (uint32_t)crc32(0L, p + ds, (uInt)(sizes[i] - hdr));
		if (c == ld_le32(p + es) || c == ld_be32(p + es)) {
			env->off = es;
			env->size = sizes[i];
			env->redundant = hdr == 5;
			env->big_endian = c != ld_le32(p + es);
			return true;
		}
	}
	return false;
}

bool
lk_uboot_env(const uint8_t *p, size_t n, struct lk_env *env)
{
	size_t at = 0;

	for (int hits = 0; hits < 16 && at < n; hits++) {
		const uint8_t *h = memmem(p + at, n - at, "bootargs=", 9);
		size_t pos, ds, k;

		if (h == NULL)
			return false;
		pos = (size_t)(h - p);
		at = pos + 1;
		if (pos > 0 && p[pos - 1] != 0)
			continue;
		ds = env_data_start(p, pos);
		if (!env_crc_at(p, n, ds, 4, env) && !env_crc_at(p, n, ds, 5, env))
			continue;
		for (k = pos + 9; k < env->off + env->size && is_print(p[k]); k++)
			;
		env->args_off = pos + 9;
		env->args_len = k - env->args_off;
		return true;
	}
	return false;
}
