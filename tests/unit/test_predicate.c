/* Every predicate, in three-valued logic: a missing fact is UNKNOWN, never
 * TRUE, so rules over missing evidence end not_tested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/facts.h"
#include "core/predicate.h"
#include "core/ytree.h"

static struct facts *F;

static int
setup(void **state)
{
	F = facts_new();
	int in = facts_add_input(F, "t", "test", "x", 1);

	fact_set_bool(F, "b.true", true, in, NULL);
	fact_set_bool(F, "b.false", false, in, NULL);
	fact_set_int(F, "n.five", 5, in, NULL);
	fact_set_str(F, "s.mode", "release", in, loc_line(7));
	fact_set_str(F, "s.date", "2027-06-30", in, NULL);
	fact_set(F, "a.ports", json_pack("[i,i]", 443, 5353), in, NULL);
	fact_set(F, "a.parts", json_pack("[{s:s,s:b},{s:s,s:b},{s:s,s:b}]",
	    "label", "ota_0", "signed", 1, "label", "ota_1", "signed", 0,
	    "label", "nvs", "signed", 0), in, NULL);
	fact_set(F, "o.obj", json_pack("{s:{s:i}}", "inner", "x", 3), in, NULL);
	return 0;
}

static int
teardown(void **state)
{
	facts_free(F);
	return 0;
}

/* Compiles YAML text and evaluates it; evidence goes to *ev if given. */
static enum tri
ev(const char *yaml)
{
	struct fw_err err;
	struct ynode *n = ytree_load_string("t.yaml", yaml, strlen(yaml), &err);
	struct pred *p;
	struct pred_ctx ctx = { .facts = F };
	enum tri r;

	assert_non_null(n);
	p = pred_compile(n, "t.yaml", &err);
	if (p == NULL)
		fail_msg("compile: %s", err.msg);
	ctx.evidence = json_array();
	ctx.missing = json_array();
	r = pred_eval(p, &ctx);
	json_decref(ctx.evidence);
	json_decref(ctx.missing);
	pred_free(p);
	ytree_free(n);
	return r;
}

static void
test_equals(void **state)
{
	assert_int_equal(ev("equals: {fact: b.true, value: true}"), T_TRUE);
	assert_int_equal(ev("equals: {fact: b.false, value: true}"), T_FALSE);
	assert_int_equal(ev("equals: {fact: n.five, value: 5}"), T_TRUE);
	assert_int_equal(ev("equals: {fact: s.mode, value: release}"), T_TRUE);
	/* a quoted "5" is a string, not the number */
	assert_int_equal(ev("equals: {fact: n.five, value: \"5\"}"), T_FALSE);
	assert_int_equal(ev("equals: {fact: no.such, value: true}"), T_UNKNOWN);
	/* descent into an object value */
	assert_int_equal(ev("equals: {fact: o.obj.inner.x, value: 3}"), T_TRUE);
}

static void
test_in(void **state)
{
	assert_int_equal(ev("in: {fact: s.mode, values: [development, release]}"), T_TRUE);
	assert_int_equal(ev("in: {fact: s.mode, values: [development]}"), T_FALSE);
	assert_int_equal(ev("in: {fact: no.such, values: [x]}"), T_UNKNOWN);
}

static void
test_at_least_at_most(void **state)
{
	assert_int_equal(ev("at_least: {fact: n.five, value: 5}"), T_TRUE);
	assert_int_equal(ev("at_least: {fact: n.five, value: 6}"), T_FALSE);
	assert_int_equal(ev("at_most: {fact: n.five, value: 4}"), T_FALSE);
	assert_int_equal(ev("at_most: {fact: n.five, value: 5}"), T_TRUE);
	/* ISO dates compare as strings */
	assert_int_equal(ev("at_least: {fact: s.date, value: \"2026-11-25\"}"), T_TRUE);
	/* a type mismatch is a failure, not a pass */
	assert_int_equal(ev("at_least: {fact: s.mode, value: 1}"), T_FALSE);
	assert_int_equal(ev("at_most: {fact: no.such, value: 1}"), T_UNKNOWN);
}

static void
test_matches(void **state)
{
	assert_int_equal(ev("matches: {fact: s.date, pattern: '^[0-9]{4}-'}"), T_TRUE);
	assert_int_equal(ev("matches: {fact: s.mode, pattern: '^dev'}"), T_FALSE);
	assert_int_equal(ev("matches: {fact: n.five, pattern: '5'}"), T_FALSE);
	assert_int_equal(ev("matches: {fact: no.such, pattern: x}"), T_UNKNOWN);
}

static void
test_exists(void **state)
{
	assert_int_equal(ev("exists: b.false"), T_TRUE);
	assert_int_equal(ev("exists: no.such"), T_FALSE);
	assert_int_equal(ev("exists: {fact: n.five}"), T_TRUE);
}

