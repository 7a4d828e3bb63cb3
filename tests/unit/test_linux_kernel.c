/* formats/linux_kernel.h: wrappers' kernel parts (and their lies about
 * sizes), the banner, command line candidates and their tokens, IKCONFIG
 * markers, .config lines, vermagic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "formats/linux_kernel.h"

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static size_t
uimage(uint8_t *b, uint32_t size, uint8_t type, uint8_t comp)
{
	memset(b, 0, 64);
	put_be32(b, 0x27051956u);
	put_be32(b + 12, size);
	b[30] = type;
	b[31] = comp;
	memcpy(b + 32, "Linux-5.4", 9);
	return 64;
}

static void
test_uimage_parts(void **state)
{
	static uint8_t b[4096];
	struct lk_part p;
	struct fw_err err;

	uimage(b, 1000, 2, 3);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 0);
	assert_string_equal(p.container, "uimage");
	assert_int_equal(p.off, 64);
	assert_int_equal(p.len, 1000);
	assert_int_equal(p.comp, LK_LZMA);
	assert_string_equal(p.name, "Linux-5.4");
	/* bzip2 is named, not decompressed */
	uimage(b, 1000, 2, 2);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 0);
	assert_int_equal(p.comp, LK_UNSUPPORTED);
	assert_string_equal(p.comp_name, "bzip2");
	/* a ramdisk image is no kernel */
	uimage(b, 1000, 3, 1);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 1);
	/* multi-file: sizes 100 and 200, then 0; the kernel after the table */
	uimage(b, 400, 4, 1);
	put_be32(b + 64, 100);
	put_be32(b + 68, 200);
	put_be32(b + 72, 0);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 0);
	assert_int_equal(p.off, 76);
	assert_int_equal(p.len, 100);
}

static void
test_sizes_past_the_end(void **state)
{
	static uint8_t b[4096];
	struct lk_part p;
	struct fw_err err;

	uimage(b, 4096 - 64 + 1, 2, 1);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0xc:"));
	/* a multi-file table whose first size exceeds the data */
	uimage(b, 100, 4, 1);
	put_be32(b + 64, 1000);
	put_be32(b + 68, 0);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), -1);
	/* the 64-byte header alone, cut short: not a uImage to read */
	assert_int_equal(lk_locate(b, 63, "fw", &p, &err), 1);
	/* TP-Link: kernel length past the end names the length field */
	memset(b, 0, sizeof(b));
	put_be32(b, 1);
	memcpy(b + 4, "TP-LINK Technologies", 20);
	put_be32(b + 0x80, 0x200);
	put_be32(b + 0x84, 0xFFFFFF00u);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x84:"));
	put_be32(b + 0x80, 0x10000);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x80:"));
	/* cut inside the header */
	assert_int_equal(lk_locate(b, 0x40, "fw", &p, &err), -1);
}

static void
test_trx_and_tplink(void **state)
{
	static uint8_t b[8192];
	struct lk_part p;
	struct fw_err err;

	/* TRX whose partition 0 is a gzip stream up to partition 1 */
	memset(b, 0, sizeof(b));
	memcpy(b, "HDR0", 4);
	put_le32(b + 4, sizeof(b));
	put_le32(b + 16, 28);
	put_le32(b + 20, 4096);
	memcpy(b + 28, "\x1f\x8b\x08", 3);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 0);
	assert_string_equal(p.container, "trx");
	assert_int_equal(p.off, 28);
	assert_int_equal(p.len, 4096 - 28);
	assert_int_equal(p.comp, LK_GZIP);
	/* something else there (a loader): not guessed at */
	memset(b + 28, 0x11, 3);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 1);
	/* TRX then TP-Link: LZMA_Alone at the header's kernel offset */
	memset(b, 0, sizeof(b));
	memcpy(b, "HDR0", 4);
	put_be32(b + 28, 1);
	memcpy(b + 32, "TP-LINK Technologies", 20);
	put_be32(b + 28 + 0x80, 0x200);
	put_be32(b + 28 + 0x84, 0x1000);
	memcpy(b + 28 + 0x200, "\x5d\x00\x00\x00\x02", 5);	/* dict 32 MiB */
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 0);
	assert_string_equal(p.container, "tp-link");
	assert_int_equal(p.hdr_off, 28);
	assert_int_equal(p.off, 540);
	assert_int_equal(p.comp, LK_LZMA);
	/* a dictionary size no encoder writes is no LZMA header */
	memcpy(b + 28 + 0x200, "\x5d\x01\x23\x45\x02", 5);
	assert_int_equal(lk_locate(b, sizeof(b), "fw", &p, &err), 1);
}

static void
test_banner(void **state)
{
	static const char k[] = "xx%s version %s\0Linux version \0"
	    "Linux version 2.6.31--LSDK-9.2.0.312 (root@bogon) (gcc 4.3.3) #221\n\0";
	struct lk_banner b;
	char v[32];

	assert_true(lk_find_banner((const uint8_t *)k, sizeof(k), 0, &b));
	assert_int_equal(b.off, 31);
	assert_string_equal(b.release, "2.6.31--LSDK-9.2.0.312");
	assert_string_equal(b.version, "2.6.31");
	assert_string_equal(b.text, "Linux version 2.6.31--LSDK-9.2.0.312 (root@bogon) (gcc 4.3.3) #221");
	assert_false(lk_find_banner((const uint8_t *)k, 40, 0, &b));
	assert_true(lk_release_version("5.10.0-test", v, sizeof(v)));
	assert_string_equal(v, "5.10.0");
	assert_true(lk_release_version("6.1.21-v8+", v, sizeof(v)));
	assert_string_equal(v, "6.1.21");
	assert_false(lk_release_version("5", v, sizeof(v)));
	assert_false(lk_release_version("v5.4", v, sizeof(v)));
	assert_false(lk_release_version("5.4", v, 3));
}

