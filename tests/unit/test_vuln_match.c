/* The matcher over the real CVE records in ../shared/vectors/cve/, row by
 * row against expected-status.tsv (worked out by hand from the records):
 * the strict column is CVE JSON 5's algorithm, the pragmatic column what
 * fwaudit reports. Plus version ordering and hostile records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/vuln_match.h"
#include "util/fileio.h"
#include "core/version_cmp.h"
#include "formats/vuln_record.h"

static char cve_dir[512];

static int
access_ok_dir(const char *d)
{
	return access(d, R_OK);
}

static int
setup(void **state)
{
	const char *shared = getenv("SHARED");

	snprintf(cve_dir, sizeof(cve_dir), "%s/vectors/cve", shared ? shared : "../shared");
	return 0;
}

/* Loads CVE-ID from the folder (container "nvd": the NVD API file). */
static void
load(const char *id, const char *container, struct vuln_record *r)
{
	char path[700];
	json_error_t je;
	struct fw_err err;
	json_t *doc;
	bool nvd = strcmp(container, "nvd") == 0;

	snprintf(path, sizeof(path), "%s/%s%s.json", cve_dir, nvd ? "nvd/" : "", id);
	doc = json_load_file(path, 0, &je);
	assert_non_null(doc);
	if (nvd) {
		assert_string_equal(vuln_doc_format(doc), "nvd");
		assert_int_equal(nvd_parse_item(json_array_get(json_object_get(doc,
		    "vulnerabilities"), 0), path, r, &err), 0);
	} else {
		assert_string_equal(vuln_doc_format(doc), "cve5");
		if (cve5_parse(doc, path, r, &err) != 0)
			fail_msg("%s", err.msg);
	}
	json_decref(doc);
}

static enum vuln_status
word_status(const char *w)
{
	if (strcmp(w, "affected") == 0)
		return VS_AFFECTED;
	if (strcmp(w, "unaffected") == 0 || strcmp(w, "not affected") == 0)
		return VS_NOT_AFFECTED;
	if (strcmp(w, "cannot decide") == 0)
		return VS_CANNOT_DECIDE;
	/* "unknown", and the pragmatic "not listed as affected" */
	if (strcmp(w, "unknown") == 0 || strcmp(w, "not listed as affected") == 0)
		return VS_UNKNOWN;
	fail_msg("unknown status word '%s'", w);
	return VS_UNKNOWN;
}

static void
check_row(char *line, int *rows)
{
	char *f[8], *save = NULL;
	struct vuln_record r;
	struct vuln_result res;
	int n = 0;

	for (char *t = strtok_r(line, "\t\n", &save); t && n < 8; t = strtok_r(NULL, "\t\n", &save))
		f[n++] = t;
	assert_int_equal(n, 8);
	load(f[0], f[1], &r);
	struct vuln_component c = { f[2], f[3], NULL, NULL, f[4] };
	vuln_match_record(&r, &c, &res);
	if (res.strict != word_status(f[5]) || res.status != word_status(f[6]))
		fail_msg("%s %s %s: strict %s (want %s), reported %s (want %s): %s", f[0], f[3],
		    f[4], vuln_status_name(res.strict), f[5], vuln_status_name(res.status), f[6],
		    res.reason);
	/* The entry that decided is the container the row names. */
	if (strcmp(f[2], "n/a") != 0)
		assert_int_equal(strncmp(res.container, f[1], strlen(f[1])), 0);
	if (strstr(f[7], "parsed \"") != NULL)
		assert_true(res.flags & VF_PARSED_TEXT);
	if (strstr(f[7], "report the conflict") != NULL) {
		assert_true(res.flags & VF_CONFLICT);
		assert_non_null(strstr(res.conflict, "5.1.6"));
	} else {
		assert_false(res.flags & VF_CONFLICT);
	}
	vuln_record_free(&r);
	(*rows)++;
}

static void
test_expected_status(void **state)
{
	char path[700], line[1024];
	int rows = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/expected-status.tsv", cve_dir);
	if ((fp = fopen(path, "r")) == NULL)
		skip();
	while (fgets(line, sizeof(line), fp) != NULL)
		if (line[0] != '#' && line[0] != '\n')
			check_row(line, &rows);
	fclose(fp);
	assert_true(rows >= 35);	/* the table has 35 rows: none were lost */
}

/* A record of the n/a shape only concerns a product its description names. */
static void
test_na_records(void **state)
{
	struct vuln_record r;
	struct vuln_result res;
	struct vuln_component c = { "espressif", "esp-idf", NULL, NULL, "4.1" };

	if (access_ok_dir(cve_dir) != 0)
		skip();
	load("CVE-2020-13595", "cna", &r);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_CANNOT_DECIDE);
	assert_true(res.flags & VF_PROSE_ONLY);
	assert_true(vuln_text_mentions(r.description, "esp-idf"));
	assert_false(vuln_text_mentions(r.description, "busybox"));
	vuln_record_free(&r);
	load("CVE-2024-45159", "cna", &r);
	assert_true(vuln_text_mentions(r.description, "mbedtls"));
	vuln_record_free(&r);
}

