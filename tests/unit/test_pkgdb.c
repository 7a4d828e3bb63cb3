/* formats/pkgdb.c: stanzas and their fields, what counts as installed,
 * where each package's line is, malformed text, and the upstream part of a
 * package version for each packager's convention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "formats/pkgdb.h"

static void
test_stanzas(void **state)
{
	static const char text[] =
	    "Package: a\r\nVersion: 1.0-1\r\nStatus: install user installed\r\n"
	    "Conffiles:\n /etc/a.conf 0123\n\n\n"
	    "Package: b\nStatus: deinstall ok config-files\nVersion: 2\n\n"
	    "Version: 3\nStatus: install ok installed\n";	/* no name: left out */
	struct pkgdb db;
	struct fw_err err;

	(void)state;
	assert_int_equal(pkgdb_parse(PKGDB_OPKG, "s", (const uint8_t *)text, strlen(text), &db,
	    &err), 0);
	assert_int_equal(db.n, 2);
	assert_string_equal(db.pkg[0].name, "a");
	assert_string_equal(db.pkg[0].version, "1.0-1");
	assert_true(db.pkg[0].installed);
	assert_null(db.pkg[0].arch);
	assert_int_equal(db.pkg[0].line, 1);
	assert_int_equal(db.pkg[0].offset, 0);
	assert_int_equal(db.pkg[0].length, 10);		/* "Package: a" without \r */
	assert_string_equal(db.pkg[1].name, "b");
	assert_false(db.pkg[1].installed);
	assert_int_equal(db.pkg[1].line, 8);
	assert_int_equal(db.pkg[1].offset, strstr(text, "Package: b") - text);
	pkgdb_free(&db);
}

static void
test_apk_and_errors(void **state)
{
	static const char apk[] = "C:Q1x=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:zlib\nV:1.3-r0\n";
	static const char bad[] = "Package: a\nno colon here\n";
	static const uint8_t nul[] = "Package: a\n\0";
	struct pkgdb db;
	struct fw_err err;

	(void)state;
	assert_int_equal(pkgdb_parse(PKGDB_APK, "i", (const uint8_t *)apk, strlen(apk), &db,
	    &err), 0);
	assert_int_equal(db.n, 2);
	assert_true(db.pkg[0].installed && db.pkg[1].installed);
	assert_string_equal(db.pkg[0].arch, "x86_64");
	assert_int_equal(db.pkg[1].line, 6);
	pkgdb_free(&db);
	assert_int_equal(pkgdb_parse(PKGDB_DPKG, "s", (const uint8_t *)bad, strlen(bad), &db,
	    &err), -1);
	assert_non_null(strstr(err.msg, "s:2:"));
	assert_null(db.pkg);
	assert_int_equal(pkgdb_parse(PKGDB_DPKG, "s", nul, sizeof(nul) - 1, &db, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0xb"));
	assert_int_equal(pkgdb_parse(PKGDB_OPKG, "e", (const uint8_t *)"", 0, &db, &err), 0);
	assert_int_equal(db.n, 0);
	pkgdb_free(&db);
}

static void
test_upstream(void **state)
{
	static const struct {
		enum pkgdb_kind k;
		const char *v, *want;
	} cases[] = {
		{ PKGDB_OPKG, "1.30.1-6", "1.30.1" },
		{ PKGDB_OPKG, "2.80-16.3", "2.80" },		/* PKG_RELEASE with a dot */
		{ PKGDB_OPKG, "2020-10-01-3abcc891-1", "2020-10-01-3abcc891" },
		{ PKGDB_OPKG, "19", "19" },
		{ PKGDB_OPKG, "4.14.221-1-4952e47c", "4.14.221-1-4952e47c" },	/* no release */
		{ PKGDB_DPKG, "1:1.30.1-6", "1.30.1" },
		{ PKGDB_DPKG, "1.1.1n-0+deb11u5", "1.1.1n" },
		{ PKGDB_DPKG, "2.36", "2.36" },
		{ PKGDB_DPKG, "-1", "-1" },
		{ PKGDB_APK, "1.2.4-r2", "1.2.4" },
		{ PKGDB_APK, "5.0.2~6fe92d1a-r4", "5.0.2~6fe92d1a" },
		{ PKGDB_APK, "1.0-1", "1.0-1" },
		{ PKGDB_OPKG, ":1.0", ":1.0" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pkgdb_upstream(cases[i].k, cases[i].v, out, sizeof(out));
		assert_string_equal(out, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stanzas),
		cmocka_unit_test(test_apk_and_errors),
		cmocka_unit_test(test_upstream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
