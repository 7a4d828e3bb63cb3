/* Lookups shared by the writers. Nothing here computes a verdict: it only
 * reads the canonical report (docs/report-schema.md). */
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

#include "core/json_out.h"

const char *const report_verdicts[] = { "pass", "fail", "waived", "declared",
	"not_tested", "not_applicable", NULL };

const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
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
}

int
report_dump_json(const json_t *doc, FILE *fp, size_t flags)
{
	/* One string, one write. The canonical form (sorted keys, indent 2)
	 * has its own fast writer; other flags go through jansson. */
	size_t len = 0;
	char *s = flags == (JSON_INDENT(2) | JSON_SORT_KEYS) ? json_canonical(doc, &len) :
	    json_dumps(doc, flags);
	int rc;

	if (s == NULL)
		return -1;
	if (len == 0) {
		len = strlen(s);
		rc = fputs(s, fp) == EOF || fputc('\n', fp) == EOF ? -1 : 0;
	} else {
		rc = fwrite(s, 1, len, fp) == len ? 0 : -1;
	}
	free(s);
	return rc;
}
