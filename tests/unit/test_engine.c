/* Verdicts, roll-up per provision, waivers, declarations, exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/ruleset.h"
#include "core/waivers.h"

static char dir[64];

static const char *rules_yaml =
"rules:\n"
"  - id: R-PASS\n    title: t\n    severity: high\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"1-1\"]}\n    require: {equals: {fact: x.on, value: true}}\n"
"  - id: R-FAIL\n    title: t\n    severity: high\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"1-2\"]}\n    require: {equals: {fact: x.off, value: true}}\n"
"  - id: R-LOW-FAIL\n    title: t\n    severity: low\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"1-2\"]}\n    require: {equals: {fact: x.off, value: true}}\n"
"  - id: R-NA\n    title: t\n    severity: high\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"1-3\"]}\n    applies: {equals: {fact: x.off, value: true}}\n"
"    require: {exists: nothing}\n"
"  - id: R-MISSING\n    title: t\n    severity: critical\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"1-1\"]}\n    require: {equals: {fact: absent.fact, value: true}}\n"
"  - id: R-DECL\n    title: t\n    severity: medium\n    rationale: r\n    remediation: m\n"
"    provisions: {p: [\"2-1\"]}\n    require: {matches: {fact: declared.url, pattern: '^https://'}}\n";

static const char *profile_yaml =
"id: p\ntitle: T\nstandard: S\nversion: \"3\"\nalias_version: \"2\"\n"
"features:\n  q: {title: debug, when: {not: {equals: {fact: declared.features.debug, value: false}}}}\n"
"provisions:\n"
"  - {id: \"1-1\", alias: \"1-1\", title: a, status: M}\n"
"  - {id: \"1-2\", alias: \"1-2\", title: b, status: M}\n"
"  - {id: \"1-3\", title: c, status: R}\n"
"  - {id: \"2-1\", alias: \"2-1\", title: d, status: M, declarations: [url]}\n"
"  - {id: \"3-1\", alias: \"3-1\", title: e, status: \"MF(q)\", features: [q], rules: [R-FAIL]}\n"
"  - {id: \"4-1\", alias: \"4-1\", title: f, status: M}\n";

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int
setup(void **state)
{
	char p[128];

	strcpy(dir, "/tmp/fwaudit-engine-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/profiles", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/r.yaml", dir);
	write_file(p, rules_yaml);
	snprintf(p, sizeof(p), "%s/profiles/p.yaml", dir);
	write_file(p, profile_yaml);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct facts *
make_facts(bool with_decl, bool debug_feature)
{
	struct facts *f = facts_new();
	int in = facts_add_input(f, "dev/sdkconfig", "sdkconfig", "x", 1);

	fact_set_bool(f, "x.on", true, in, loc_line(3));
	fact_set_bool(f, "x.off", false, in, loc_line(4));
	if (with_decl) {
		int d = facts_add_input(f, "vendor.yaml", "declarations", "y", 1);

		fact_set_str(f, "declared.url", "https://example.com/psirt", d, loc_line(1));
		if (!debug_feature)
			fact_set_bool(f, "declared.features.debug", false, d, loc_line(2));
	}
	return f;
}

static json_t *
run(struct facts *f, json_t *waivers, const char *fail_on, const char *version)
{
	const char *profiles[] = { "p" };
	struct engine_opts o = { .profiles = profiles, .nprofiles = 1,
	    .standard_version = version, .waivers = waivers, .fail_on = fail_on,
	    .now = 1764028800 /* 2025-11-25 */, .tool_version = "test" };
	struct ruleset *rs;
	struct fw_err err;
	json_t *report;

	if (ruleset_load(&rs, dir, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	report = engine_run(rs, f, &o, &err);
	ruleset_free(rs);
	assert_non_null(report);
	return report;
}

static const char *
rule_verdict(json_t *report, const char *id)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(report, "rules"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "id")), id))
			return json_string_value(json_object_get(r, "verdict"));
	fail_msg("no rule %s", id);
	return NULL;
}

static json_t *
provision(json_t *report, const char *id)
{
	json_t *list = json_object_get(json_array_get(json_object_get(report, "profiles"), 0),
	    "provisions"), *p;
	size_t i;

	json_array_foreach(list, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "id")), id))
			return p;
	return NULL;
}

static const char *
prov_verdict(json_t *report, const char *id)
{
	json_t *p = provision(report, id);

	if (p == NULL)
		fail_msg("no provision %s", id);
	return json_string_value(json_object_get(p, "verdict"));
}

static void
test_rule_verdicts(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "3");

	assert_string_equal(rule_verdict(r, "R-PASS"), "pass");
	assert_string_equal(rule_verdict(r, "R-FAIL"), "fail");
	assert_string_equal(rule_verdict(r, "R-NA"), "not_applicable");
	assert_string_equal(rule_verdict(r, "R-MISSING"), "not_tested");
	/* a rule that reads only declarations is declared, never pass */
	assert_string_equal(rule_verdict(r, "R-DECL"), "declared");
	json_decref(r);
	facts_free(f);
}

