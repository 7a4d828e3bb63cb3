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
#include "util/ytree.h"

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
	/* the family b.* was read, so b.none is absent: false */
	assert_int_equal(ev("exists: b.none"), T_FALSE);
	assert_int_equal(ev("exists: {fact: n.five}"), T_TRUE);
	/* no input gave any no.* fact: absence is not evidenced, so unknown
	 * (an applies-condition over it ends not_tested, not not_applicable) */
	assert_int_equal(ev("exists: no.such"), T_UNKNOWN);
	assert_int_equal(ev("any: [{exists: no.such}, {exists: no.other}]"), T_UNKNOWN);
	assert_int_equal(ev("not: {exists: no.such}"), T_UNKNOWN);
}

/* Integers compare as 64-bit integers, never through a double (which
 * rounds above 2^53); an integer against a real compares exactly too. */
static void
test_numbers_compare_exactly(void **state)
{
	fact_set_int(F, "big.odd", 9007199254740993LL, 0, NULL);	/* 2^53 + 1 */
	fact_set_int(F, "big.max", 9223372036854775807LL, 0, NULL);
	fact_set(F, "big.real", json_real(9007199254740992.0), 0, NULL);
	fact_set(F, "big.half", json_real(4.5), 0, NULL);
	assert_int_equal(ev("equals: {fact: big.odd, value: 9007199254740992}"), T_FALSE);
	assert_int_equal(ev("equals: {fact: big.odd, value: 9007199254740993}"), T_TRUE);
	assert_int_equal(ev("at_least: {fact: big.odd, value: 9007199254740994}"), T_FALSE);
	assert_int_equal(ev("at_most: {fact: big.odd, value: 9007199254740992}"), T_FALSE);
	assert_int_equal(ev("in: {fact: big.odd, values: [9007199254740992]}"), T_FALSE);
	assert_int_equal(ev("none_of: {fact: big.odd, values: [9007199254740992]}"), T_TRUE);
	assert_int_equal(ev("at_least: {fact: big.max, value: 9223372036854775806}"), T_TRUE);
	assert_int_equal(ev("equals: {fact: big.max, value: 9223372036854775806}"), T_FALSE);
	/* a real 2^53 is not the integer 2^53 + 1, and 4.5 lies between 4 and 5 */
	assert_int_equal(ev("at_least: {fact: big.real, value: 9007199254740993}"), T_FALSE);
	assert_int_equal(ev("at_most: {fact: big.real, value: 9007199254740992}"), T_TRUE);
	assert_int_equal(ev("at_least: {fact: big.half, value: 5}"), T_FALSE);
	assert_int_equal(ev("at_least: {fact: big.half, value: 4}"), T_TRUE);
	assert_int_equal(ev("at_most: {fact: big.half, value: 4}"), T_FALSE);
}

/* A for_each item whose `where` cannot be decided (its field is missing,
 * say an encrypted image with no signature facts) is not skipped: unless
 * it meets the requirement anyway, the answer is unknown. */