static int
count_tok(void *arg, const char *t, size_t len)
{
	char *out = arg;

	strncat(out, t, len);
	strcat(out, "|");
	return 0;
}

static void
test_cmdlines(void **state)
{
	static const char k[] = "\x01\x02root=%s\0"
	    "Please append a correct \"root=\" boot option\0"
	    "console=\0"
	    "console=ttyS0,115200 root=31:02 init=/sbin/init\0"
	    "foo=1 bar=2\0"
	    "console=ttyS0 acpi=\"a b\" root=/dev/sda1 quiet\0";
	struct lk_cmdline c[4];
	char toks[200] = "";
	size_t n = lk_find_cmdlines((const uint8_t *)k, sizeof(k) - 1, c, 4);

	assert_int_equal(n, 2);
	assert_memory_equal(k + c[0].off, "console=ttyS0,115200 root=31:02 init=/sbin/init",
	    c[0].len);
	assert_int_equal(c[0].len, strlen("console=ttyS0,115200 root=31:02 init=/sbin/init"));
	lk_cmdline_tokens(k + c[1].off, c[1].len, count_tok, toks);
	assert_string_equal(toks, "console=ttyS0|acpi=\"a b\"|root=/dev/sda1|quiet|");
	/* more than max: counted, not written */
	assert_int_equal(lk_find_cmdlines((const uint8_t *)k, sizeof(k) - 1, c, 1), 2);
}

static void
on_opt(void *arg, const char *name, size_t nlen, const char *val, size_t vlen)
{
	char *out = arg;

	strncat(out, name, nlen);
	strcat(out, "=");
	strncat(out, val, vlen);
	strcat(out, "|");
}

static void
test_config(void **state)
{
	static const char cfg[] = "#\n# Automatically generated file; DO NOT EDIT.\n"
	    "CONFIG_MODULES=y\r\n# CONFIG_KEXEC is not set\nCONFIG_LOCALVERSION=\"-x\"\n"
	    "# CONFIG_BAD is not\nCONFIG_=y\nCONFIG_HZ=100";
	static const uint8_t ik[] = "..IKCFG_ST\x1f\x8b\x08...IKCFG_ED..";
	char out[300] = "";
	size_t off, len;
	const char *why;

	lk_config_parse(cfg, sizeof(cfg) - 1, on_opt, out);
	assert_string_equal(out, "CONFIG_MODULES=y|CONFIG_KEXEC=n|CONFIG_LOCALVERSION=\"-x\"|"
	    "CONFIG_HZ=100|");
	assert_int_equal(lk_ikconfig(ik, sizeof(ik) - 1, &off, &len, &why), 0);
	assert_int_equal(off, 10);
	assert_int_equal(len, 6);
	assert_int_equal(lk_ikconfig(ik, 16, &off, &len, &why), -1);
	assert_int_equal(lk_ikconfig(ik + 10, 10, &off, &len, &why), 1);
}

static void
test_vermagic(void **state)
{
	static const uint8_t ko[] = "\0license=GPL\0vermagic=2.6.36 mod_unload MIPS32_R2 32BIT \0";
	char vm[64];
	size_t off;

	assert_true(lk_vermagic(ko, sizeof(ko), &off, vm, sizeof(vm)));
	assert_int_equal(off, 13);
	assert_string_equal(vm, "2.6.36 mod_unload MIPS32_R2 32BIT ");
	assert_false(lk_vermagic((const uint8_t *)"vermagic=", 9, &off, vm, sizeof(vm)));
	assert_false(lk_vermagic(ko, 20, &off, vm, sizeof(vm)));
}

static void
test_uboot_env(void **state)
{
	static uint8_t b[3 * 4096];
	static const char vars[] = "baudrate=115200\0bootargs=console=ttyS0 root=/dev/mtdblock2\0"
	    "bootdelay=1\0";
	struct lk_env e;

	memset(b, 0xff, sizeof(b));
	/* 4 KiB block at 4096: little-endian CRC, no flag byte */
	memset(b + 4096, 0, 4096);
	memcpy(b + 4100, vars, sizeof(vars));
	put_le32(b + 4096, (uint32_t)crc32(0L, b + 4100, 4096 - 4));
	assert_true(lk_uboot_env(b, sizeof(b), &e));
	assert_int_equal(e.off, 4096);
	assert_int_equal(e.size, 4096);
	assert_false(e.redundant);
	assert_false(e.big_endian);
	assert_int_equal(e.args_off, 4100 + 16 + 9);
	assert_int_equal(e.args_len, strlen("console=ttyS0 root=/dev/mtdblock2"));
	/* one changed byte: the CRC no longer holds, nothing is taken */
	b[4100 + 2] ^= 1;
	assert_false(lk_uboot_env(b, sizeof(b), &e));
	/* cut before the block ends */
	b[4100 + 2] ^= 1;
	assert_false(lk_uboot_env(b, 4096 + 2000, &e));
	/* "bootargs=" inside another string is no variable */
	memcpy(b + 100, "xbootargs=abc", 13);
	assert_false(lk_uboot_env(b, 4096, &e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uimage_parts),
		cmocka_unit_test(test_sizes_past_the_end),
		cmocka_unit_test(test_trx_and_tplink),
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_cmdlines),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_vermagic),
		cmocka_unit_test(test_uboot_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
