/* The ELF readers on hostile bytes: a real ELF (this test's own binary)
 * cut at every length up to its program headers and beyond in steps, and
 * with its header fields overwritten; every call returns 0 or -1 with a
 * message, never reads outside the buffer (ASan in make test SAN=1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "formats/elf.h"
#include "formats/elf_calls.h"
#include "formats/elf_hardening.h"
#include "formats/esp_app_elf.h"
#include "util/fileio.h"

static uint8_t *self;
static size_t self_len;
static struct elf_calls calls;

static int
setup(void **state)
{
	struct fw_err err;
	char *buf;

	if (file_read("/proc/self/exe", (size_t)256 << 20, &buf, &self_len, &err) != 0)
		return -1;
	self = (uint8_t *)buf;
	return 0;
}

static int
teardown(void **state)
{
	free(self);
	return 0;
}

/* Runs every reader on a private copy of n bytes (so ASan sees the end). */
static void
all_readers(const uint8_t *data, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct elf_hardening h;
	struct esp_app_elf e;
	struct fw_err err;

	assert_non_null(copy);
	memcpy(copy, data, n);
	if (elf_hardening(copy, n, &h, &err) != 0)
		assert_true(err.msg[0] != '\0');
	(void)elf_risky_calls(copy, n, &calls, &err);
	assert_true(calls.n <= ELF_CALLS_MAX && calls.n <= calls.total);
	(void)esp_app_elf_read("t", copy, n, &e, &err);
	(void)esp_app_elf_detect(copy, n);
	free(copy);
}

static void
test_self_reads(void **state)
{
	struct elf_hardening h;
	struct fw_err err;

	assert_int_equal(elf_hardening(self, self_len, &h, &err), 0);
	assert_true(h.dynamic && h.interp);
	assert_int_equal(elf_risky_calls(self, self_len, &calls, &err), 0);
	assert_true(calls.supported);
}

static void
test_truncated(void **state)
{
	for (size_t n = 0; n < 4096 && n <= self_len; n++)
		all_readers(self, n);
	for (size_t n = 4096; n < self_len; n += self_len / 64 + 1)
		all_readers(self, n);
}

static void
test_header_fields(void **state)
{
	uint8_t *c = malloc(self_len);
	/* e_type .. e_shstrndx of an ELF64 header, each byte set to 0, 1, 0x7f, 0xff */
	static const uint8_t vals[] = { 0x00, 0x01, 0x7f, 0xff };

	assert_non_null(c);
	for (size_t off = 16; off < 64; off++)
		for (size_t v = 0; v < sizeof(vals); v++) {
			memcpy(c, self, self_len);
			c[off] = vals[v];
			all_readers(c, self_len);
		}
	free(c);
}

static void
test_not_elf(void **state)
{
	uint8_t junk[64] = "\177ELF\002\001\001";
	struct elf_hardening h;
	struct fw_err err;

	assert_int_equal(elf_hardening((const uint8_t *)"hello", 5, &h, &err), -1);
	assert_non_null(strstr(err.msg, "not an ELF"));
	/* a header announcing 5 program headers right after it, in a file
	 * that ends with the header */
	junk[0x20] = 0x40, junk[0x36] = 56, junk[0x38] = 5;
	assert_int_equal(elf_hardening(junk, sizeof(junk), &h, &err), -1);
	assert_non_null(strstr(err.msg, "program header table"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_reads),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_not_elf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
