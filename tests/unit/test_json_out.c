/* The JSON writers give the bytes jansson gives: canonical (sorted keys,
 * indent 2) and compact (insertion order), for every kind of value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_out.h"

static void
check_canonical(const json_t *v)
{
	char *want = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	size_t len = 0;
	char *got = json_canonical(v, &len);

	assert_non_null(want);
	assert_non_null(got);
	assert_int_equal(len, strlen(want) + 1);
	assert_int_equal(got[len - 1], '\n');
	got[len - 1] = '\0';
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void
check_compact(const json_t *v)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	char small[8], big[4096], *got;

	assert_non_null(want);
	/* Fits the caller's buffer: written there. */
	got = json_compact(v, big, sizeof(big));
	if (strlen(want) < sizeof(big))
		assert_ptr_equal(got, big);
	assert_string_equal(got, want);
	if (got != big)
		free(got);
	/* Does not fit: a new string, the caller's buffer only a start. */
	got = json_compact(v, small, sizeof(small));
	assert_non_null(got);
	assert_string_equal(got, want);
	if (got != small)
		free(got);
	else
		assert_true(strlen(want) < sizeof(small));
	free(want);
}

/* Every byte that needs escaping, at every offset of the word-at-a-time scan. */
static json_t *
hostile_strings(void)
{
	json_t *a = json_array();
	char s[64];

	for (int c = 0; c < 0x20; c++) {
		for (size_t at = 0; at < 17; at++) {
			memset(s, 'x', sizeof(s));
			s[at] = (char)c;
			json_array_append_new(a, json_stringn(s, 20));
		}
	}
	for (size_t at = 0; at < 17; at++) {
		memset(s, 'y', sizeof(s));
		s[at] = '"';
		s[at + 1] = '\\';
		json_array_append_new(a, json_stringn(s, 24));
	}
	json_array_append_new(a, json_string(""));
	json_array_append_new(a, json_string("/slash/ stays"));
	json_array_append_new(a, json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92 UTF-8 as is"));
	json_array_append_new(a, json_string("\x7f del is not escaped"));
	json_array_append_new(a, json_stringn("nul\0inside", 10));
	return a;
}

static json_t *
sample_tree(void)
{
	json_t *o = json_object(), *deep = json_object(), *cur = deep, *many = json_object();
	char key[32];

	/* Keys inserted out of order, reversed, and a key that needs escaping. */
	json_object_set_new(o, "zeta", json_integer(-1));
	json_object_set_new(o, "alpha", json_true());
	json_object_set_new(o, "Mid", json_false());
	json_object_set_new(o, "mid", json_null());
	json_object_set_new(o, "a\"b\\c\n", json_string("k"));
	json_object_set_new(o, "ints", json_pack("[I, I, I, i, i]", (json_int_t)INT64_MAX,
	    (json_int_t)INT64_MIN, (json_int_t)0, 7, -42));
	json_object_set_new(o, "reals", json_pack("[f, f, f]", 0.5, 1e300, -3.25));
	json_object_set_new(o, "empty_o", json_object());
	json_object_set_new(o, "empty_a", json_array());
	json_object_set_new(o, "strings", hostile_strings());
	/* Deeper than any fixed indentation buffer. */
	for (int i = 0; i < 70; i++) {
		json_t *next = json_object();

		json_object_set_new(cur, "d", json_pack("[i, {}]", i));
		json_object_set_new(cur, "n", next);
		cur = next;
	}
	json_object_set_new(o, "deep", deep);
	/* More members than fit on the writer's stack, in reverse order, and a
	 * long run of sorted keys with one out of place. */
	for (int i = 99; i >= 0; i--) {
		snprintf(key, sizeof(key), "k%03d", i);
		json_object_set_new(many, key, json_integer(i));
	}
	json_object_set_new(o, "many", many);
	json_object_set_new(o, "sorted_but_last", json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
	    "b", 1, "c", 2, "d", 3, "e", 4, "f", 5, "g", 6, "a", 0));
	/* A long string: the output grows past its first buffer. */
	{
		size_t n = 300000;
		char *big = malloc(n + 1);

		assert_non_null(big);
		for (size_t i = 0; i < n; i++)
			big[i] = (char)('a' + i % 26);
		big[n] = '\0';
		big[n / 2] = '\t';
		json_object_set_new(o, "big", json_string(big));
		free(big);
	}
	return o;
}

static void
test_canonical_matches_jansson(void **state)
{
	json_t *o = sample_tree();

	check_canonical(o);
	check_canonical(json_object_get(o, "strings"));
	check_canonical(json_object_get(o, "many"));
	json_decref(o);
}

static void
test_canonical_scalars(void **state)
{
	json_t *v[] = { json_true(), json_false(), json_null(), json_integer(12),
	    json_real(2.5), json_string("x\ty"), json_object(), json_array() };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check_canonical(v[i]);
		json_decref(v[i]);
	}
}

static void
test_compact_matches_jansson(void **state)
{
	json_t *o = sample_tree();
	json_t *v[] = { json_true(), json_false(), json_null(), json_integer(-9),
	    json_real(0.1), json_string("a\"b"), json_object(), json_array(),
	    json_pack("[i, s, b, n]", 1, "two", 1), json_pack("{s:i, s:i, s:[]}", "z", 1, "a", 2, "m") };

	check_compact(o);	/* members in insertion order, not sorted */
	json_object_del(o, "big");
	check_compact(o);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check_compact(v[i]);
		json_decref(v[i]);
	}
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_matches_jansson),
		cmocka_unit_test(test_canonical_scalars),
		cmocka_unit_test(test_compact_matches_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