static void
test_missing_declaration_is_not_tested(void **state)
{
	struct facts *f = make_facts(false, true);
	json_t *r = run(f, NULL, "high", "3");

	assert_string_equal(rule_verdict(r, "R-DECL"), "not_tested");
	assert_string_equal(prov_verdict(r, "2-1"), "not_tested");
	json_decref(r);
	facts_free(f);
}

static void
test_rollup(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "3");

	/* pass + not_tested: evidence incomplete, never pass */
	assert_string_equal(prov_verdict(r, "1-1"), "not_tested");
	assert_string_equal(prov_verdict(r, "1-2"), "fail");
	assert_string_equal(prov_verdict(r, "1-3"), "not_applicable");
	assert_string_equal(prov_verdict(r, "2-1"), "declared");
	/* feature present (undeclared), profile-listed rule fails */
	assert_string_equal(prov_verdict(r, "3-1"), "fail");
	/* no rules, no declarations: needs a lab */
	assert_string_equal(prov_verdict(r, "4-1"), "not_tested");
	json_decref(r);
	facts_free(f);
}

static void
test_feature_absent_is_not_applicable(void **state)
{
	struct facts *f = make_facts(true, false);
	json_t *r = run(f, NULL, "high", "3");
	const char *reason = json_string_value(json_object_get(provision(r, "3-1"), "reason"));

	assert_string_equal(prov_verdict(r, "3-1"), "not_applicable");
	assert_non_null(strstr(reason, "debug"));
	json_decref(r);
	facts_free(f);
}

static void
test_fail_on_threshold(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "3");

	assert_int_equal(report_exit_status(r), 1);
	json_decref(r);
	r = run(f, NULL, "critical", "3");	/* the only critical rule is not_tested */
	assert_int_equal(report_exit_status(r), 0);
	json_decref(r);
	r = run(f, NULL, "none", "3");
	assert_int_equal(report_exit_status(r), 0);
	json_decref(r);
	facts_free(f);
}

static json_t *
waivers(const char *text)
{
	char path[128];
	struct fw_err err;
	json_t *w;

	snprintf(path, sizeof(path), "%s/profiles/../w.yml", dir);
	write_file(path, text);
	w = waivers_load(path, &err);
	if (w == NULL)
		fail_msg("%s", err.msg);
	return w;
}

static void
test_waiver_applies_and_expires(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *w = waivers("waivers:\n"
	    "  - {rule: R-FAIL, justification: fixed in 2.0, approver: QA, expires: 2026-01-31}\n"
	    "  - {rule: R-LOW-FAIL, justification: old, approver: QA, expires: 2025-01-01}\n"
	    "  - {rule: R-PASS, justification: never used, approver: QA, expires: 2030-01-01}\n");
	json_t *r = run(f, w, "low", "3");
	json_t *rw = json_object_get(r, "waivers");

	assert_string_equal(rule_verdict(r, "R-FAIL"), "waived");
	/* an expired waiver has no effect and is reported as expired */
	assert_string_equal(rule_verdict(r, "R-LOW-FAIL"), "fail");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rw, 0), "status")), "applied");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rw, 1), "status")), "expired");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rw, 2), "status")), "unused");
	/* R-LOW-FAIL still fails at or above low */
	assert_int_equal(report_exit_status(r), 1);
	json_decref(r);
	json_decref(w);
	facts_free(f);
}

static void
test_waiver_input_match(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *w = waivers("waivers:\n"
	    "  - {rule: R-FAIL, input: 'other/*', justification: j, approver: a, expires: 2030-01-01}\n"
	    "  - {rule: R-LOW-FAIL, input: '*/sdkconfig', justification: j, approver: a, expires: 2030-01-01}\n");
	json_t *r = run(f, w, "high", "3");

	assert_string_equal(rule_verdict(r, "R-FAIL"), "fail");
	assert_string_equal(rule_verdict(r, "R-LOW-FAIL"), "waived");
	json_decref(r);
	json_decref(w);
	facts_free(f);
}

static void
test_waiver_file_errors(void **state)
{
	char path[128];
	struct fw_err err;

	snprintf(path, sizeof(path), "%s/bad.yml", dir);
	write_file(path, "waivers:\n  - {rule: R, approver: a, expires: 2030-01-01}\n");
	assert_null(waivers_load(path, &err));
	assert_non_null(strstr(err.msg, "justification"));
	write_file(path, "waivers:\n  - {rule: R, justification: j, approver: a, expires: soon}\n");
	assert_null(waivers_load(path, &err));
	assert_non_null(strstr(err.msg, ":2:"));
	assert_non_null(strstr(err.msg, "not a date"));
}

static void
test_alias_version_ids(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "2");

	/* provisions without an alias are left out in the alias version */
	assert_null(provision(r, "1-3"));
	assert_non_null(provision(r, "1-1"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(r, "profiles"), 0), "version")), "2");
	json_decref(r);
	facts_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_verdicts),
		cmocka_unit_test(test_missing_declaration_is_not_tested),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_feature_absent_is_not_applicable),
		cmocka_unit_test(test_fail_on_threshold),
		cmocka_unit_test(test_waiver_applies_and_expires),
		cmocka_unit_test(test_waiver_input_match),
		cmocka_unit_test(test_waiver_file_errors),
		cmocka_unit_test(test_alias_version_ids),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
