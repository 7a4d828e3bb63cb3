#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_out.h"
#include "reports/pending.h"

static json_t *
report_with_inputs(void)
{
	return json_pack("{s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:{s:s}}",
	    "inputs",
	    "path", "dump.bin", "sha256", "",
	    "path", "sdkconfig", "sha256", "3f1c0000000000000000000000000000000000000000000000000000000000aa",
	    "path", "second.bin", "sha256", "",
	    "summary", "note", "x");
}

/* Rendered early with stand-ins and filled in afterwards, a report has
 * the bytes it has when rendered after the digests are in. */
static void
test_fill_gives_the_late_rendering(void **state)
{
	json_t *r = report_with_inputs();
	struct pending_digests pd;
	const char *digest = "d1e2000000000000000000000000000000000000000000000000000000000099";
	json_t *in0 = json_array_get(json_object_get(r, "inputs"), 0);
	json_t *in2 = json_array_get(json_object_get(r, "inputs"), 2);
	char *early, *late;
	size_t early_len, late_len;

	assert_true(pending_mark(r, &pd));
	assert_int_equal(pd.n, 2);
	assert_string_equal(json_string_value(json_object_get(in0, "sha256")), pd.token[0]);
	assert_int_equal(strlen(pd.token[0]), 64);
	assert_string_not_equal(pd.token[0], pd.token[1]);
	/* the stand-in also where a report repeats it */
	json_object_set_new(json_object_get(r, "summary"), "copy", json_string(pd.token[0]));
	early = json_canonical(r, &early_len);
	assert_non_null(early);
	/* the first input's digest arrives; the second input's hashing failed */
	json_object_set_new(in0, "sha256", json_string(digest));
	pending_settle(&pd);
	assert_string_equal(json_string_value(json_object_get(in2, "sha256")), "");
	json_object_set_new(json_object_get(r, "summary"), "copy", json_string(digest));
	early_len = pending_fill(early, early_len, &pd);
	late = json_canonical(r, &late_len);
	assert_non_null(late);
	assert_int_equal(early_len, late_len);
	assert_memory_equal(early, late, late_len);
	assert_null(memmem(early, early_len, pd.token[1], 64));
	free(early);
	free(late);
	json_decref(r);
}

/* Nothing pending: nothing is marked, nothing changes. */
static void
test_nothing_pending(void **state)
{
	json_t *r = json_pack("{s:[{s:s}]}", "inputs", "sha256", "ab");
	struct pending_digests pd;
	char buf[] = "unchanged";

	assert_false(pending_mark(r, &pd));
	assert_int_equal(pd.n, 0);
	pending_settle(&pd);
	assert_int_equal(pending_fill(buf, strlen(buf), &pd), strlen(buf));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(r, "inputs"), 0), "sha256")), "ab");
	json_decref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_gives_the_late_rendering),
		cmocka_unit_test(test_nothing_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
