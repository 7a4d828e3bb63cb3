/* The store's API as the scan calls it (checks/vulndb.h): components from
 * JSON, several matched in one call against the real records, findings as
 * JSON; and an import that fails in the database leaves nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "checks/vulndb.h"

static char cve_dir[512], db_path[64];

static int
setup(void **state)
{
	const char *shared = getenv("SHARED");
	const char *paths[1] = { cve_dir };
	struct vulndb_import_stats st;
	struct vulndb *db;
	struct fw_err err;
	int fd;

	snprintf(cve_dir, sizeof(cve_dir), "%s/vectors/cve", shared ? shared : "../shared");
	if (access(cve_dir, R_OK) != 0)
		return 0;
	snprintf(db_path, sizeof(db_path), "/tmp/fwaudit-vulndb-XXXXXX");
	if ((fd = mkstemp(db_path)) < 0)
		return -1;
	close(fd);
	unlink(db_path);
	if (vulndb_open(&db, db_path, VULNDB_WRITE, &err) != 0 ||
	    vulndb_import(db, paths, 1, &st, &err) != 0)
		return -1;
	vulndb_close(db);
	return st.skipped == 0 && st.records > 20 ? 0 : -1;
}

static int
teardown(void **state)
{
	if (db_path[0] != '\0')
		unlink(db_path);
	return 0;
}

static const struct vulndb_finding *
find(const struct vulndb_findings *f, size_t comp, const char *id, const char *format)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].component == comp && strcmp(f->v[i].id, id) == 0 &&
		    strcmp(f->v[i].format, format) == 0)
			return &f->v[i];
	return NULL;
}

static void
test_match_components(void **state)
{
	const char *js = "[{\"vendor\":\"espressif\",\"name\":\"esp-idf\",\"version\":\"4.2\"},"
	    "{\"name\":\"openssl\",\"version\":\"3.1.4\",\"purl\":\"pkg:generic/openssl@3.1.4\"},"
	    "{\"name\":\"busybox\",\"version\":\"1.36.1\"}]";
	json_t *a = json_loads(js, 0, NULL), *out;
	struct vulndb_findings f = { 0 };
	struct vuln_component *cs;
	const struct vulndb_finding *x;
	struct vulndb *db;
	struct fw_err err;
	size_t n;

	if (db_path[0] == '\0')
		skip();
	assert_int_equal(vuln_components_from_json(a, &cs, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(vulndb_open(&db, db_path, VULNDB_READ, &err), 0);
	assert_int_equal(vulndb_match_components(db, cs, n, &f, &err), 0);
	/* NVD's CVE-2020-13595: esp-idf 4.0.0 <= v <= 4.2, on the ESP32 only. */
	assert_non_null(x = find(&f, 0, "CVE-2020-13595", "nvd"));
	assert_int_equal(x->res.status, VS_AFFECTED);
	assert_non_null(strstr(x->res.reason, "cpe:2.3:h:espressif:esp32"));
	assert_non_null(x = find(&f, 1, "CVE-2024-0727", "cve5"));
	assert_int_equal(x->res.status, VS_AFFECTED);
	assert_null(find(&f, 1, "CVE-2020-13595", "nvd"));
	/* busybox 1.36.1: above the JFrog range, no defaultStatus: unknown. */
	assert_non_null(x = find(&f, 2, "CVE-2021-42374", "cve5"));
	assert_int_equal(x->res.status, VS_UNKNOWN);
	/* Findings come per component, affected first. */
	for (size_t i = 1; i < f.n; i++)
		assert_true(f.v[i - 1].component <= f.v[i].component);
	out = vulndb_findings_json(&f, cs);
	assert_int_equal(json_array_size(out), f.n);
	assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0),
	    "status")), "affected");
	json_decref(out);
	vulndb_findings_free(&f);
	/* The scan's summary: one pass gives what the separate counts give. */
	{
		struct vulndb_status st;
		long long unnamed;

		assert_int_equal(vulndb_status(db, &st, &err), 0);
		assert_int_equal(vulndb_unnamed_count(db, &unnamed, &err), 0);
		assert_int_equal(st.unnamed, unnamed);
		assert_true(unnamed > 0 && unnamed < st.records);
		assert_int_equal(st.by_format[0] + st.by_format[1] + st.by_format[2], st.records);
		/* A database without the import's summary (written before it was
		 * kept) gives the same from a pass over the records. */
		struct vulndb_status again;
		sqlite3 *raw;

		assert_int_equal(sqlite3_open(db_path, &raw), SQLITE_OK);
		assert_int_equal(sqlite3_exec(raw, "DELETE FROM meta WHERE k='summary'", NULL, NULL,
		    NULL), SQLITE_OK);
		assert_int_equal(sqlite3_changes(raw), 1);
		sqlite3_close(raw);
		assert_int_equal(vulndb_status(db, &again, &err), 0);
		assert_int_equal(again.records, st.records);
		assert_int_equal(again.unnamed, st.unnamed);
		assert_string_equal(again.newest, st.newest);
		assert_memory_equal(again.by_format, st.by_format, sizeof(st.by_format));
	}
	vulndb_close(db);
	free(cs);
	json_decref(a);
}

static void
test_components_json_errors(void **state)
{
	json_t *a = json_loads("[{\"name\":\"x\",\"version\":\"1\"},{\"name\":\"y\"}]", 0, NULL);
	struct vuln_component *cs;
	struct fw_err err;
	size_t n;

	assert_int_equal(vuln_components_from_json(a, &cs, &n, &err), -1);
	assert_non_null(strstr(err.msg, "[1]"));
	assert_null(cs);
	json_decref(a);
}

/* The database fails half-way through (a trigger refuses one record, as a
 * full disk would refuse a page): the import reports it and the file holds
 * none of the records stored before the failure. */
static void
test_import_rolls_back(void **state)
{
	const char *paths[1] = { cve_dir };
	char path[64] = "/tmp/fwaudit-vulndb-rb-XXXXXX";
	struct vulndb_import_stats st;
	struct vulndb_status s;
	struct vulndb *db;
	struct fw_err err;
	sqlite3 *raw;
	int fd;

	if (db_path[0] == '\0')
		skip();
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(vulndb_open(&db, path, VULNDB_WRITE, &err), 0);
	vulndb_close(db);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TRIGGER refuse BEFORE INSERT ON records "
	    "WHEN NEW.id='CVE-2024-0727' BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(vulndb_open(&db, path, VULNDB_WRITE, &err), 0);
	assert_int_equal(vulndb_import(db, paths, 1, &st, &err), -1);
	assert_non_null(strstr(err.msg, "refused by test"));
	assert_true(st.records > 0);	/* records before it had been stored... */
	assert_int_equal(vulndb_status(db, &s, &err), 0);
	assert_int_equal(s.records, 0);	/* ...and are gone with the rollback */
	assert_int_equal(s.imports, 0);
	vulndb_close(db);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_components),
		cmocka_unit_test(test_components_json_errors),
		cmocka_unit_test(test_import_rolls_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
