/* Findings in order and evidence in words (reports/findings.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "reports/findings.h"

static const char *report_text =
"{\"rules\": ["
" {\"id\": \"LOW\", \"verdict\": \"fail\", \"severity\": \"low\", \"evidence\": []},"
" {\"id\": \"W\", \"verdict\": \"waived\", \"severity\": \"critical\", \"evidence\": []},"
" {\"id\": \"OK\", \"verdict\": \"pass\", \"severity\": \"critical\", \"evidence\": []},"
" {\"id\": \"H1\", \"verdict\": \"fail\", \"severity\": \"high\", \"evidence\": ["
"   {\"fact\": \"a.n\", \"test\": \"at_least 1\", \"result\": \"true\", \"value\": 3},"
"   {\"fact\": \"nvs.partitions\", \"test\": \"equals []\", \"result\": \"false\", \"negated\": true,"
"    \"value\": [{\"label\": \"nvs\"}]},"
"   {\"fact\": \"sdkconfig.tls.insecure\", \"test\": \"equals false\", \"result\": \"false\","
"    \"value\": true}]},"
" {\"id\": \"C\", \"verdict\": \"fail\", \"severity\": \"critical\", \"evidence\": ["
"   {\"fact\": \"nvs.credentials\", \"test\": \"for_each\", \"result\": \"false\", \"items\": 4,"
"    \"failed\": 1, \"failing\": [{\"index\": 1, \"name\": \"app:tls_key\"}]}]},"
" {\"id\": \"H2\", \"verdict\": \"fail\", \"severity\": \"high\", \"evidence\": []}]}";

static void
test_order_and_words(void **state)
{
	json_t *report = json_loads(report_text, 0, NULL);
	const json_t **f, *ev;
	size_t n;
	char buf[512];
	const char *want[] = { "C", "H1", "H2", "LOW", "W" };

	(void)state;
	assert_non_null(report);
	f = findings_list(report, &n);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_object_get(f[i], "id")), want[i]);
	/* The record that decided: not the passing ones before it; a `not`
	 * that held (its test false) is not decisive. */
	ev = finding_decisive(f[1]);
	assert_non_null(ev);
	report_ev_words(ev, buf, sizeof(buf));
	assert_string_equal(buf, "sdkconfig.tls.insecure = true (required: equals false)");
	report_ev_words(json_array_get(json_object_get(f[1], "evidence"), 1), buf, sizeof(buf));
	assert_string_equal(buf, "nvs.partitions = a list of 1 item (required: not equals [])");
	assert_null(strchr(buf, '{'));
	report_ev_words(finding_decisive(f[0]), buf, sizeof(buf));
	assert_string_equal(buf, "nvs.credentials: 4 items, 1 not matching");
	assert_null(finding_decisive(f[2]));
	assert_int_equal(finding_severity_rank("medium"), 2);
	free(f);
	json_decref(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
