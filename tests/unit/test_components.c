/* checks/component_catalog.c and checks/idf_releases.c: the catalogue's
 * checks on its own file, the one-pass search, version strings (good and
 * unparsable), and reading ESP-IDF version strings as release tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "checks/component_catalog.h"
#include "checks/idf_releases.h"

static const char good[] =
    "components:\n"
    "  - {id: tls, name: TLS, type: library, platforms: [esp-idf], version: ['Mbed TLS '],\n"
    "     markers: [mbedtls_ssl_], purl: 'pkg:generic/tls@{version}'}\n"
    "  - {id: bb, name: BusyBox, type: application, platforms: [linux], version: ['BusyBox v']}\n";

static struct catalog *
load_text(const char *text, struct fw_err *err)
{
	char path[] = "/tmp/test_components_XXXXXX";
	int fd = mkstemp(path);
	struct catalog *c;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	c = catalog_load(path, err);
	unlink(path);
	return c;
}

struct hits {
	unsigned n;
	size_t off[8];
	unsigned comp[8];
};

static int
collect(void *ctx, const struct cat_pattern *p, size_t off)
{
	struct hits *h = ctx;

	if (h->n < 8) {
		h->off[h->n] = off;
		h->comp[h->n++] = p->comp;
	}
	return 0;
}

static void
test_scan_finds_each_pattern_where_it_is(void **state)
{
	struct fw_err err;
	struct catalog *c = load_text(good, &err);
	/* the linux-only BusyBox string must not count on an ESP scan */
	static const uint8_t data[] = "xxMbed TLS 3.6.4\0BusyBox v1.36.1\0mbedtls_ssl_read";
	struct hits h = { 0 };
	char v[40];

	(void)state;
	assert_non_null(c);
	catalog_scan(c, CAT_PLATFORM_ESP_IDF, data, sizeof(data) - 1, collect, &h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.off[0], 2);
	assert_int_equal(h.off[1], 33);
	assert_int_equal(catalog_version_at(data, sizeof(data) - 1, 2, &c->pat[0], v,
	    sizeof(v)), 0);
	assert_string_equal(v, "3.6.4");
	h.n = 0;
	catalog_scan(c, CAT_PLATFORM_LINUX, data, sizeof(data) - 1, collect, &h);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.off[0], 17);
	assert_int_equal(catalog_version_at(data, sizeof(data) - 1, 17, &c->pat[2], v,
	    sizeof(v)), 0);
	assert_string_equal(v, "1.36.1");
	catalog_free(c);
}

static void
test_version_strings(void **state)
{
	static const struct cat_pattern p = { (const uint8_t *)"Mbed TLS ", 9, 0, CAT_VERSION };
	static const struct {
		const char *text;
		int rc;
		const char *want;
	} cases[] = {
		{ "Mbed TLS 2.28.8", 0, "2.28.8" },
		{ "Mbed TLS 1.1.1w", 0, "1.1.1w" },
		{ "Mbed TLS 5.15.0-91-generic rest", 0, "5.15.0-91-generic" },
		{ "Mbed TLS x.y.z", -1, "x.y.z" },
		{ "Mbed TLS 3", -1, "3" },		/* no dot: not a version */
		{ "Mbed TLS .3.1", -1, ".3.1" },
		{ "Mbed TLS \x01\xff", -1, "\\x01\\xff" },
		{ "Mbed TLS ", -1, "" },		/* the input ends */
	};
	char v[40];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].text);

		assert_int_equal(catalog_version_at((const uint8_t *)cases[i].text, n, 0, &p, v,
		    sizeof(v)), cases[i].rc);
		assert_string_equal(v, cases[i].want);
	}
}

/* The string before a marker: whole (a NUL or the start before it), after
 * at most CAT_BEFORE_PAD NULs, version-shaped; the offset where it starts. */
