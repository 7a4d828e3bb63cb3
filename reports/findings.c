#include "reports/findings.h"

#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

int
finding_severity_rank(const char *s)
{
	static const char *const order[] = { "critical", "high", "medium", "low", "info" };

	for (int i = 0; i < 5; i++)
		if (s != NULL && strcmp(s, order[i]) == 0)
			return i;
	return 5;
}

static bool
is_finding(const json_t *r)
{
	const char *v = jstr(r, "verdict");

	return !strcmp(v, "fail") || !strcmp(v, "waived");
}

const json_t **
findings_list(const json_t *report, size_t *n)
{
	const json_t *rules = json_object_get(report, "rules"), *r, **out;
	size_t i, k = 0;

	*n = 0;
	if ((out = calloc(json_array_size(rules) + 1, sizeof(*out))) == NULL)
		return NULL;
	/* Failures before waived ones, each critical to low; a stable pass
	 * per rank keeps report order among equals. */
	for (int pass = 0; pass < 2; pass++)
		for (int rank = 0; rank <= 5; rank++)
			json_array_foreach(rules, i, r)
				if (is_finding(r) && (strcmp(jstr(r, "verdict"), "fail") == 0) ==
				    (pass == 0) && finding_severity_rank(jstr(r, "severity")) == rank)
					out[k++] = r;
	if (k == 0) {
		free(out);
		return NULL;
	}
	*n = k;
	return out;
}

const json_t *
finding_decisive(const json_t *r)
{
	const json_t *ev;
	size_t i;

	/* A record under a `not` says what the rule found, not what is
	 * wrong: one that is not is more decisive. */
	json_array_foreach(json_object_get(r, "evidence"), i, ev)
		if (!strcmp(report_ev_result(ev), "false") &&
		    !json_is_true(json_object_get(ev, "negated")))
			return ev;
	json_array_foreach(json_object_get(r, "evidence"), i, ev)
		if (!strcmp(report_ev_result(ev), "false"))
			return ev;
	return NULL;
}

void
report_value_words(const json_t *v, char *buf, size_t len)
{
	size_t n = json_array_size(v);	/* 0 for anything but an array */

	if (v == NULL || json_is_null(v))
		snprintf(buf, len, "(missing)");
	else if (json_is_array(v) && n == 0)
		snprintf(buf, len, "an empty list");
	else if (json_is_array(v))
		snprintf(buf, len, "a list of %zu item%s", n, n == 1 ? "" : "s");
	else if (json_is_object(v))
		snprintf(buf, len, "a record of %zu field%s", json_object_size(v),
		    json_object_size(v) == 1 ? "" : "s");
	else
		report_value_text(v, buf, len);
}

void
report_ev_words(const json_t *ev, char *buf, size_t len)
{
	char val[128], test[288];

	if (json_is_array(json_object_get(ev, "failing"))) {
		char sum[256];

		report_items_summary(ev, sum, sizeof(sum));
		snprintf(buf, len, "%s: %s", jstr(ev, "fact"), sum);
		return;
	}
	report_value_words(json_object_get(ev, "value"), val, sizeof(val));
	report_ev_test(ev, test, sizeof(test));
	snprintf(buf, len, "%s = %s (required: %s)", jstr(ev, "fact"), val, test);
}
