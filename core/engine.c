#include "core/engine.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/needs.h"
#include "core/rollup.h"
#include "core/waivers.h"

time_t
report_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s != NULL && *s != '\0') {
		v = strtoll(s, &end, 10);
		if (*end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* now as "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
struct utc_stamp {
	char day[48], stamp[96];
};

static void
utc_stamp(time_t now, struct utc_stamp *out)
{
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(out->day, sizeof(out->day), "%Y-%m-%d", &tm);
	strftime(out->stamp, sizeof(out->stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends s to buf[len] at *at, cut as snprintf cuts. */
static void
append(char *buf, size_t len, size_t *at, const char *s)
{
	size_t n = strlen(s);

	if (*at + 1 >= len)
		return;
	if (n > len - 1 - *at)
		n = len - 1 - *at;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
}

/* "not tested: " and why, when the facts say ("tcp/23 not probed; "), then
 * "missing evidence (a, b)", cut to the buffer. A fact that says why is
 * among the missing, and so is a field some list items lack ("list[].field",
 * core/predicate.c): with nothing missing, all there is to say is that the
 * facts could not decide (a for_each nested deeper than the engine follows). */
static json_t *
missing_reason(const json_t *missing, bool unreadable, const json_t *why)
{
	char reason[1024] = "";
	size_t at = 0, i;
	json_t *v;

	if (json_array_size(missing) == 0)
		return json_string("not tested: the facts gathered could not decide "
		    "this rule (no fact is missing as a whole; see the evidence)");
	/* What the facts say about why (tcp/23 not probed) reads first: the
	 * list of missing names can be long enough to be cut. */
	append(reason, sizeof(reason), &at, "not tested: ");
	json_array_foreach(why, i, v) {
		append(reason, sizeof(reason), &at, json_string_value(v));
		append(reason, sizeof(reason), &at, "; ");
	}
	append(reason, sizeof(reason), &at, unreadable ? "evidence unreadable "
	    "(ciphertext) or missing (" : "missing evidence (");
	json_array_foreach(missing, i, v) {
		if (i > 0)
			append(reason, sizeof(reason), &at, ", ");
		append(reason, sizeof(reason), &at, json_string_value(v));
	}
	append(reason, sizeof(reason), &at, ")");
	return json_string(reason);
}

static void
set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

static enum verdict
judge_rule(const struct rule *r, const struct facts *f, json_t **out)
{
	struct pred_ctx ctx = { .facts = f };
	json_t *res, *reason;
	enum verdict v;
	enum tri t = T_TRUE;

	ctx.evidence = json_array();
	ctx.missing = json_array();
	ctx.why = json_array();
	if (r->applies != NULL)
		t = pred_eval(r->applies, &ctx);
	/* Evidence that is ciphertext decides nothing, not even whether
	 * the rule applies: Kleene's false && unknown would say n/a. */
	if (ctx.unreadable)
		t = T_UNKNOWN;
	if (t == T_FALSE)
		v = V_NOT_APPLICABLE;
	else if (t == T_UNKNOWN)
		v = V_NOT_TESTED;
	else if ((t = pred_eval(r->require, &ctx)) == T_TRUE && !ctx.unreadable)
		v = r->declaration_only ? V_DECLARED : V_PASS;
	else
		v = t == T_FALSE && !ctx.unreadable ? V_FAIL : V_NOT_TESTED;
	switch (v) {
	case V_NOT_APPLICABLE:
		reason = json_string("does not apply: its applies-condition is false for these inputs");
		break;
	case V_DECLARED:
		reason = json_string("declared by the vendor (not verified by a test)");
		break;
	case V_PASS:
		reason = json_string("the evidence meets the requirement");
		break;
	case V_FAIL:
		reason = json_string("the evidence does not meet the requirement");
		break;
	default:
		reason = missing_reason(ctx.missing, ctx.unreadable, ctx.why);
		break;
	}
	json_decref(ctx.why);
	res = json_object();
	set(res, "declaration_only", json_boolean(r->declaration_only));
	set(res, "evidence", ctx.evidence);
	set(res, "file", json_string(r->file));
	set(res, "id", json_string(r->id));
	set(res, "line", json_integer((json_int_t)r->line));
	set(res, "missing", ctx.missing);
	/* Only the untested say what would complete them: cheap, and only here. */
	if (v == V_NOT_TESTED)
		set(res, "needs", needs_json(needs_of_rule(ctx.missing, ctx.evidence)));
	set(res, "provisions", json_incref(r->provisions));
	set(res, "rationale", json_string(r->rationale));
	set(res, "reason", reason);
	set(res, "references", json_incref(r->references));
	set(res, "remediation", json_string(r->remediation));
	set(res, "severity", json_string(severity_name(r->severity)));
	set(res, "title", json_string(r->title));
	set(res, "ts103701", json_incref(r->ts103701));
	set(res, "verdict", json_string(verdict_name(v)));
	*out = res;
	return v;
}

enum verdict
engine_judge_rule(const struct rule *r, const struct facts *f, json_t **out)
{
	return judge_rule(r, f, out);
}

/* The inputs a rule's evidence came from (paths), for waiver matching. */
static int
evidence_matches_input(const json_t *rule, const json_t *inputs, const char *glob)
{
	size_t i;
	json_t *ev;

	json_array_foreach(json_object_get(rule, "evidence"), i, ev) {
		json_t *in = json_object_get(ev, "input");
		json_t *rec;
		const char *path;

		if (!json_is_integer(in))
			continue;
		rec = json_array_get(inputs, (size_t)json_integer_value(in));
		path = json_string_value(json_object_get(rec, "path"));
		if (path == NULL)
			path = json_string_value(json_object_get(rec, "live"));
		if (path != NULL && fnmatch(glob, path, 0) == 0)
			return 1;
	}
	return 0;
}

static void
apply_waivers(json_t *rule, const char *id, enum verdict *v, json_t *waivers,
    const json_t *inputs, const char *today)
{
	size_t i;
	json_t *w;

	json_array_foreach(waivers, i, w) {
		const char *glob = json_string_value(json_object_get(w, "input"));

		if (strcmp(json_string_value(json_object_get(w, "rule")), id) != 0)
			continue;
		if (!waiver_current(w, today)) {
			json_object_set_new(w, "status", json_string("expired"));
			continue;
		}
		if (*v != V_FAIL)
			continue;
		if (glob != NULL && !evidence_matches_input(rule, inputs, glob))
			continue;
		*v = V_WAIVED;
		json_object_set_new(w, "status", json_string("applied"));
		json_object_set_new(rule, "verdict", json_string("waived"));
		json_object_set_new(rule, "waiver", json_pack("{s:O, s:O, s:O}",
		    "justification", json_object_get(w, "justification"),
		    "approver", json_object_get(w, "approver"),
		    "expires", json_object_get(w, "expires")));
		return;
	}
}

json_t *
engine_run(const struct ruleset *rs, const struct facts *f,
    const struct engine_opts *o, struct fw_err *err)
{
	static const char *const default_profile = "etsi-en-303-645";
	const char *const *ids = o->nprofiles ? o->profiles : &default_profile;
	size_t nids = o->nprofiles ? o->nprofiles : 1;
	struct rollup *ru = NULL;
	json_t **results = NULL, *report = NULL, *rules = NULL, *profiles = NULL;
	json_t *profile_ids = NULL, *summary, *tool;
	enum verdict *verdicts = NULL;
	int rule_counts[V_COUNT] = { 0 }, failing = 0;
	enum severity threshold = SEV_COUNT;
	struct utc_stamp when;

	for (size_t i = 0; i < nids; i++)
		if (ruleset_profile(rs, ids[i]) == NULL) {
			err_set(err, NULL, ERR_NO_OFFSET, "unknown profile '%s' "
			    "('fwaudit profiles list' shows them)", ids[i]);
			return NULL;
		}
	utc_stamp(o->now, &when);
	if (o->fail_on != NULL && strcmp(o->fail_on, "none") != 0)
		severity_parse(o->fail_on, &threshold);
	results = calloc(rs->nrules + 1, sizeof(*results));
	verdicts = calloc(rs->nrules + 1, sizeof(*verdicts));
	rules = json_array();
	profiles = json_array();
	profile_ids = json_array();
	if (results == NULL || verdicts == NULL || rules == NULL ||
	    profiles == NULL || profile_ids == NULL)
		goto oom;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		enum verdict v = judge_rule(r, f, &results[i]);

		if (o->waivers != NULL)
			apply_waivers(results[i], r->id, &v, o->waivers, f->inputs, when.day);
		verdicts[i] = v;
		rule_counts[v]++;
		if (v == V_FAIL && r->severity >= threshold)
			failing++;
		json_array_append_new(rules, results[i]);
	}
	if ((ru = rollup_new(rs, f, results, verdicts)) == NULL)
		goto oom;
	for (size_t i = 0; i < nids; i++) {
		const struct profile *p = ruleset_profile(rs, ids[i]);
		json_t *pr = rollup_profile(ru, p, o->standard_version);

		if (pr == NULL)
			goto oom;
		json_array_append_new(profile_ids, json_string(p->id));
		json_array_append_new(profiles, pr);
	}
	report = json_object();
	set(report, "facts", json_incref(f->map));
	set(report, "fail_on", json_string(o->fail_on ? o->fail_on : "high"));
	set(report, "generated_at", json_string(when.stamp));
	set(report, "inputs", json_incref(f->inputs));
	set(report, "profile_ids", profile_ids);
	set(report, "profiles", profiles);
	set(report, "rules", rules);
	set(report, "schema_version", json_integer(REPORT_SCHEMA_VERSION));
	set(report, "standard_version", json_string(o->standard_version ?
	    o->standard_version : "3.1.3"));
	summary = json_object();
	set(summary, "exit_status", json_integer(failing > 0 ? EXIT_FINDINGS : EXIT_CLEAN));
	set(summary, "failing_at_or_above_threshold", json_integer(failing));
	set(summary, "rules", verdict_counts_json(rule_counts));
	set(report, "summary", summary);
	set(report, "to_complete", needs_to_complete(rules, profiles, f->map));
	tool = json_object();
	set(tool, "name", json_string("fwaudit"));
	set(tool, "ruleset_digest", json_string(rs->digest));
	set(tool, "version", json_string(o->tool_version ? o->tool_version : "?"));
	set(report, "tool", tool);
	set(report, "waivers", o->waivers ? json_deep_copy(o->waivers) : json_array());
	set(report, "warnings", json_incref(f->warnings));
	goto out;
oom:
	json_decref(rules);
	json_decref(profiles);
	json_decref(profile_ids);
	err_oom(err, NULL, ERR_NO_OFFSET);
out:
	rollup_free(ru);
	free(results);
	free(verdicts);
	return report;
}

int
report_exit_status(const json_t *report)
{
	return (int)json_integer_value(json_object_get(json_object_get(report,
	    "summary"), "exit_status"));
}
