/* Pooled report values: shared when equal, right when not, and
 * json_string_fast accepts and refuses exactly what json_string does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_pool.h"

static void
same_as_jansson(const char *s)
{
	json_t *want = json_string(s), *got = json_string_fast(s);

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_int_equal(json_string_length(got), json_string_length(want));
	assert_string_equal(json_string_value(got), json_string_value(want));
	json_decref(want);
	json_decref(got);
}

static void
test_utf8_edges(void **state)
{
	static const char *const cases[] = {
		"", "a", "plain ASCII longer than eight bytes", "1234567", "12345678",
		"caf\xc3\xa9", "\xe2\x82\xac euro", "\xf0\x9f\x94\x92 lock", "\xf4\x8f\xbf\xbf max",
		"\x80", "abcdefgh\x80", "\xc0\x80", "\xc1\xbf", "\xc2", "\xc2\x7f", "\xc2\xc0",
		"\xe0\x80\x80", "\xe0\x9f\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xed\xbf\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xe2\x82", "\xf0\x8f\xbf\xbf",
		"\xf0\x90\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
		"\xfe", "\xff", "\xf0\x9f\x94", "seven b\xc3\xa9", "eight by\xc3\xa9", "eight by\xc3",
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		same_as_jansson(cases[i]);
		/* And at every alignment of the eight-byte scan. */
		for (size_t pad = 1; pad < 10; pad++) {
			memset(buf, 'x', pad);
			snprintf(buf + pad, sizeof(buf) - pad, "%s", cases[i]);
			same_as_jansson(buf);
			strcat(buf, "tail after it");
			same_as_jansson(buf);
		}
	}
	assert_null(json_string_fast(NULL));
}

static void
test_utf8_random(void **state)
{
	static const unsigned char bytes[] = { 'a', ' ', 0x7f, 0x80, 0x8f, 0xbf, 0xc0, 0xc2,
	    0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x90 };
	unsigned seed = 12345;
	char s[40];

	for (int i = 0; i < 50000; i++) {
		size_t n = (size_t)(rand_r(&seed) % 24);

		for (size_t j = 0; j < n; j++)
			s[j] = (char)bytes[rand_r(&seed) % sizeof(bytes)];
		s[n] = '\0';
		same_as_jansson(s);
	}
}

static void
test_pool_shares_equal_strings(void **state)
{
	struct json_pool *p = json_pool_new();
	json_t *a, *b, *c, *kept[1000];
	char s[32];

	assert_non_null(p);
	a = json_pool_string(p, "pass");
	b = json_pool_string(p, "pass");
	c = json_pool_string(p, "fail");
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_string_equal(json_string_value(c), "fail");
	/* Not UTF-8: refused as json_string refuses, and not remembered. */
	assert_null(json_pool_string(p, "bad \xff"));
	assert_null(json_pool_string(p, "bad \xff"));
	/* Past the first table: every string still found, and right. */
	for (int i = 0; i < 1000; i++) {
		snprintf(s, sizeof(s), "string %d", i);
		kept[i] = json_pool_string(p, s);
	}
	for (int i = 0; i < 1000; i++) {
		json_t *again;

		snprintf(s, sizeof(s), "string %d", i);
		again = json_pool_string(p, s);
		assert_ptr_equal(again, kept[i]);
		assert_string_equal(json_string_value(again), s);
		json_decref(again);
	}
	assert_ptr_equal(json_pool_string(p, "pass"), a);
	json_decref(a);
	json_pool_free(p);
	/* Values handed out outlive the pool. */
	assert_string_equal(json_string_value(a), "pass");
	assert_string_equal(json_string_value(kept[999]), "string 999");
	json_decref(a);
	json_decref(b);
	json_decref(c);
	for (int i = 0; i < 1000; i++)
		json_decref(kept[i]);
}

static void
test_pool_integers(void **state)
{
	struct json_pool *p = json_pool_new();
	json_t *a = json_pool_integer(p, 3), *b = json_pool_integer(p, 3);
	json_t *big = json_pool_integer(p, 100000), *neg = json_pool_integer(p, -1);

	assert_ptr_equal(a, b);
	assert_int_equal(json_integer_value(a), 3);
	assert_int_equal(json_integer_value(big), 100000);
	assert_int_equal(json_integer_value(neg), -1);
	json_pool_free(p);
	assert_int_equal(json_integer_value(a), 3);
	json_decref(a);
	json_decref(b);
	json_decref(big);
	json_decref(neg);
}

static void
test_no_pool(void **state)
{
	json_t *a = json_pool_string(NULL, "x"), *b = json_pool_string(NULL, "x");
	json_t *i = json_pool_integer(NULL, 7);

	assert_ptr_not_equal(a, b);
	assert_string_equal(json_string_value(a), "x");
	assert_int_equal(json_integer_value(i), 7);
	json_decref(a);
	json_decref(b);
	json_decref(i);
	json_pool_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_edges),
		cmocka_unit_test(test_utf8_random),
		cmocka_unit_test(test_pool_shares_equal_strings),
		cmocka_unit_test(test_pool_integers),
		cmocka_unit_test(test_no_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
