#include "core/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "util/fileio.h"
#include "core/ruleset.h"

/* Reports are text JSON; 256 MiB is far beyond any real one. */
#define BASELINE_MAX (256u << 20)

json_t *
baseline_load(const char *path, struct fw_err *err)
{
	json_error_t jerr;
	json_t *doc, *sv, *rules, *r;
	char *buf;
	size_t len, i;

	if (file_read(path, BASELINE_MAX, &buf, &len, err) != 0)
		return NULL;
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (doc == NULL) {
		err_set_line(err, path, (unsigned)jerr.line, (unsigned)jerr.column,
		    "not a JSON report (%s)", jerr.text);
		return NULL;
	}
	sv = json_object_get(doc, "schema_version");
	rules = json_object_get(doc, "rules");
	if (!json_is_object(doc) || !json_is_integer(sv) || !json_is_array(rules)) {
		err_set(err, path, ERR_NO_OFFSET, "not an fwaudit JSON report (expected "
		    "schema_version and rules; write one with --format json)");
		goto bad;
	}
	if (json_integer_value(sv) != REPORT_SCHEMA_VERSION) {
		err_set(err, path, ERR_NO_OFFSET, "report schema_version %lld, this fwaudit "
		    "reads baselines of schema_version %d: regenerate the baseline with this "
		    "version", (long long)json_integer_value(sv), REPORT_SCHEMA_VERSION);
		goto bad;
	}
	json_array_foreach(rules, i, r)
		if (!json_is_string(json_object_get(r, "id")) ||
		    !json_is_string(json_object_get(r, "verdict"))) {
			err_set(err, path, ERR_NO_OFFSET, "rules[%zu] lacks a string id "
			    "and verdict", i);
			goto bad;
		}
	return doc;
bad:
	json_decref(doc);
	return NULL;
}

static bool
is_finding(const json_t *r)
{
	const char *v = json_string_value(json_object_get(r, "verdict"));

	return v != NULL && (!strcmp(v, "fail") || !strcmp(v, "waived"));
}

void
baseline_apply(json_t *report, const json_t *old, const char *path, bool fail_on_new)
{
	json_t *was = json_object(), *now = json_object(), *fixed_rules = json_array();
	json_t *new_rules = json_array(), *r, *sum = json_object_get(report, "summary");
	enum severity threshold = SEV_COUNT;
	const char *id;
	long long n_new = 0, n_same = 0, n_fixed = 0, failing_new = 0;
	size_t i;

	severity_parse(json_string_value(json_object_get(report, "fail_on")), &threshold);
	json_array_foreach(json_object_get(old, "rules"), i, r)
		if (is_finding(r))
			json_object_set_new(was, json_string_value(json_object_get(r, "id")),
			    json_true());
	json_array_foreach(json_object_get(report, "rules"), i, r) {
		enum severity sev = SEV_INFO;

		id = json_string_value(json_object_get(r, "id"));
		json_object_set_new(now, id, json_true());
		if (is_finding(r)) {
			bool seen = json_object_get(was, id) != NULL;

			json_object_set_new(r, "baseline", json_string(seen ? "unchanged" : "new"));
			if (seen) {
				n_same++;
				continue;
			}
			n_new++;
			json_array_append_new(new_rules, json_string(id));
			severity_parse(json_string_value(json_object_get(r, "severity")), &sev);
			if (!strcmp(json_string_value(json_object_get(r, "verdict")), "fail") &&
			    sev >= threshold)
				failing_new++;
		} else if (json_object_get(was, id) != NULL) {
			json_object_set_new(r, "baseline", json_string("fixed"));
			json_array_append_new(fixed_rules, json_string(id));
			n_fixed++;
		}
	}
	/* A finding whose rule is gone from the ruleset counts as fixed too;
	 * the old report's order keeps the list stable. */
	json_array_foreach(json_object_get(old, "rules"), i, r) {
		id = json_string_value(json_object_get(r, "id"));
		if (is_finding(r) && json_object_get(now, id) == NULL) {
			json_array_append_new(fixed_rules, json_string(id));
			n_fixed++;
		}
	}
	json_object_set_new(report, "baseline", json_pack("{s:s, s:O, s:I, s:I, s:I, s:o, s:o}",
	    "path", path, "generated_at", json_object_get(old, "generated_at") ?
	    json_object_get(old, "generated_at") : json_null(),
	    "new", (json_int_t)n_new, "unchanged", (json_int_t)n_same,
	    "fixed", (json_int_t)n_fixed, "new_rules", new_rules, "fixed_rules", fixed_rules));
	json_object_set_new(sum, "failing_new", json_integer(failing_new));
	json_object_set_new(sum, "gate", json_string(fail_on_new ? "new" : "all"));
	if (fail_on_new)
		json_object_set_new(sum, "exit_status",
		    json_integer(failing_new > 0 ? EXIT_FINDINGS : EXIT_CLEAN));
	json_decref(was);
	json_decref(now);
}