static void
test_subset_and_none_of(void **state)
{
	assert_int_equal(ev("subset_of: {fact: a.ports, values: [443, 5353, 80]}"), T_TRUE);
	assert_int_equal(ev("subset_of: {fact: a.ports, values: [443]}"), T_FALSE);
	assert_int_equal(ev("none_of: {fact: a.ports, values: [23, 21]}"), T_TRUE);
	assert_int_equal(ev("none_of: {fact: a.ports, values: [5353]}"), T_FALSE);
	/* a scalar is a one-element list */
	assert_int_equal(ev("none_of: {fact: s.mode, values: [development]}"), T_TRUE);
	assert_int_equal(ev("subset_of: {fact: no.such, values: [1]}"), T_UNKNOWN);
}

static void
test_all_any_not_kleene(void **state)
{
	assert_int_equal(ev("all: [{exists: b.true}, {equals: {fact: b.true, value: true}}]"), T_TRUE);
	assert_int_equal(ev("all: [{equals: {fact: b.false, value: true}}, {equals: {fact: no.x, value: 1}}]"), T_FALSE);
	assert_int_equal(ev("all: [{equals: {fact: b.true, value: true}}, {equals: {fact: no.x, value: 1}}]"), T_UNKNOWN);
	assert_int_equal(ev("any: [{equals: {fact: no.x, value: 1}}, {equals: {fact: b.true, value: true}}]"), T_TRUE);
	assert_int_equal(ev("any: [{equals: {fact: no.x, value: 1}}, {equals: {fact: b.false, value: true}}]"), T_UNKNOWN);
	assert_int_equal(ev("any: [{equals: {fact: b.false, value: true}}]"), T_FALSE);
	assert_int_equal(ev("not: {equals: {fact: b.false, value: true}}"), T_TRUE);
	assert_int_equal(ev("not: {equals: {fact: no.x, value: true}}"), T_UNKNOWN);
}

static void
test_for_each_reports_failing_items(void **state)
{
	const char *y = "for_each: {fact: a.parts, where: {matches: {fact: .label, pattern: '^ota_'}}, "
	    "require: {equals: {fact: .signed, value: true}}}";
	struct fw_err err;
	struct ynode *n = ytree_load_string("t.yaml", y, strlen(y), &err);
	struct pred *p = pred_compile(n, "t.yaml", &err);
	struct pred_ctx ctx = { .facts = F };
	json_t *e, *failing;

	assert_non_null(p);
	ctx.evidence = json_array();
	ctx.missing = json_array();
	assert_int_equal(pred_eval(p, &ctx), T_FALSE);
	e = json_array_get(ctx.evidence, 0);
	assert_int_equal(json_integer_value(json_object_get(e, "items")), 2);	/* nvs filtered out */
	assert_int_equal(json_integer_value(json_object_get(e, "failed")), 1);
	failing = json_object_get(e, "failing");
	assert_string_equal(json_string_value(json_object_get(json_array_get(failing, 0), "label")), "ota_1");
	json_decref(ctx.evidence);
	json_decref(ctx.missing);
	pred_free(p);
	ytree_free(n);
	assert_int_equal(ev("for_each: {fact: no.list, require: {exists: .x}}"), T_UNKNOWN);
	/* empty list: nothing fails */
	fact_set(F, "a.empty", json_array(), 0, NULL);
	assert_int_equal(ev("for_each: {fact: a.empty, require: {exists: .x}}"), T_TRUE);
}

static void
compile_error(const char *yaml, const char *want)
{
	struct fw_err err = { .msg = "" };
	struct ynode *n = ytree_load_string("r.yaml", yaml, strlen(yaml), &err);
	struct pred *p;

	assert_non_null(n);
	p = pred_compile(n, "r.yaml", &err);
	assert_null(p);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err.msg, want);
	ytree_free(n);
}

static void
test_compile_errors_name_place(void **state)
{
	compile_error("equal: {fact: a, value: 1}", "r.yaml:1:1: unknown predicate 'equal'");
	compile_error("equals: {fact: a}", "needs 'value'");
	compile_error("equals: {fact: 'a b', value: 1}", "is not a fact path");
	compile_error("in: {fact: a, values: x}", "needs 'values' as a list");
	compile_error("matches: {fact: a, pattern: '('}", "bad pattern");
	compile_error("all: []", "non-empty list");
	compile_error("equals: {fact: a, value: 1, extra: 2}", "unknown key 'extra'");
	compile_error("{equals: {fact: a, value: 1}, exists: b}", "exactly one key");
	compile_error("for_each: {fact: a}", "needs 'require'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_at_least_at_most),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_exists),
		cmocka_unit_test(test_subset_and_none_of),
		cmocka_unit_test(test_all_any_not_kleene),
		cmocka_unit_test(test_for_each_reports_failing_items),
		cmocka_unit_test(test_compile_errors_name_place),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
