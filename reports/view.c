/* Lookups shared by the writers. Nothing here computes a verdict: it only
 * reads the canonical report (docs/report-schema.md). */
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

#include "core/facts.h"

const char *const report_verdicts[] = { "pass", "fail", "waived", "declared",
	"not_tested", "not_applicable", NULL };

const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

long long
jint(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

void
report_value_text(const json_t *v, char *buf, size_t len)
{
	char *s;
	size_t n;

	if (len == 0)
		return;
	if (v == NULL || json_is_null(v)) {
		snprintf(buf, len, "(missing)");
		return;
	}
	if (json_is_string(v))
		s = strdup(json_string_value(v));
	else
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(buf, len, "%s", s ? s : "?");
	if (s != NULL && strlen(s) >= len && len > 4) {
		/* Cut on a UTF-8 character boundary, then mark the cut. */
		n = len - 4;
		while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80)
			n--;
		memcpy(buf + n, "...", 4);
	}
	free(s);
}

json_t *
report_rule_index(const json_t *report)
{
	json_t *idx = json_object(), *r;
	size_t i;

	json_array_foreach(json_object_get(report, "rules"), i, r)
		json_object_set(idx, jstr(r, "id"), r);
	return idx;
}

const json_t *
report_en303645(const json_t *report)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(report, "profiles"), i, p)
		if (strcmp(jstr(p, "id"), "etsi-en-303-645") == 0)
			return p;
	return NULL;
}

/* A text cut to its buffer by snprintf may end inside a UTF-8 character;
 * that partial character goes, so the text stays UTF-8 (jansson refuses
 * anything else, and a viewer shows garbage). */
static void
trim_partial_utf8(char *buf)
{
	size_t n = strlen(buf), lead = n, need;
	unsigned char c;

	while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0 || (c = (unsigned char)buf[lead - 1]) < 0xc0)
		return;
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (n - (lead - 1) < need)
		buf[lead - 1] = '\0';
}

void
report_where(const json_t *report, const json_t *ev, char *buf, size_t len)
{
	json_t *in = json_array_get(json_object_get(report, "inputs"),
	    (size_t)json_integer_value(json_object_get(ev, "input")));
	json_t *loc = json_object_get(ev, "loc");
	const char *path = json_string_value(json_object_get(in, "path"));
	json_t *v;

	if (path == NULL)
		path = json_string_value(json_object_get(in, "live"));
	if (json_is_array(json_object_get(ev, "inputs"))) {
		/* A list whose items came from several inputs: name them all. */
		size_t at = 0, i;
		json_t *x;

		buf[0] = '\0';
		json_array_foreach(json_object_get(ev, "inputs"), i, x) {
			json_t *r = json_array_get(json_object_get(report, "inputs"),
			    (size_t)json_integer_value(x));
			const char *p = json_string_value(json_object_get(r, "path"));

			if (p == NULL)
				p = json_string_value(json_object_get(r, "live"));
			if (at < len)
				at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "",
				    p ? p : "?");
		}
		trim_partial_utf8(buf);
		return;
	}
	if (path == NULL || !json_is_integer(json_object_get(ev, "input"))) {
		snprintf(buf, len, "-");
		return;
	}
	if ((v = json_object_get(loc, "line")) != NULL)
		snprintf(buf, len, "%s:%lld", path, (long long)json_integer_value(v));
	else if ((v = json_object_get(loc, "offset")) != NULL) {
		json_t *l = json_object_get(loc, "length");

		if (l != NULL)
			snprintf(buf, len, "%s@0x%llx+%lld", path,
			    (long long)json_integer_value(v), (long long)json_integer_value(l));
		else
			snprintf(buf, len, "%s@0x%llx", path, (long long)json_integer_value(v));
	} else if ((v = json_object_get(loc, "field")) != NULL)
		snprintf(buf, len, "%s field %s", path, json_string_value(v));
	else if ((v = json_object_get(loc, "register")) != NULL)
		snprintf(buf, len, "%s register %s", path, json_string_value(v));
	else
		snprintf(buf, len, "%s", path);
	trim_partial_utf8(buf);
}

int
report_dump_json(const json_t *doc, FILE *fp, size_t flags)
{
	/* One string, one write: json_dumpf writes token by token. */
	char *s = json_dumps(doc, flags);
	int rc;

	if (s == NULL)
		return -1;
	rc = fputs(s, fp) == EOF || fputc('\n', fp) == EOF ? -1 : 0;
	free(s);
	return rc;
}

/* Evidence under a `not` (core/predicate.c marks it "negated"): the test as
 * the rule states it, "not equals true", and its outcome, so a record never
 * reads the opposite of what it did to the verdict. */
void
report_ev_test(const json_t *ev, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", json_is_true(json_object_get(ev, "negated")) ? "not " : "",
	    jstr(ev, "test"));
}

const char *
report_ev_result(const json_t *ev)
{
	const char *r = jstr(ev, "result");

	if (!json_is_true(json_object_get(ev, "negated")))
		return r;
	return !strcmp(r, "true") ? "false" : !strcmp(r, "false") ? "true" : r;
}

