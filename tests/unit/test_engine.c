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
"    provisions: {p: [\"2-1\"]}\n    require: {matches: {fact: declared.url, pattern: '^https://'}}\n"
/* Rules of profile q only: a rule naming a provision twice, rules the
 * profile lists again, rules whose evidence is missing. */
"  - id: R-Q2\n    title: t2\n    severity: low\n    rationale: r\n    remediation: m\n"
"    provisions: {q: [\"Q-1\", \"Q-4\"]}\n    require: {equals: {fact: x.off, value: true}}\n"
"  - id: R-Q1\n    title: t1\n    severity: high\n    rationale: r\n    remediation: m\n"
"    provisions: {q: [\"Q-1\", \"Q-1\"]}\n    require: {equals: {fact: x.on, value: true}}\n"
"  - id: R-Q3\n    title: t3\n    severity: medium\n    rationale: r\n    remediation: m\n"
"    provisions: {q: [\"Q-6\"]}\n    applies: {equals: {fact: gone.a, value: 1}}\n    require: {exists: x.on}\n"
"  - id: R-Q4\n    title: t4\n    severity: medium\n    rationale: r\n    remediation: m\n"
"    provisions: {q: [\"Q-6\"]}\n"
"    require: {all: [{equals: {fact: gone.b, value: 1}}, {exists: x.on}, {equals: {fact: gone.c, value: 2}}, {equals: {fact: gone.b, value: 3}}]}\n";

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