static void
test_for_each_unknown_where(void **state)
{
	const char *y = "for_each: {fact: img.list, where: {equals: {fact: .signed, value: true}}, "
	    "require: {equals: {fact: .scheme, value: rsa}}}";
	struct fw_err err;
	struct ynode *n;
	struct pred *p;
	struct pred_ctx ctx = { .facts = F };

	fact_set(F, "img.list", json_pack("[{s:s,s:b,s:s},{s:s,s:b}]", "label", "ota_0",
	    "signed", 1, "scheme", "rsa", "label", "ota_1", "encrypted", 1), 0, NULL);
	n = ytree_load_string("t.yaml", y, strlen(y), &err);
	p = pred_compile(n, "t.yaml", &err);
	assert_non_null(p);
	ctx.evidence = json_array();
	ctx.missing = json_array();
	assert_int_equal(pred_eval(p, &ctx), T_UNKNOWN);
	/* the reason names the fields that were missing, through the list */
	assert_string_equal(json_string_value(json_array_get(ctx.missing, 0)), "img.list[].signed");
	assert_string_equal(json_string_value(json_array_get(ctx.missing, 1)), "img.list[].scheme");
	json_decref(ctx.evidence);
	json_decref(ctx.missing);
	pred_free(p);
	ytree_free(n);
	/* an item that meets the requirement whatever its `where` does not matter */
	assert_int_equal(ev("for_each: {fact: img.list, where: {equals: {fact: .signed, value: true}}, "
	    "require: {exists: .label}}"), T_TRUE);
	/* and one that is known to be excluded is skipped as before */
	assert_int_equal(ev("for_each: {fact: a.parts, where: {equals: {fact: .signed, value: true}}, "
	    "require: {equals: {fact: .label, value: ota_0}}}"), T_TRUE);
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

/* A list with items from two inputs (two units compared): the evidence
 * names both inputs and each failing item its own; an item the test cannot
 * decide is named among the missing evidence with its reason. */
static void
test_for_each_names_inputs_and_undecided_items(void **state)
{
	const char *y = "for_each: {fact: u.images, require: {equals: {fact: .ok, value: true}}}";
	struct fw_err err;
	struct ynode *n = ytree_load_string("t.yaml", y, strlen(y), &err);
	struct pred *p = pred_compile(n, "t.yaml", &err);
	struct pred_ctx ctx = { .facts = F };
	int in2 = facts_add_input(F, "u2", "test", "y", 1);
	json_t *e, *failing, *want;

	(void)state;
	fact_set(F, "u.images", json_pack("[{s:i,s:s,s:b},{s:i,s:s,s:b},{s:i,s:s,s:s}]",
	    "input", 0, "label", "ota_0", "ok", 1,
	    "input", in2, "label", "ota_0", "ok", 0,
	    "input", in2, "label", "ota_1", "reason", "truncated at 0x1a0000"), 0, NULL);
	assert_non_null(p);
	ctx.evidence = json_array();
	ctx.missing = json_array();
	assert_int_equal(pred_eval(p, &ctx), T_FALSE);
	e = json_array_get(ctx.evidence, 0);
	assert_null(json_object_get(e, "input"));	/* not the list's first contributor */
	want = json_pack("[i,i]", 0, in2);
	assert_true(json_equal(json_object_get(e, "inputs"), want));
	json_decref(want);
	failing = json_object_get(e, "failing");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(failing, 0), "input")), in2);
	/* The undecided item is named with its own reason, beside the
	 * field that was missing in it. */
	{
		bool named = false;
		size_t k;
		json_t *m;

		json_array_foreach(ctx.missing, k, m)
			named |= strcmp(json_string_value(m),
			    "u.images[2] ota_1: truncated at 0x1a0000") == 0;
		assert_true(named);
	}
	json_decref(ctx.evidence);
	json_decref(ctx.missing);
	pred_free(p);
	ytree_free(n);
}

/* The first evidence record of evaluating y, with the result in *r. */
static json_t *
first_evidence(const char *y, enum tri *r)
{
	struct fw_err err;
	struct ynode *n = ytree_load_string("t.yaml", y, strlen(y), &err);
	struct pred *p = pred_compile(n, "t.yaml", &err);
	struct pred_ctx ctx = { .facts = F };
	json_t *e;

	assert_non_null(p);
	ctx.evidence = json_array();
	ctx.missing = json_array();
	*r = pred_eval(p, &ctx);
	e = json_incref(json_array_get(ctx.evidence, 0));
	json_decref(ctx.evidence);
	json_decref(ctx.missing);
	pred_free(p);
	ytree_free(n);
	assert_non_null(e);
	return e;
}

/* Evidence under a `not` says so, so that reports read it the rule's way;
 * twice negated is plain again. */
static void
test_not_marks_evidence_negated(void **state)
{
	enum tri r;
	json_t *e;

	e = first_evidence("not: {for_each: {fact: a.parts, require: "
	    "{equals: {fact: .signed, value: true}}}}", &r);
	assert_int_equal(r, T_TRUE);
	assert_true(json_is_true(json_object_get(e, "negated")));
	assert_string_equal(json_string_value(json_object_get(e, "result")), "false");
	json_decref(e);
	e = first_evidence("not: {all: [{not: {equals: {fact: b.true, value: true}}}]}", &r);
	assert_int_equal(r, T_TRUE);
	assert_null(json_object_get(e, "negated"));
	json_decref(e);
	e = first_evidence("equals: {fact: b.true, value: true}", &r);
	assert_null(json_object_get(e, "negated"));
	json_decref(e);
}