/* An unreadable component version is cannot decide, never a guess. */
static void
test_bad_component_version(void **state)
{
	struct vuln_record r;
	struct vuln_result res;
	struct vuln_component c = { "espressif", "esp-idf", NULL, NULL, "master" };

	if (access_ok_dir(cve_dir) != 0)
		skip();
	load("CVE-2024-53845", "cna", &r);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_CANNOT_DECIDE);
	assert_int_equal(res.strict, VS_CANNOT_DECIDE);
	assert_non_null(strstr(res.reason, "master"));
	c.product = "busybox";
	c.version = "5.1.5";
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_NOT_APPLICABLE);
	vuln_record_free(&r);
}

/* How a record named the component, which a scan reports (matched_by);
 * a component whose version is unknown (NULL) is cannot decide. */
static void
test_matched_by(void **state)
{
	struct vuln_record r;
	struct vuln_result res;
	struct vuln_component c = { NULL, "not-the-name",
		"cpe:2.3:a:espressif:esp-idf:4.1:*:*:*:*:*:*:*", NULL, "4.1" };

	if (access_ok_dir(cve_dir) != 0)
		skip();
	load("CVE-2020-13595", "nvd", &r);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_AFFECTED);
	assert_string_equal(res.matched_by, "cpe");
	vuln_record_free(&r);
	load("CVE-2024-53845", "cna", &r);
	c = (struct vuln_component){ "espressif", "esp-idf", NULL, NULL, "5.1.5" };
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_AFFECTED);
	assert_string_equal(res.matched_by, "vendor_product");
	c.version = NULL;
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_CANNOT_DECIDE);
	assert_string_equal(res.matched_by, "vendor_product");
	vuln_record_free(&r);
	load("CVE-2020-13595", "cna", &r);
	c.version = "4.1";
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_CANNOT_DECIDE);
	assert_string_equal(res.matched_by, "description");
	vuln_record_free(&r);
}

static void
test_version_order(void **state)
{
	const struct ver_scheme *g = ver_scheme_for("esp-idf"), *o = ver_scheme_for("OpenSSL");

	assert_int_equal(ver_cmp("5.2", "5.2.0", g), 0);
	assert_int_equal(ver_cmp("v5.1.5", "5.1.6", g), -1);
	assert_int_equal(ver_cmp("5.2-rc1", "5.2", g), -1);
	assert_int_equal(ver_cmp("5.2-dev", "5.2-beta1", g), -1);
	assert_int_equal(ver_cmp("5.2-beta1", "5.2-rc1", g), -1);
	assert_int_equal(ver_cmp("5.1.2-45-g1a2b3c4", "5.1.2", g), 1);
	assert_int_equal(ver_cmp("5.1.2-45-g1a2b3c4", "5.1.3", g), -1);
	assert_int_equal(ver_cmp("1.10.0", "1.9.9", g), 1);
	assert_int_equal(ver_cmp("1.1.1w", "1.1.1x", o), -1);
	assert_int_equal(ver_cmp("1.1.1", "1.1.1a", o), -1);
	assert_int_equal(ver_cmp("1.0.2z", "1.0.2za", o), -1);
	assert_int_equal(ver_cmp("1.0.2zi", "1.0.2zj", o), -1);
	assert_int_equal(ver_cmp_sure("1.1.1x", "1.1.1x"), VER_UNSURE);
	assert_int_equal(ver_cmp_sure("3.0.13", "1.0.2zj"), 1);
	assert_int_equal(ver_cmp_sure("1.34.0", "1.34"), 0);
	assert_false(ver_valid("unspecified"));
	assert_false(ver_valid("< 5.0.8"));
	assert_true(ver_valid("v5.1"));
}

/* Hostile records: each is refused with the JSON path that is wrong. */
static void
test_malformed(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"cveMetadata\":{}}", "cveMetadata.cveId" },
		{ "{\"cveMetadata\":{\"cveId\":\"CVE-1\",\"state\":\"PUBLISHED\"},\"containers\":{}}",
		  "containers.cna" },
		{ "{\"cveMetadata\":{\"cveId\":\"CVE-1\",\"state\":\"PUBLISHED\"},\"containers\":"
		  "{\"cna\":{\"affected\":[{\"product\":\"x\",\"versions\":[{\"version\":\"1\","
		  "\"status\":\"broken\"}]}]}}}", "affected[0].versions[0].status" },
		{ "{\"cveMetadata\":{\"cveId\":\"CVE-1\",\"state\":\"PUBLISHED\"},\"containers\":"
		  "{\"cna\":{\"affected\":[{\"product\":7}]}}}", "affected[0].product" },
		{ "{\"cveMetadata\":{\"cveId\":\"CVE-1\",\"state\":\"PUBLISHED\"},\"containers\":"
		  "{\"cna\":{\"affected\":{}}}}", "affected: expected an array" },
	};
	struct vuln_record r;
	struct fw_err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *doc = json_loads(bad[i][0], 0, NULL);

		assert_non_null(doc);
		assert_int_equal(cve5_parse(doc, "in.json", &r, &err), -1);
		if (strstr(err.msg, bad[i][1]) == NULL || strncmp(err.msg, "in.json", 7) != 0)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i][1]);
		json_decref(doc);
	}
}