static void
test_version_before_marker(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		int rc;
		const char *want;
		size_t at;
	} cases[] = {
		/* OpenWrt's dropbear: ".ssh/id_dropbear\0" "2019.78\0" marker */
		{ "id_dropbear\0" "2019.78\0M", 21, 0, "2019.78", 12 },
		{ "2019.78\0M", 9, 0, "2019.78", 0 },			/* at the data's start */
		{ "x\0" "1.2.3\0\0\0\0M", 12, 0, "1.2.3", 2 },		/* alignment padding */
		{ "x\0" "1.2\0\0\0\0\0\0\0\0\0M", 15, -1, "", 0 },	/* 9 NULs: not padding */
		{ "x\0" "1.2M", 6, -1, "", 0 },				/* no terminator */
		{ "x\0" "abc\0M", 7, -1, "", 0 },			/* no version */
		{ "x\0" "2019\0M", 8, -1, "", 0 },			/* no dot */
		{ "x\0" "%s2019.78\0M", 12, -1, "", 0 },		/* the tail of a string */
		{ "x\0" "v2019.78\0M", 11, -1, "", 0 },			/* starts with a letter */
		{ "\0M", 2, -1, "", 0 },				/* nothing before */
		{ "M", 1, -1, "", 0 },
	};
	char v[40];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t at = 99;
		int rc;

		v[0] = '\0';
		rc = catalog_version_before((const uint8_t *)cases[i].bytes, cases[i].len - 1, v,
		    sizeof(v), &at);
		assert_int_equal(rc, cases[i].rc);
		assert_string_equal(v, cases[i].want);
		if (rc == 0)
			assert_int_equal(at, cases[i].at);
	}
}

static void
test_bad_catalogues_name_the_line(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "nothing: here\n", "expected a 'components' list" },
		{ "components:\n  - {name: X, type: library, platforms: [linux]}\n", "needs 'id'" },
		{ "components:\n  - {id: x, name: X, type: gadget, platforms: [linux]}\n", "'type'" },
		{ "components:\n  - {id: x, name: X, type: library, platforms: [vxworks]}\n",
		  "unknown platform" },
		{ "components:\n  - {id: x, name: X, type: library, platforms: [linux],\n"
		  "     markers: [abc]}\n", "at least 4 bytes" },
		{ "components:\n  - {id: x, name: X, type: library, platforms: [linux],\n"
		  "     version: 'X v'}\n", "must be a list" },
	};
	struct fw_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err.msg[0] = '\0';
		assert_null(load_text(cases[i].text, &err));
		assert_non_null(strstr(err.msg, cases[i].want));
		/* "FILE:LINE:COL: ..." */
		assert_non_null(strstr(err.msg, "test_components_"));
		assert_true(strchr(err.msg, ':') != NULL && strchr(err.msg, ':')[1] >= '1' &&
		    strchr(err.msg, ':')[1] <= '9');
	}
}

static void
test_idf_version_to_release_tag(void **state)
{
	static const struct {
		const char *ver;
		int rc;
		const char *tag;
		bool exact;
	} cases[] = {
		{ "v5.5.1", 0, "v5.5.1", true },
		{ "v5.5.1-dirty", 0, "v5.5.1", true },
		{ "v5.1", 0, "v5.1", true },
		{ "v5.1.2-45-gabcdef0", 0, "v5.1.2", false },
		{ "5.3.4.260127", 0, "v5.3.4", false },	/* Tasmota's build of 5.3.4 */
		{ "v5.3-dev-123-gabc", -1, NULL, false },
		{ "v5.2-rc1", -1, NULL, false },
		{ "HEAD-HASH-NOTFOUND", -1, NULL, false },
		{ "v5", -1, NULL, false },
		{ "v5.", -1, NULL, false },
		{ "", -1, NULL, false },
	};
	char tag[40];
	bool exact;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(idf_release_tag(cases[i].ver, tag, sizeof(tag), &exact),
		    cases[i].rc);
		if (cases[i].rc == 0) {
			assert_string_equal(tag, cases[i].tag);
			assert_int_equal(exact, cases[i].exact);
		}
	}
}

static void
test_expand(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(catalog_expand("pkg:generic/x@{version}", "1.2", out, sizeof(out)), 0);
	assert_string_equal(out, "pkg:generic/x@1.2");
	assert_int_equal(catalog_expand("cpe:{version}:*", "1.2", out, 8), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_finds_each_pattern_where_it_is),
		cmocka_unit_test(test_version_strings),
		cmocka_unit_test(test_version_before_marker),
		cmocka_unit_test(test_bad_catalogues_name_the_line),
		cmocka_unit_test(test_idf_version_to_release_tag),
		cmocka_unit_test(test_expand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