/* Items a field is missing from are counted, not passed over in silence. */
static void
test_for_each_counts_unjudged_items(void **state)
{
	enum tri r;
	json_t *e;

	e = first_evidence("for_each: {fact: a.parts, require: {equals: {fact: .owner, "
	    "value: me}}}", &r);
	assert_int_equal(r, T_UNKNOWN);
	assert_int_equal(json_integer_value(json_object_get(e, "unknown")), 3);
	assert_int_equal(json_integer_value(json_object_get(e, "failed")), 0);
	json_decref(e);
	e = first_evidence("for_each: {fact: a.parts, require: {exists: .label}}", &r);
	assert_int_equal(r, T_TRUE);
	assert_null(json_object_get(e, "unknown"));
	json_decref(e);
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
	/* an integer that does not fit 64 bits would silently become a string */
	compile_error("at_least: {fact: a, value: 18446744073709551616}",
	    "r.yaml:1:28: 'at_least': 18446744073709551616 is out of range");
	compile_error("in: {fact: a, values: [1, -99999999999999999999]}", "out of range");
}

/* Why evidence is missing: a fact stored as null gives its excerpt; an
 * unknown item of a top-level for_each is named with its "reason" among the
 * missing; known ones give none. */
static void
test_why_missing(void **state)
{
	struct fw_err err;
	const char *y = "all: [{in: {fact: p.tcp_23, values: [open, closed]}}, "
	    "{for_each: {fact: a.logins, require: {equals: {fact: .complete, value: true}}}}, "
	    "{equals: {fact: b.true, value: true}}]";
	struct ynode *n = ytree_load_string("t.yaml", y, strlen(y), &err);
	struct pred *p = pred_compile(n, "t.yaml", &err);
	struct pred_ctx ctx = { .facts = F };
	int in = facts_add_live(F, "host:x", "network");

	(void)state;
	fact_set(F, "p.tcp_23", json_null(), in, loc_excerpt("tcp/23 not probed: --ports 1"));
	fact_set(F, "a.logins", json_pack("[{s:s,s:n,s:s},{s:s,s:b}]", "id", "tcp/21",
	    "complete", "reason", "3 of 30 credentials not tested", "id", "tcp/80",
	    "complete", 1), in, NULL);
	assert_non_null(p);
	ctx.missing = json_array();
	ctx.why = json_array();
	assert_int_equal(pred_eval(p, &ctx), T_UNKNOWN);
	assert_int_equal(json_array_size(ctx.why), 1);
	assert_string_equal(json_string_value(json_array_get(ctx.why, 0)),
	    "tcp/23 not probed: --ports 1");
	/* the unknown item names itself, with its reason, among the missing */
	{
		bool named = false;
		size_t k;
		json_t *m;

		json_array_foreach(ctx.missing, k, m)
			named |= strcmp(json_string_value(m),
			    "a.logins[0] tcp/21: 3 of 30 credentials not tested") == 0;
		assert_true(named);
	}
	json_decref(ctx.missing);
	json_decref(ctx.why);
	pred_free(p);
	ytree_free(n);
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
		cmocka_unit_test(test_numbers_compare_exactly),
		cmocka_unit_test(test_for_each_unknown_where),
		cmocka_unit_test(test_subset_and_none_of),
		cmocka_unit_test(test_all_any_not_kleene),
		cmocka_unit_test(test_for_each_reports_failing_items),
		cmocka_unit_test(test_for_each_names_inputs_and_undecided_items),
		cmocka_unit_test(test_not_marks_evidence_negated),
		cmocka_unit_test(test_for_each_counts_unjudged_items),
		cmocka_unit_test(test_why_missing),
		cmocka_unit_test(test_compile_errors_name_place),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