void
report_items_summary(const json_t *ev, char *buf, size_t len)
{
	long long items = jint(ev, "items"), failed = jint(ev, "failed");
	long long unknown = jint(ev, "unknown");
	const char *s = items == 1 ? "" : "s";
	size_t at;

	if (items == 0)
		snprintf(buf, len, "no items to check");
	/* `not: for_each` looks for at least one item that does not match: the
	 * items it lists are what it found, not failures. */
	else if (json_is_true(json_object_get(ev, "negated")) && failed > 0)
		snprintf(buf, len, "%lld item%s checked, %lld found (the rule looks for at "
		    "least one)", items, s, failed);
	else if (json_is_true(json_object_get(ev, "negated")))
		snprintf(buf, len, "%lld item%s checked, none found (the rule looks for at "
		    "least one)", items, s);
	else if (failed > 0)
		snprintf(buf, len, "%lld item%s, %lld not matching", items, s, failed);
	else
		snprintf(buf, len, "%lld item%s, %s", items, s, unknown > 0 ? "none failing" :
		    "all matching");
	at = strlen(buf);
	if (unknown > 0 && at < len)
		snprintf(buf + at, len - at, ", %lld could not be judged (a field is missing)",
		    unknown);
}

const char *
report_item_label(const json_t *ev)
{
	return json_is_true(json_object_get(ev, "negated")) ? "found" : "not matching";
}

void
report_item_text(const json_t *ev, const json_t *item, char *buf, size_t len)
{
	/* Which input an item came from matters only when the record's items
	 * came from several (two units compared); the record names them. */
	bool several = json_array_size(json_object_get(ev, "inputs")) > 1;
	/* The member core/predicate.c named the item by. */
	const char *const *names = fact_item_name_keys;
	const char *key, *name_key = NULL;
	const json_t *v;
	size_t at;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (int i = 0; names[i] != NULL && name_key == NULL; i++)
		if (json_object_get(item, names[i]) != NULL)
			name_key = names[i];
	if (name_key != NULL)
		report_value_text(json_object_get(item, name_key), buf, len);
	at = strlen(buf);
	at += (size_t)snprintf(buf + at, len - at, "%sitem %lld", name_key ? " (" : "",
	    jint(item, "index"));
	json_object_foreach((json_t *)item, key, v) {
		char val[1024];

		if (at >= len)
			break;
		if (!strcmp(key, "index") || (name_key != NULL && !strcmp(key, name_key)) ||
		    (!strcmp(key, "input") && !several))
			continue;
		if (!strcmp(key, "input") && json_is_integer(v))
			snprintf(val, sizeof(val), "[%lld]", (long long)json_integer_value(v));
		else if (!strcmp(key, "offset") && json_is_integer(v))
			snprintf(val, sizeof(val), "0x%llx", (long long)json_integer_value(v));
		else
			report_value_text(v, val, sizeof(val));
		at += (size_t)snprintf(buf + at, len - at, ", %s %s", key, val);
	}
	if (name_key != NULL && at < len)
		snprintf(buf + at, len - at, ")");
	trim_partial_utf8(buf);
	/* Names and masked values come from the input, and the text report goes
	 * to a terminal: no control character (C0, DEL, or C1 as UTF-8 C2 80-9F,
	 * which some terminals obey) gets through. */
	for (unsigned char *p = (unsigned char *)buf; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
}

/* Failing items beyond those a report shows: how many, and where they are.
 * A for_each record lists at most the engine's first items (core/
 * predicate.c); "failed" counts them all. */
int
report_items_rest(const json_t *ev, size_t shown, char *buf, size_t len)
{
	size_t listed = json_array_size(json_object_get(ev, "failing"));
	long long failed = jint(ev, "failed");
	long long unlisted = failed > (long long)listed ? failed - (long long)listed : 0;
	const char *what = report_item_label(ev);

	if (shown >= listed && unlisted == 0)
		return 0;
	if (shown < listed && unlisted == 0)
		snprintf(buf, len, "+%zu more %s in the JSON report (rules[].evidence[].failing)",
		    listed - shown, what);
	else if (shown < listed)
		snprintf(buf, len, "+%lld more %s: %zu in the JSON report (rules[].evidence[]."
		    "failing), the other %lld not listed there either (every item of %s is "
		    "among its facts)", (long long)(listed - shown) + unlisted, what, listed - shown,
		    unlisted, jstr(ev, "fact"));
	else
		snprintf(buf, len, "+%lld more %s, not listed (the report keeps the first "
		    "%zu; every item of %s is among the facts of the JSON report)", unlisted, what,
		    listed, jstr(ev, "fact"));
	return 1;
}

void
report_closing_line(const json_t *report, char *buf, size_t len)
{
	const json_t *sum = json_object_get(report, "summary");
	long long status = jint(sum, "exit_status");
	long long failing = jint(sum, "failing_at_or_above_threshold");

	if (!strcmp(jstr(sum, "gate"), "new"))
		snprintf(buf, len, "exit %lld: %lld new failing at or above '%s' (--fail-on-new; "
		    "%lld failing in all)", status, jint(sum, "failing_new"),
		    jstr(report, "fail_on"), failing);
	else
		snprintf(buf, len, "exit %lld: %lld failing at or above '%s'", status, failing,
		    jstr(report, "fail_on"));
}

void
report_rule_provisions(const json_t *profile, const json_t *r, char *buf, size_t len)
{
	const json_t *ids = json_object_get(json_object_get(r, "provisions"), jstr(profile, "id"));
	const json_t *id, *x;
	size_t i, k, at = 0;

	buf[0] = '\0';
	json_array_foreach(ids, i, id) {
		/* The rule file names V3 IDs; a provision judged under its alias
		 * keeps the V3 one in v3_id. New in V3 (no alias): not listed. */
		json_array_foreach(json_object_get(profile, "provisions"), k, x) {
			const char *v3 = json_object_get(x, "v3_id") ? jstr(x, "v3_id") : jstr(x, "id");

			if (strcmp(v3, json_string_value(id)) != 0)
				continue;
			if (at < len)
				at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? ", " : "",
				    jstr(x, "id"));
			break;
		}
	}
}
