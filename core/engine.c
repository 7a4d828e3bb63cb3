#include "core/engine.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/waivers.h"

static const char *const verdict_names[V_COUNT] = { "pass", "fail",
	"not_applicable", "not_tested", "declared", "waived" };

const char *
verdict_name(enum verdict v)
{
	return v < V_COUNT ? verdict_names[v] : "?";
}

int
verdict_parse(const char *s, enum verdict *out)
{
	for (int i = 0; i < V_COUNT; i++)
		if (s != NULL && strcmp(s, verdict_names[i]) == 0) {
			*out = (enum verdict)i;
			return 0;
		}
	return -1;
}

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

static char *
join_missing(json_t *missing)
{
	char *out = NULL;
	size_t len = 0, i;
	json_t *v;
	FILE *fp = open_memstream(&out, &len);

	if (fp == NULL)
		return NULL;
	json_array_foreach(missing, i, v)
		fprintf(fp, "%s%s", i ? ", " : "", json_string_value(v));
	fclose(fp);
	return out;
}

enum verdict
engine_judge_rule(const struct rule *r, const struct facts *f, json_t **out)
{
	struct pred_ctx ctx = { .facts = f };
	json_t *res;
	enum verdict v;
	enum tri t;
	char *m = NULL;
	char reason[1024];

	ctx.evidence = json_array();
	ctx.missing = json_array();
	if (r->applies != NULL) {
		t = pred_eval(r->applies, &ctx);
		if (t == T_FALSE) {
			v = V_NOT_APPLICABLE;
			snprintf(reason, sizeof(reason),
			    "does not apply: its applies-condition is false for these inputs");
			goto done;
		}
		if (t == T_UNKNOWN) {
			v = V_NOT_TESTED;
			m = join_missing(ctx.missing);
			snprintf(reason, sizeof(reason), "not tested: missing evidence (%s)",
			    m ? m : "?");
			goto done;
		}
	}
	t = pred_eval(r->require, &ctx);
	switch (t) {
	case T_TRUE:
		v = r->declaration_only ? V_DECLARED : V_PASS;
		snprintf(reason, sizeof(reason), "%s", r->declaration_only ?
		    "declared by the vendor (not verified by a test)" :
		    "the evidence meets the requirement");
		break;
	case T_FALSE:
		v = V_FAIL;
		snprintf(reason, sizeof(reason), "the evidence does not meet the requirement");
		break;
	default:
		v = V_NOT_TESTED;
		m = join_missing(ctx.missing);
		snprintf(reason, sizeof(reason), "not tested: missing evidence (%s)",
		    m ? m : "?");
		break;
	}
done:
	free(m);
	res = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:o, s:o, s:b, s:s, s:i}",
	    "id", r->id, "title", r->title, "severity", severity_name(r->severity),
	    "verdict", verdict_name(v), "reason", reason,
	    "rationale", r->rationale, "provisions", r->provisions,
	    "ts103701", r->ts103701, "references", r->references,
	    "evidence", ctx.evidence, "missing", ctx.missing,
	    "declaration_only", r->declaration_only, "file", r->file,
	    "line", (int)r->line);
	json_object_set_new(res, "remediation", json_string(r->remediation));
	*out = res;
	return v;
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
apply_waivers(json_t *rule, enum verdict *v, json_t *waivers, const json_t *inputs,
    const char *today)
{
	size_t i;
	json_t *w;

	json_array_foreach(waivers, i, w) {
		const char *glob = json_string_value(json_object_get(w, "input"));

		if (strcmp(json_string_value(json_object_get(w, "rule")),
		    json_string_value(json_object_get(rule, "id"))) != 0)
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

/* Rolls rule verdicts up: fail > not_tested > waived > pass > declared >
 * not_applicable. A provision with no evidence at all is not_tested. */
static enum verdict
rollup(const int counts[V_COUNT])
{
	static const enum verdict order[] = { V_FAIL, V_NOT_TESTED, V_WAIVED,
	    V_PASS, V_DECLARED, V_NOT_APPLICABLE };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (counts[order[i]] > 0)
			return order[i];
	return V_NOT_TESTED;
}

static json_t *
counts_json(const int counts[V_COUNT])
{
	json_t *o = json_object();

	for (int i = 0; i < V_COUNT; i++)
		json_object_set_new(o, verdict_names[i], json_integer(counts[i]));
	return o;
}

/* A feature is absent only when its condition is known to be false. */
static int
feature_absent(const struct profile *p, const char *id, const struct facts *f,
    char *why, size_t whylen)
{
	for (size_t i = 0; i < p->nfeatures; i++) {
		struct pred_ctx ctx = { .facts = f };

		if (strcmp(p->features[i].id, id) != 0 || p->features[i].when == NULL)
			continue;
		if (pred_eval(p->features[i].when, &ctx) == T_FALSE) {
			snprintf(why, whylen, "feature (%s) \"%s\" is absent",
			    id, p->features[i].title);
			return 1;
		}
	}
	return 0;
}

static void
add_rule(json_t *rules, int counts[V_COUNT], const json_t *rule_results, const char *id)
{
	json_t *rr = json_object_get(rule_results, id), *r;
	enum verdict rv = V_NOT_TESTED;
	size_t i;

	json_array_foreach(rules, i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
			return;
	if (rr != NULL)
		verdict_parse(json_string_value(json_object_get(rr, "verdict")), &rv);
	counts[rv]++;
	json_array_append_new(rules, json_pack("{s:s, s:s, s:s}", "id", id,
	    "verdict", verdict_name(rv), "severity", rr ?
	    json_string_value(json_object_get(rr, "severity")) : "info"));
}

static json_t *
judge_provision(const struct ruleset *rs, const struct profile *p, const struct provision *x,
    const json_t *rule_results, const struct facts *f, bool alias)
{
	int counts[V_COUNT] = { 0 };
	json_t *o, *rules = json_array(), *decls = json_array(), *id;
	char reason[512] = "";
	enum verdict v;
	size_t i;

	json_array_foreach(x->features, i, id) {
		char why[256];

		if (feature_absent(p, json_string_value(id), f, why, sizeof(why))) {
			snprintf(reason, sizeof(reason), "not applicable: %s", why);
			counts[V_NOT_APPLICABLE]++;
			v = V_NOT_APPLICABLE;
			goto done;
		}
	}
	/* The rules that name this provision, then any the profile adds. */
	for (size_t k = 0; k < rs->nrules; k++) {
		json_t *ids = json_object_get(rs->rules[k]->provisions, p->id);
		json_t *pid;
		size_t j;

		json_array_foreach(ids, j, pid)
			if (strcmp(json_string_value(pid), x->id) == 0)
				add_rule(rules, counts, rule_results, rs->rules[k]->id);
	}
	json_array_foreach(x->rules, i, id)
		add_rule(rules, counts, rule_results, json_string_value(id));
	json_array_foreach(x->declarations, i, id) {
		char name[256];
		json_t *rec, *val;

		snprintf(name, sizeof(name), "declared.%s", json_string_value(id));
		val = fact_lookup(f, name, &rec);
		if (val != NULL && !json_is_null(val)) {
			counts[V_DECLARED]++;
			json_array_append_new(decls, json_pack("{s:s, s:O, s:O, s:O}",
			    "key", json_string_value(id), "value", val,
			    "input", json_object_get(rec, "input"),
			    "loc", json_object_get(rec, "loc") ? json_object_get(rec, "loc") : json_null()));
		} else {
			counts[V_NOT_TESTED]++;
			json_array_append_new(decls, json_pack("{s:s, s:n}", "key",
			    json_string_value(id), "value"));
		}
	}
	v = rollup(counts);
	switch (v) {
	case V_FAIL:
		snprintf(reason, sizeof(reason), "%d of %zu rules fail", counts[V_FAIL],
		    json_array_size(rules));
		break;
	case V_NOT_TESTED:
		if (json_array_size(rules) == 0 && json_array_size(x->declarations) == 0)
			snprintf(reason, sizeof(reason), "no automated evidence: "
			    "needs assessment by the test lab");
		else
			snprintf(reason, sizeof(reason), "evidence incomplete: %d not "
			    "tested (missing inputs or declarations), %d pass",
			    counts[V_NOT_TESTED], counts[V_PASS]);
		break;
	case V_WAIVED:
		snprintf(reason, sizeof(reason), "%d failing rules waived", counts[V_WAIVED]);
		break;
	case V_PASS:
		snprintf(reason, sizeof(reason), "all %d applicable rules pass", counts[V_PASS]);
		break;
	case V_DECLARED:
		snprintf(reason, sizeof(reason), "answered by the vendor's declaration");
		break;
	default:
		snprintf(reason, sizeof(reason), "no rule applies to these inputs");
		break;
	}
done:
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:O, s:o, s:O}",
	    "id", alias ? x->alias : x->id, "title", x->title, "status", x->status,
	    "verdict", verdict_name(v), "reason", reason, "rules", rules,
	    "declarations", decls, "ts103701", x->ts103701,
	    "counts", counts_json(counts), "features", x->features);
	if (alias)
		json_object_set_new(o, "v3_id", json_string(x->id));
	else if (x->alias != NULL)
		json_object_set_new(o, "alias_id", json_string(x->alias));
	if (x->clause != NULL)
		json_object_set_new(o, "clause", json_string(x->clause));
	if (x->note != NULL)
		json_object_set_new(o, "note", json_string(x->note));
	return o;
}

json_t *
engine_run(const struct ruleset *rs, const struct facts *f,
    const struct engine_opts *o, struct fw_err *err)
{
	static const char *const default_profile = "etsi-en-303-645";
	const char *const *ids = o->nprofiles ? o->profiles : &default_profile;
	size_t nids = o->nprofiles ? o->nprofiles : 1;
	json_t *report, *rules = json_array(), *by_id = json_object();
	json_t *profiles = json_array(), *profile_ids = json_array();
	int rule_counts[V_COUNT] = { 0 }, failing = 0;
	enum severity threshold = SEV_COUNT;
	char today[16], stamp[32];
	struct tm tm;

	gmtime_r(&o->now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (o->fail_on != NULL && strcmp(o->fail_on, "none") != 0)
		severity_parse(o->fail_on, &threshold);
	for (size_t i = 0; i < nids; i++)
		if (ruleset_profile(rs, ids[i]) == NULL) {
			json_decref(rules);
			json_decref(by_id);
			json_decref(profiles);
			json_decref(profile_ids);
			err_set(err, NULL, ERR_NO_OFFSET, "unknown profile '%s' "
			    "('fwaudit profiles list' shows them)", ids[i]);
			return NULL;
		}
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		json_t *res;
		enum verdict v = engine_judge_rule(r, f, &res);

		if (o->waivers != NULL)
			apply_waivers(res, &v, o->waivers, f->inputs, today);
		rule_counts[v]++;
		if (v == V_FAIL && r->severity >= threshold)
			failing++;
		json_array_append_new(rules, res);
		json_object_set(by_id, r->id, res);
	}
	for (size_t i = 0; i < nids; i++) {
		const struct profile *p = ruleset_profile(rs, ids[i]);
		bool alias = p->alias_version != NULL && o->standard_version != NULL &&
		    strcmp(o->standard_version, p->alias_version) == 0;
		int counts[V_COUNT] = { 0 };
		json_t *list = json_array();

		for (size_t k = 0; k < p->nprovisions; k++) {
			json_t *pv;
			enum verdict v = V_NOT_TESTED;

			if (alias && p->provisions[k].alias == NULL)
				continue;	/* new in this version: no ID in the alias version */
			pv = judge_provision(rs, p, &p->provisions[k], by_id, f, alias);
			verdict_parse(json_string_value(json_object_get(pv, "verdict")), &v);
			counts[v]++;
			json_array_append_new(list, pv);
		}
		json_array_append_new(profile_ids, json_string(p->id));
		json_array_append_new(profiles, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}",
		    "id", p->id, "title", p->title, "standard", p->standard,
		    "version", alias ? p->alias_version : p->version,
		    "provisions", list, "summary", counts_json(counts)));
		if (p->note != NULL)
			json_object_set_new(json_array_get(profiles, i), "note",
			    json_string(p->note));
	}
	report = json_pack("{s:i, s:{s:s, s:s, s:s}, s:s, s:o, s:s, s:s, s:O, s:O, s:O, s:o, s:o}",
	    "schema_version", REPORT_SCHEMA_VERSION,
	    "tool", "name", "fwaudit", "version", o->tool_version ? o->tool_version : "?",
	    "ruleset_digest", rs->digest,
	    "generated_at", stamp, "profile_ids", profile_ids,
	    "standard_version", o->standard_version ? o->standard_version : "3.1.3",
	    "fail_on", o->fail_on ? o->fail_on : "high",
	    "inputs", f->inputs, "facts", f->map, "warnings", f->warnings,
	    "rules", rules, "profiles", profiles);
	json_object_set_new(report, "waivers", o->waivers ? json_deep_copy(o->waivers) : json_array());
	json_object_set_new(report, "summary", json_pack("{s:o, s:i, s:i}",
	    "rules", counts_json(rule_counts), "failing_at_or_above_threshold", failing,
	    "exit_status", failing > 0 ? EXIT_FINDINGS : EXIT_CLEAN));
	json_decref(by_id);
	return report;
}

int
report_exit_status(const json_t *report)
{
	return (int)json_integer_value(json_object_get(json_object_get(report,
	    "summary"), "exit_status"));
}