static const char *profile_q_yaml =
"id: q\ntitle: Q\nstandard: S\nversion: \"1\"\n"
"features:\n  g: {title: gadget, when: {equals: {fact: x.off, value: true}}}\n"
"  h: {title: hub, when: {equals: {fact: gone.h, value: true}}}\n"
"provisions:\n"
"  - {id: Q-1, title: a, status: M, rules: [R-Q2, R-NOPE, R-NOPE, R-Q1, R-PASS]}\n"
"  - {id: Q-2, title: b, status: \"MF(g)\", features: [h, g], rules: [R-Q1]}\n"
"  - {id: Q-3, title: c, status: \"MF(g)\", features: [g]}\n"
"  - {id: Q-4, title: d, status: M, clause: \"1 Clause\", note: n}\n"
"  - {id: Q-4, title: d2, status: M}\n"
"  - {id: Q-5, title: e, status: M, declarations: [url, nothing]}\n"
"  - {id: Q-6, title: f, status: R, features: [h]}\n";

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
	snprintf(p, sizeof(p), "%s/profiles/q.yaml", dir);
	write_file(p, profile_q_yaml);
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
run_at(struct facts *f, json_t *waivers, const char *fail_on, const char *version,
    const char *const *profiles, size_t nprofiles, time_t now)
{
	struct engine_opts o = { .profiles = profiles, .nprofiles = nprofiles,
	    .standard_version = version, .waivers = waivers, .fail_on = fail_on,
	    .now = now, .tool_version = "test" };
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

static json_t *
run_profiles(struct facts *f, json_t *waivers, const char *fail_on, const char *version,
    const char *const *profiles, size_t nprofiles)
{
	return run_at(f, waivers, fail_on, version, profiles, nprofiles,
	    1764028800 /* 2025-11-25 */);
}

static json_t *
run(struct facts *f, json_t *waivers, const char *fail_on, const char *version)
{
	static const char *const profiles[] = { "p" };

	return run_profiles(f, waivers, fail_on, version, profiles, 1);
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

/* The value as compact JSON with sorted keys, for whole-value comparison. */
static void
assert_json(const json_t *v, const char *want)
{
	char *got = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static const json_t *
profile_provision(const json_t *report, size_t profile, size_t k)
{
	return json_array_get(json_object_get(json_array_get(json_object_get(report,
	    "profiles"), profile), "provisions"), k);
}

static const char *
field(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
test_provision_rule_lists(void **state)
{
	static const char *const both[] = { "p", "q" };
	struct facts *f = make_facts(true, false);
	json_t *r = run_profiles(f, NULL, "high", "3", both, 2);
	const json_t *x;

	assert_json(json_object_get(r, "profile_ids"), "[\"p\",\"q\"]");
	/* Rules naming the provision, in rule order and once each, then the
	 * profile's own; one the ruleset lacks is not tested, severity info.
	 * A rule the profile lists is linked to the provision at load
	 * (core/profile_links.c), so R-PASS names Q-1 itself and comes in rule
	 * order, and its finding lists Q-1 under profile q. */
	x = profile_provision(r, 1, 0);
	assert_json(json_object_get(x, "rules"),
	    "[{\"id\":\"R-PASS\",\"severity\":\"high\",\"verdict\":\"pass\"},"
	    "{\"id\":\"R-Q2\",\"severity\":\"low\",\"verdict\":\"fail\"},"
	    "{\"id\":\"R-Q1\",\"severity\":\"high\",\"verdict\":\"pass\"},"
	    "{\"id\":\"R-NOPE\",\"severity\":\"info\",\"verdict\":\"not_tested\"}]");
	{
		size_t i;
		json_t *rr, *linked = NULL;

		json_array_foreach(json_object_get(r, "rules"), i, rr)
			if (strcmp(field(rr, "id"), "R-PASS") == 0)
				linked = json_object_get(json_object_get(rr, "provisions"), "q");
		assert_json(linked, "[\"Q-1\"]");
	}
	assert_json(json_object_get(x, "counts"), "{\"declared\":0,\"fail\":1,"
	    "\"not_applicable\":0,\"not_tested\":1,\"pass\":2,\"waived\":0}");
	assert_string_equal(field(x, "reason"), "1 of 4 rules fail");
	assert_string_equal(field(x, "verdict"), "fail");
	/* Feature h is unknown (present), g known absent: not applicable, for
	 * every provision that needs g. */
	x = profile_provision(r, 1, 1);
	assert_string_equal(field(x, "verdict"), "not_applicable");
	assert_string_equal(field(x, "reason"), "not applicable: feature (g) \"gadget\" is absent");
	assert_json(json_object_get(x, "rules"), "[]");
	assert_json(json_object_get(x, "declarations"), "[]");
	x = profile_provision(r, 1, 2);
	assert_string_equal(field(x, "reason"), "not applicable: feature (g) \"gadget\" is absent");
	/* Two provisions with one id: each gets the rules naming it. */
	x = profile_provision(r, 1, 3);
	assert_string_equal(field(x, "title"), "d");
	assert_string_equal(field(x, "clause"), "1 Clause");
	assert_string_equal(field(x, "note"), "n");
	assert_json(json_object_get(x, "rules"),
	    "[{\"id\":\"R-Q2\",\"severity\":\"low\",\"verdict\":\"fail\"}]");
	x = profile_provision(r, 1, 4);
	assert_string_equal(field(x, "title"), "d2");
	assert_null(json_object_get(x, "clause"));
	assert_json(json_object_get(x, "rules"),
	    "[{\"id\":\"R-Q2\",\"severity\":\"low\",\"verdict\":\"fail\"}]");
	/* Declarations: one given, one not. */
	x = profile_provision(r, 1, 5);
	assert_json(json_object_get(x, "declarations"),
	    "[{\"input\":1,\"key\":\"url\",\"loc\":{\"line\":1},"
	    "\"value\":\"https://example.com/psirt\"},{\"key\":\"nothing\",\"value\":null}]");
	assert_string_equal(field(x, "verdict"), "not_tested");
	assert_string_equal(field(x, "reason"),
	    "evidence incomplete: 1 not tested (missing inputs or declarations), 0 pass");
	x = profile_provision(r, 1, 6);
	assert_string_equal(field(x, "reason"), "evidence incomplete: 2 not tested "
	    "(missing inputs or declarations), 0 pass");
	assert_json(json_object_get(json_array_get(json_object_get(r, "profiles"), 1), "summary"),
	    "{\"declared\":0,\"fail\":3,\"not_applicable\":2,\"not_tested\":2,"
	    "\"pass\":0,\"waived\":0}");
	/* Profile p is judged as before alongside q. */
	assert_string_equal(field(profile_provision(r, 0, 1), "verdict"), "fail");
	json_decref(r);
	facts_free(f);
}


/* A scratch rules directory (rules file r.yaml, profile profiles/z.yaml);
 * ruleset_load's result. */
static int
load_scratch(const char *rules, const char *profile, struct ruleset **rs,
    struct fw_err *err)
{
	char d[64], p[128], cmd[128];
	int rc;

	strcpy(d, "/tmp/fwaudit-scratch-XXXXXX");
	assert_non_null(mkdtemp(d));
	snprintf(p, sizeof(p), "%s/profiles", d);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/r.yaml", d);
	write_file(p, rules);
	snprintf(p, sizeof(p), "%s/profiles/z.yaml", d);
	write_file(p, profile);
	rc = ruleset_load(rs, d, NULL, err);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", d);
	assert_int_equal(system(cmd), 0);
	return rc;
}

#define RULE_HEAD(id) "  - id: " id "\n    title: t\n    severity: high\n    rationale: r\n    remediation: m\n"

/* A provision ID the profile lacks would drop the finding out of the
 * conformance table: a load error at the place the rule names it. */
static void
test_unknown_provision_is_a_load_error(void **state)
{
	struct ruleset *rs = NULL;
	struct fw_err err = { .msg = "" };

	assert_int_not_equal(load_scratch("rules:\n" RULE_HEAD("R-1")
	    "    provisions: {z: [Z-1, Z-7]}\n    require: {exists: x.on}\n",
	    "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\nprovisions:\n"
	    "  - {id: Z-1, title: a, status: M}\n", &rs, &err), 0);
	assert_null(rs);
	if (strstr(err.msg, "r.yaml:7:27: rule R-1 names provision 'Z-7', which profile 'z' "
	    "does not have") == NULL)
		fail_msg("%s", err.msg);
	/* a rule for a profile that is not loaded is left alone (lint warns) */
	assert_int_equal(load_scratch("rules:\n" RULE_HEAD("R-1")
	    "    provisions: {z: [Z-1], iso: [A.1]}\n    require: {exists: x.on}\n",
	    "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\nprovisions:\n"
	    "  - {id: Z-1, title: a, status: M}\n", &rs, &err), 0);
	ruleset_free(rs);
	/* a profile's requires: naming a rule nobody defines is an error too */
	rs = NULL;
	assert_int_not_equal(load_scratch("rules:\n" RULE_HEAD("R-1")
	    "    provisions: {z: [Z-1]}\n    require: {exists: x.on}\n",
	    "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\nprovisions:\n"
	    "  - id: Z-1\n    title: a\n    status: M\n    requires:\n"
	    "      - {evidence: the thing, rules: [R-1, R-GONE]}\n", &rs, &err), 0);
	if (strstr(err.msg, "z.yaml:10:9: provision Z-1 requires rule R-GONE") == NULL)
		fail_msg("%s", err.msg);
	assert_int_not_equal(load_scratch("rules:\n" RULE_HEAD("R-1")
	    "    provisions: {z: [Z-1]}\n    require: {exists: x.on}\n",
	    "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\nprovisions:\n"
	    "  - id: Z-1\n    title: a\n    status: M\n    requires:\n"
	    "      - {evidence: the thing}\n", &rs, &err), 0);
	if (strstr(err.msg, "needs 'rules'") == NULL)
		fail_msg("%s", err.msg);
}

/* A pass needs each kind of evidence the profile requires: rules that
 * pass or do not apply are not enough when the one that shows the
 * provision's point did not apply. */
static void
test_requires_needs_evidence(void **state)
{
	static const char *rules =
	    "rules:\n" RULE_HEAD("R-MECH")
	    "    provisions: {z: [Z-1, Z-2]}\n    require: {equals: {fact: x.on, value: true}}\n"
	    RULE_HEAD("R-AUTH")
	    "    provisions: {z: [Z-1]}\n    applies: {equals: {fact: x.off, value: true}}\n"
	    "    require: {equals: {fact: x.on, value: true}}\n"
	    RULE_HEAD("R-OTHER")
	    "    provisions: {z: [Z-3]}\n    require: {equals: {fact: x.on, value: true}}\n";
	static const char *profile =
	    "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\nprovisions:\n"
	    "  - id: Z-1\n    title: a\n    status: M\n"
	    "    evidence_basis: a mechanism and an authenticity check\n"
	    "    requires:\n"
	    "      - {evidence: a mechanism, rules: [R-MECH]}\n"
	    "      - {evidence: an authenticity check, rules: [R-AUTH]}\n"
	    "  - id: Z-2\n    title: b\n    status: M\n"
	    "    requires:\n      - {evidence: a mechanism, rules: [R-MECH]}\n"
	    /* a required rule that does not name the provision still counts for it */
	    "  - id: Z-3\n    title: c\n    status: M\n"
	    "    requires:\n      - {evidence: either, rules: [R-AUTH, R-MECH]}\n";
	static const char *const ids[] = { "z" };
	struct engine_opts o = { .profiles = ids, .nprofiles = 1, .fail_on = "high",
	    .now = 1764028800, .tool_version = "test" };
	struct facts *f = make_facts(false, false);
	struct ruleset *rs;
	struct fw_err err;
	const json_t *x;
	json_t *r;

	if (load_scratch(rules, profile, &rs, &err) != 0)
		fail_msg("%s", err.msg);
	r = engine_run(rs, f, &o, &err);
	assert_non_null(r);
	assert_string_equal(rule_verdict(r, "R-MECH"), "pass");
	assert_string_equal(rule_verdict(r, "R-AUTH"), "not_applicable");
	x = profile_provision(r, 0, 0);
	assert_string_equal(field(x, "verdict"), "not_tested");
	assert_string_equal(field(x, "reason"), "evidence incomplete: no rule showed "
	    "an authenticity check (R-AUTH not_applicable)");
	assert_string_equal(field(x, "evidence_basis"), "a mechanism and an authenticity check");
	assert_json(json_object_get(x, "requires"),
	    "[{\"evidence\":\"a mechanism\",\"met\":true,\"rules\":[\"R-MECH\"]},"
	    "{\"evidence\":\"an authenticity check\",\"met\":false,\"rules\":[\"R-AUTH\"]}]");
	x = profile_provision(r, 0, 1);
	assert_string_equal(field(x, "verdict"), "pass");
	assert_null(json_object_get(x, "evidence_basis"));
	x = profile_provision(r, 0, 2);
	assert_string_equal(field(x, "verdict"), "pass");
	assert_json(json_object_get(x, "rules"),
	    "[{\"id\":\"R-OTHER\",\"severity\":\"high\",\"verdict\":\"pass\"},"
	    "{\"id\":\"R-AUTH\",\"severity\":\"high\",\"verdict\":\"not_applicable\"},"
	    "{\"id\":\"R-MECH\",\"severity\":\"high\",\"verdict\":\"pass\"}]");
	json_decref(r);
	ruleset_free(rs);
	facts_free(f);
}

/* unreadable_if: evidence that is ciphertext decides nothing, not even
 * whether the rule applies (false && unknown would say not_applicable). */
static void
test_unreadable_is_not_tested(void **state)
{
	static const char *rules =
	    "rules:\n" RULE_HEAD("R-IMG")
	    "    provisions: {z: [Z-1]}\n"
	    "    applies:\n      all:\n"
	    "        - unreadable_if: {equals: {fact: img.encrypted, value: true}}\n"
	    "        - {equals: {fact: img.role, value: app}}\n"
	    "    require: {equals: {fact: x.on, value: true}}\n";
	static const char *profile = "id: z\ntitle: Z\nstandard: S\nversion: \"1\"\n"
	    "provisions:\n  - {id: Z-1, title: a, status: M}\n";
	struct ruleset *rs;
	struct fw_err err;
	struct facts *f = make_facts(false, false);
	json_t *res;

	if (load_scratch(rules, profile, &rs, &err) != 0)
		fail_msg("%s", err.msg);
	fact_set_bool(f, "img.encrypted", true, 0, NULL);
	fact_set_str(f, "img.role", "bootloader", 0, NULL);
	assert_int_equal(engine_judge_rule(rs->rules[0], f, &res), V_NOT_TESTED);
	if (strstr(field(res, "reason"), "unreadable") == NULL)
		fail_msg("%s", field(res, "reason"));
	json_decref(res);
	facts_free(f);
	/* readable and not an app: not applicable, as before */
	f = make_facts(false, false);
	fact_set_bool(f, "img.encrypted", false, 0, NULL);
	fact_set_str(f, "img.role", "bootloader", 0, NULL);
	assert_int_equal(engine_judge_rule(rs->rules[0], f, &res), V_NOT_APPLICABLE);
	json_decref(res);
	facts_free(f);
	ruleset_free(rs);
}

static void
test_missing_evidence_reasons(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "3"), *rule = NULL, *x;
	size_t i;

	json_array_foreach(json_object_get(r, "rules"), i, x) {
		if (!strcmp(field(x, "id"), "R-Q3"))
			assert_string_equal(field(x, "reason"),
			    "not tested: missing evidence (gone.a)");
		if (!strcmp(field(x, "id"), "R-Q4"))
			rule = x;
	}
	assert_non_null(rule);
	/* Each missing fact once, in the order first read. */
	assert_string_equal(field(rule, "reason"),
	    "not tested: missing evidence (gone.b, gone.c)");
	assert_json(json_object_get(rule, "missing"), "[\"gone.b\",\"gone.c\"]");
	assert_string_equal(field(rule, "severity"), "medium");
	assert_int_equal(json_integer_value(json_object_get(rule, "line")), 67);
	assert_non_null(strstr(field(rule, "file"), "/r.yaml"));
	json_decref(r);
	facts_free(f);
}

/* The reason names the missing facts, cut at 1023 bytes like snprintf. */
static void
test_missing_reason_is_cut(void **state)
{
	char path[128], rules[8192] = "rules:\n  - id: R-LONG\n    title: t\n"
	    "    severity: low\n    rationale: r\n    remediation: m\n"
	    "    provisions: {p: [\"9-9\"]}\n    require:\n      all:\n";
	char want[4096] = "not tested: missing evidence (";
	struct ruleset *rs;
	struct fw_err err;
	struct facts *f = make_facts(true, true);
	json_t *res;

	for (int i = 0; i < 20; i++) {
		char fact[128];

		snprintf(fact, sizeof(fact), "missing.fact_number_%02d_with_a_long_name_to_fill"
		    "_the_reason_beyond_its_buffer", i);
		snprintf(rules + strlen(rules), sizeof(rules) - strlen(rules),
		    "        - {equals: {fact: %s, value: 1}}\n        - {equals: {fact: %s, value: 2}}\n",
		    fact, fact);
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", i ? ", " : "", fact);
	}
	strcat(want, ")");
	want[1023] = '\0';
	snprintf(path, sizeof(path), "%s/long.yaml", dir);
	write_file(path, rules);
	rs = ruleset_new();
	if (ruleset_add_file(rs, path, &err) != 0)
		fail_msg("%s", err.msg);
	unlink(path);
	assert_int_equal(engine_judge_rule(rs->rules[0], f, &res), V_NOT_TESTED);
	assert_string_equal(field(res, "reason"), want);
	assert_int_equal(json_array_size(json_object_get(res, "missing")), 20);
	assert_int_equal(json_array_size(json_object_get(res, "evidence")), 40);
	json_decref(res);
	ruleset_free(rs);
	facts_free(f);
}

/* Nothing missing as a whole, yet not judged: the reason says why, never
 * "missing evidence ()". */
static void
judge_one(const char *name, const char *rules, struct facts *f, json_t **res)
{
	char path[128];
	struct ruleset *rs = ruleset_new();
	struct fw_err err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	write_file(path, rules);
	if (ruleset_add_file(rs, path, &err) != 0)
		fail_msg("%s", err.msg);
	unlink(path);
	assert_int_equal(engine_judge_rule(rs->rules[0], f, res), V_NOT_TESTED);
	ruleset_free(rs);
}

static void
test_not_tested_without_missing_fact(void **state)
{
	const char *head = "rules:\n  - id: R-ITEMS\n    title: t\n    severity: low\n"
	    "    rationale: r\n    remediation: m\n    provisions: {p: [\"9-9\"]}\n";
	char rules[1024];
	struct facts *f = make_facts(true, true);
	json_t *res;

	fact_set(f, "list.parts", json_pack("[{s:s},{s:s,s:s}]", "label", "a", "label", "b",
	    "owner", "me"), 0, NULL);
	snprintf(rules, sizeof(rules), "%s    require: {for_each: {fact: list.parts, require: "
	    "{equals: {fact: .owner, value: me}}}}\n", head);
	judge_one("items.yaml", rules, f, &res);
	/* the field the items lack is named through its list, never "()" */
	assert_int_equal(json_array_size(json_object_get(res, "missing")), 1);
	assert_string_equal(field(res, "reason"),
	    "not tested: missing evidence (list.parts[].owner)");
	json_decref(res);
	facts_free(f);
}

static void
test_report_shape(void **state)
{
	struct facts *f = make_facts(true, true);
	json_t *r = run(f, NULL, "high", "3");
	json_t *sum = json_object_get(r, "summary");
	char *s;

	/* SARIF prints the rule counts as they are: verdict order, not sorted. */
	s = json_dumps(json_object_get(sum, "rules"), JSON_COMPACT);
	assert_string_equal(s, "{\"pass\":2,\"fail\":3,\"not_applicable\":1,"
	    "\"not_tested\":3,\"declared\":1,\"waived\":0}");
	free(s);
	assert_int_equal(json_integer_value(json_object_get(sum, "failing_at_or_above_threshold")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "exit_status")), 1);
	assert_string_equal(field(json_object_get(r, "tool"), "name"), "fwaudit");
	assert_string_equal(field(json_object_get(r, "tool"), "version"), "test");
	assert_int_equal(strlen(field(json_object_get(r, "tool"), "ruleset_digest")), 64);
	assert_null(json_object_get(r, "ruleset_digest"));
	assert_string_equal(field(r, "generated_at"), "2025-11-25T00:00:00Z");
	assert_string_equal(field(r, "standard_version"), "3");
	assert_string_equal(field(r, "fail_on"), "high");
	assert_int_equal(json_integer_value(json_object_get(r, "schema_version")), 1);
	assert_ptr_equal(json_object_get(r, "facts"), f->map);
	assert_ptr_equal(json_object_get(r, "inputs"), f->inputs);
	assert_json(json_object_get(r, "waivers"), "[]");
	assert_json(json_object_get(r, "profile_ids"), "[\"p\"]");
	json_decref(r);
	facts_free(f);
}

/* The report's time is UTC, as gmtime gives it, across leap days and
 * centuries; waivers expire by its date. */
static void
test_generated_at_is_utc(void **state)
{
	static const char *const profiles[] = { "p" };
	static const time_t times[] = { 0, 59, 86399, 86400, 951782399, 951782400,
	    951868800, 1709164800, 1764028800, 4107456000, 4107542400, 4102444799,
	    13569465600, 253402300799 };
	struct facts *f = make_facts(true, true);
	json_t *w = waivers("waivers:\n"
	    "  - {rule: R-FAIL, justification: j, approver: a, expires: 2000-02-29}\n");
	unsigned seed = 7;

	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]) + 200; i++) {
		time_t t = i < sizeof(times) / sizeof(times[0]) ? times[i] :
		    (time_t)((unsigned long long)rand_r(&seed) * 119 % 253402300800ULL);
		char want[64];
		struct tm tm;
		json_t *r = run_at(f, w, "high", "3", profiles, 1, t);

		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		assert_string_equal(field(r, "generated_at"), want);
		/* Expires at the end of its day. */
		assert_string_equal(rule_verdict(r, "R-FAIL"), t < 951868800 ? "waived" : "fail");
		json_decref(r);
	}
	json_decref(w);
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
		cmocka_unit_test(test_provision_rule_lists),
		cmocka_unit_test(test_missing_evidence_reasons),
		cmocka_unit_test(test_missing_reason_is_cut),
		cmocka_unit_test(test_not_tested_without_missing_fact),
		cmocka_unit_test(test_report_shape),
		cmocka_unit_test(test_generated_at_is_utc),
		cmocka_unit_test(test_unknown_provision_is_a_load_error),
		cmocka_unit_test(test_requires_needs_evidence),
		cmocka_unit_test(test_unreadable_is_not_tested),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