/* An entry without versions: cannot decide, not a silent miss. */
static void
test_no_versions(void **state)
{
	const char *doc_s = "{\"cveMetadata\":{\"cveId\":\"CVE-2\",\"state\":\"PUBLISHED\"},"
	    "\"containers\":{\"cna\":{\"affected\":[{\"vendor\":\"espressif\","
	    "\"product\":\"esp-idf\"}]}}}";
	struct vuln_component c = { "espressif", "esp-idf", NULL, NULL, "5.1.5" };
	json_t *doc = json_loads(doc_s, 0, NULL);
	struct vuln_record r;
	struct vuln_result res;
	struct fw_err err;

	assert_int_equal(cve5_parse(doc, "x", &r, &err), 0);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_CANNOT_DECIDE);
	assert_non_null(strstr(res.reason, "no versions"));
	vuln_record_free(&r);
	json_decref(doc);
}

/* versions[].changes: the status changes at `at` within the range. */
static void
test_changes(void **state)
{
	const char *doc_s = "{\"cveMetadata\":{\"cveId\":\"CVE-3\",\"state\":\"PUBLISHED\"},"
	    "\"containers\":{\"cna\":{\"affected\":[{\"vendor\":\"v\",\"product\":\"p\","
	    "\"defaultStatus\":\"unaffected\",\"versions\":[{\"version\":\"1.0\","
	    "\"lessThan\":\"2.0\",\"versionType\":\"semver\",\"status\":\"affected\","
	    "\"changes\":[{\"at\":\"1.5\",\"status\":\"unaffected\"}]}]}]}}}";
	struct vuln_component c = { "v", "p", NULL, NULL, "1.2" };
	json_t *doc = json_loads(doc_s, 0, NULL), *pj;
	struct vuln_record r, back = { 0 };
	struct vuln_result res;
	struct fw_err err;

	assert_int_equal(cve5_parse(doc, "x", &r, &err), 0);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_AFFECTED);
	assert_int_equal(res.strict, VS_AFFECTED);
	c.version = "1.6";
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_NOT_AFFECTED);
	assert_int_equal(res.strict, VS_NOT_AFFECTED);
	/* The store's JSON keeps them. */
	pj = vuln_products_to_json(&r);
	assert_int_equal(vuln_products_from_json(pj, &back), 0);
	vuln_match_record(&back, &c, &res);
	assert_int_equal(res.status, VS_NOT_AFFECTED);
	json_decref(pj);
	vuln_record_free(&back);
	vuln_record_free(&r);
	json_decref(doc);
}

/* OSV: introduced/fixed spans, and what is not listed is not affected. */
static void
test_osv(void **state)
{
	const char *doc_s = "{\"id\":\"OSV-1\",\"modified\":\"2024-01-01T00:00:00Z\","
	    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"busybox\","
	    "\"purl\":\"pkg:deb/debian/busybox\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
	    "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.35.0\"}]},{\"type\":\"GIT\","
	    "\"events\":[{\"introduced\":\"abc\"},{\"fixed\":\"def\"}]}]}]}";
	struct vuln_component c = { NULL, "busybox", NULL, NULL, "1.34.1" };
	json_t *doc = json_loads(doc_s, 0, NULL);
	struct vuln_record r;
	struct vuln_result res;
	struct fw_err err;

	assert_string_equal(vuln_doc_format(doc), "osv");
	assert_int_equal(osv_parse(doc, "x", &r, &err), 0);
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_AFFECTED);
	assert_int_equal(res.strict, VS_AFFECTED);
	c.version = "1.35.0";
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_NOT_AFFECTED);
	c.product = "other";
	c.purl = "pkg:deb/debian/busybox@1.35.0";
	vuln_match_record(&r, &c, &res);
	assert_int_equal(res.status, VS_NOT_AFFECTED);
	vuln_record_free(&r);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected_status),
		cmocka_unit_test(test_na_records),
		cmocka_unit_test(test_bad_component_version),
		cmocka_unit_test(test_matched_by),
		cmocka_unit_test(test_version_order),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_no_versions),
		cmocka_unit_test(test_osv),
		cmocka_unit_test(test_changes),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
