/* libFuzzer: a kernel inside a firmware image (formats/linux_kernel.h):
 * wrapper headers with any size fields, then every search over the bytes
 * as if they were a decompressed kernel. */
#include "formats/linux_kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static int
tok(void *arg, const char *t, size_t len)
{
	(void)t;
	*(size_t *)arg += len;
	return 0;
}

static void
opt(void *arg, const char *name, size_t nlen, const char *val, size_t vlen)
{
	(void)name;
	(void)val;
	*(size_t *)arg += nlen + vlen;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct lk_part p;
	struct fw_err err;
	struct lk_banner b;
	struct lk_cmdline c[4];
	size_t n, sum = 0, off, glen;
	const char *why;
	char vm[64];

	if (lk_locate(data, len, "fuzz", &p, &err) == 0 && (p.off > len || p.len > len - p.off))
		__builtin_trap();	/* a part must lie inside the input */
	if (lk_find_banner(data, len, 0, &b))
		(void)lk_release_version(b.release, vm, sizeof(vm));
	n = lk_find_cmdlines(data, len, c, 4);
	for (size_t i = 0; i < n && i < 4; i++)
		lk_cmdline_tokens((const char *)data + c[i].off, c[i].len, tok, &sum);
	lk_cmdline_tokens((const char *)data, len, tok, &sum);
	if (lk_ikconfig(data, len, &off, &glen, &why) == 0 && (off > len || glen > len - off))
		__builtin_trap();
	lk_config_parse((const char *)data, len, opt, &sum);
	(void)lk_vermagic(data, len, &off, vm, sizeof(vm));
	return 0;
}
