/* checks/vulns.c: VEX statements applied to the vulnerabilities found per
 * component: by bom-ref, purl (version included, qualifiers not), CPE
 * (vendor, product, version), name and version, or to every component
 * when a statement names none; a statement that fits nothing is listed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "checks/esp_common.h"
#include "checks/vulns.h"

static void
component(struct facts *f, const char *ref, const char *name, const char *version,
    const char *purl, const char *cpe)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:i}", "bom_ref", ref, "name", name, "version",
	    version, "input", 0);

	if (purl)
		json_object_set_new(o, "purl", json_string(purl));
	if (cpe)
		json_object_set_new(o, "cpe", json_string(cpe));
	assert_int_equal(esp_fact_append(f, "components", o, 0, NULL), 0);
}

static void
vuln(struct facts *f, const char *ref, const char *id)
{
	assert_int_equal(components_vuln_add(f, json_pack("{s:s, s:s, s:s, s:i}", "component",
	    ref, "id", id, "status", "affected", "input", 0)), 0);
}

static void
statement(struct facts *f, int n, const char *id, const char *state, json_t *targets)
{
	assert_int_equal(esp_fact_append(f, "vex.statements", json_pack("{s:i, s:i, s:s, s:s, "
	    "s:[], s:o}", "input", 1, "statement", n, "id", id, "state", state, "response",
	    "targets", targets), 1, NULL), 0);
}

static const char *
state_of(struct facts *f, size_t i)
{
	json_t *v = json_array_get(json_object_get(fact_record(f,
	    "components.vulnerabilities"), "value"), i);

	return json_string_value(json_object_get(json_object_get(v, "analysis"), "state"));
}

static void
test_statements_apply_to_what_they_name(void **state)
{
	struct facts *f = facts_new();
	json_t *un;

	(void)state;
	component(f, "img:mbedtls", "Mbed TLS", "3.5.1", "pkg:github/Mbed-TLS/mbedtls@v3.5.1", NULL);
	component(f, "img:lwip", "lwIP", "2.1.3", NULL,
	    "cpe:2.3:a:lwip_project:lwip:2.1.3:*:*:*:*:*:*:*");
	component(f, "img:esp-idf", "ESP-IDF", "5.2.1", NULL, NULL);
	vuln(f, "img:mbedtls", "CVE-A");	/* 0 */
	vuln(f, "img:lwip", "CVE-A");		/* 1 */
	vuln(f, "img:lwip", "CVE-B");		/* 2 */
	vuln(f, "img:esp-idf", "CVE-C");	/* 3 */
	vuln(f, "img:lwip", "CVE-E");		/* 4 */
	vuln(f, "img:esp-idf", "CVE-F");	/* 5 */
	/* purl with qualifiers and without the v: still 3.5.1 of Mbed TLS only */
	statement(f, 0, "CVE-A", "not_affected", json_pack("[{s:s, s:s}]", "ref", "x",
	    "purl", "pkg:github/Mbed-TLS/mbedtls@3.5.1?arch=xtensa"));
	statement(f, 1, "CVE-B", "resolved", json_array());		/* every component */
	statement(f, 2, "CVE-C", "not_affected", json_pack("[{s:s}]", "ref",
	    "cpe:2.3:a:espressif:esp-idf:5.2.2:*:*:*:*:*:*:*"));	/* another version */
	statement(f, 3, "CVE-D", "exploitable", json_array());	/* found nowhere */
	statement(f, 4, "CVE-E", "false_positive", json_pack("[{s:s}]", "ref",
	    "cpe:2.3:a:lwip_project:lwip:2.1.3:*:*:*:*:*:*:*"));
	statement(f, 5, "CVE-F", "in_triage", json_pack("[{s:s}]", "ref", "img:esp-idf"));
	components_vex_apply(f);
	assert_string_equal(state_of(f, 0), "not_affected");
	assert_null(state_of(f, 1));
	assert_string_equal(state_of(f, 2), "resolved");
	assert_null(state_of(f, 3));
	assert_string_equal(state_of(f, 4), "false_positive");
	assert_string_equal(state_of(f, 5), "in_triage");
	un = json_object_get(fact_record(f, "vex.unmatched"), "value");
	assert_int_equal(json_array_size(un), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(un, 0), "id")), "CVE-C");
	assert_string_equal(json_string_value(json_object_get(json_array_get(un, 1), "id")), "CVE-D");
	facts_free(f);
}

static void
test_no_vex_no_change(void **state)
{
	struct facts *f = facts_new();

	(void)state;
	component(f, "img:mbedtls", "Mbed TLS", "3.5.1", NULL, NULL);
	vuln(f, "img:mbedtls", "CVE-A");
	components_vex_apply(f);
	assert_null(state_of(f, 0));
	assert_null(fact_record(f, "vex.unmatched"));
	facts_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statements_apply_to_what_they_name),
		cmocka_unit_test(test_no_vex_no_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
