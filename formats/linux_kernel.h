/* A Linux kernel inside a firmware image: where the wrapper (uImage,
 * TP-Link, TRX) puts it and how it is compressed, and what the
 * decompressed kernel says of itself: the `Linux version ` banner, built-in
 * command line candidates (CONFIG_CMDLINE), the in-kernel .config
 * (CONFIG_IKCONFIG) and, for modules, vermagic. Pure parsing over bytes:
 * decompression is the caller's (formats/decomp.h). */
#ifndef FWAUDIT_FORMATS_LINUX_KERNEL_H
#define FWAUDIT_FORMATS_LINUX_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum lk_comp { LK_NONE, LK_GZIP, LK_LZMA, LK_XZ, LK_ZSTD, LK_UNSUPPORTED };

struct lk_part {
	const char *container;	/* "uimage", "tp-link", "trx" */
	size_t hdr_off;		/* the container header's offset in the input */
	size_t off, len;	/* the kernel part (compressed) in the input */
	enum lk_comp comp;
	const char *comp_name;	/* "gzip", "lzma", ..., "bzip2" when unsupported */
	char name[33];		/* uImage image name, sanitised; else "" */
};

/* The kernel part of a firmware image that starts with a uImage, TP-Link
 * or TRX(+TP-Link) header: 0; 1 when there is no such header or the part's
 * compression cannot be told; -1 with err (input src, offset) when a header
 * points past the end of the n bytes. */
int lk_locate(const uint8_t *p, size_t n, const char *src, struct lk_part *part,
    struct fw_err *err);

struct lk_banner {
	size_t off;		/* of "Linux version " */
	char release[65];	/* "2.6.31--LSDK-9.2.0.312" (uname -r) */
	char version[32];	/* its leading digits and dots: "2.6.31" */
	char text[256];		/* the banner line, printable ASCII */
};

/* The first `Linux version <digit>` banner at or after from. */
bool lk_find_banner(const uint8_t *p, size_t n, size_t from, struct lk_banner *b);

/* The leading "digits.digits[.digits...]" of a release string into out;
 * false when it does not start with one. */
bool lk_release_version(const char *release, char *out, size_t outsz);

/* A built-in command line candidate: a NUL-terminated string of printable
 * parameters only, at least two of them key=value, one of them console=,
 * root=, init= or rdinit=. */
struct lk_cmdline {
	size_t off, len;
};

/* Up to max candidates in order; the count found (may exceed max). */
size_t lk_find_cmdlines(const uint8_t *p, size_t n, struct lk_cmdline *out, size_t max);

/* Calls fn for each parameter of a command line as the kernel splits it
 * (spaces outside double quotes). Stops when fn returns non-zero. */
void lk_cmdline_tokens(const char *s, size_t len,
    int (*fn)(void *arg, const char *tok, size_t toklen), void *arg);

/* CONFIG_IKCONFIG: the gzip stream between "IKCFG_ST" and "IKCFG_ED".
 * 0 with its offset and length; 1 when there is no marker; -1 (*why) when
 * the start marker has no end marker after it. */
int lk_ikconfig(const uint8_t *p, size_t n, size_t *gz_off, size_t *gz_len, const char **why);

/* Each option a .config sets ("CONFIG_X=y" → name, "y"; "# CONFIG_X is
 * not set" → name, "n"); values keep their quotes. */
void lk_config_parse(const char *text, size_t len,
    void (*fn)(void *arg, const char *name, size_t nlen, const char *val, size_t vlen),
    void *arg);

/* A U-Boot environment block (env_t): a CRC32 of the data, an optional
 * flag byte (redundant environments), then "name=value\0...\0\0". */
struct lk_env {
	size_t off, size;	/* the block, from its CRC */
	bool redundant;		/* a flag byte after the CRC */
	bool big_endian;	/* the CRC's byte order */
	size_t args_off, args_len;	/* bootargs' value */
};

/* The first environment holding `bootargs=` whose CRC32 matches for one of
 * the usual sizes (4 KiB to 256 KiB): true. Unverified blocks are not
 * taken (a string in a binary is not an environment). */
bool lk_uboot_env(const uint8_t *p, size_t n, struct lk_env *env);

/* A module's "vermagic=" string (modinfo): its offset and value, e.g.
 * "2.6.36 mod_unload MIPS32_R2 32BIT". */
bool lk_vermagic(const uint8_t *p, size_t n, size_t *off, char *out, size_t outsz);

#endif
