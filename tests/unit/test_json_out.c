/* The canonical JSON text every report and fact tree is written in: keys
 * sorted, two-space indentation, a closing newline, and strings escaped as
 * RFC 8259 asks and no more ("/" and UTF-8 as they are), so a report reads
 * the same in any viewer and the same result always hashes the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_out.h"

static void
check(json_t *v, const char *want)
{
	size_t len = 0;
	char *got = json_canonical(v, &len);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
	json_decref(v);
}

static void
test_keys_sorted_and_indented(void **state)
{
	(void)state;
	check(json_pack("{s:i, s:b, s:{s:n, s:[I, s]}, s:{}, s:[]}", "zeta", -1, "alpha", 1,
	    "mid", "b", "a", (json_int_t)INT64_MIN, "x", "empty_o", "empty_a"),
	    "{\n"
	    "  \"alpha\": true,\n"
	    "  \"empty_a\": [],\n"
	    "  \"empty_o\": {},\n"
	    "  \"mid\": {\n"
	    "    \"a\": [\n"
	    "      -9223372036854775808,\n"
	    "      \"x\"\n"
	    "    ],\n"
	    "    \"b\": null\n"
	    "  },\n"
	    "  \"zeta\": -1\n"
	    "}\n");
}

/* Hostile input reaches reports as strings: quote, backslash and control
 * characters escaped (the short forms where JSON has one), a NUL inside
 * kept; "/", DEL, UTF-8 and U+2028 written as they are. */
static void
test_strings_escaped_as_rfc8259(void **state)
{
	json_t *a = json_array();

	(void)state;
	json_array_append_new(a, json_string("q\" b\\ n\n t\t r\r b\b f\f esc\x1b us\x1f"));
	json_array_append_new(a, json_stringn("nul\0in", 6));
	json_array_append_new(a, json_string("/a/b \x7f caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x94\x92"));
	json_array_append_new(a, json_pack("{s:s}", "k\"\n", "v"));
	check(a, "[\n"
	    "  \"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f esc\\u001B us\\u001F\",\n"
	    "  \"nul\\u0000in\",\n"
	    "  \"/a/b \x7f caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x94\x92\",\n"
	    "  {\n"
	    "    \"k\\\"\\n\": \"v\"\n"
	    "  }\n"
	    "]\n");
}

static void
test_scalars(void **state)
{
	(void)state;
	check(json_true(), "true\n");
	check(json_null(), "null\n");
	check(json_integer(12), "12\n");
	check(json_real(2.5), "2.5\n");
	check(json_string("x"), "\"x\"\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_sorted_and_indented),
		cmocka_unit_test(test_strings_escaped_as_rfc8259),
		cmocka_unit_test(test_scalars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
