/* Judging: rules over facts give verdicts; profiles roll them up per
 * provision; waivers turn accepted failures into `waived`. The result is
 * the canonical report (docs/report-schema.md): every writer in reports/
 * is a view of it and recomputes nothing. */
#ifndef FWAUDIT_ENGINE_H
#define FWAUDIT_ENGINE_H

#include <jansson.h>
#include <time.h>

#include "util/error.h"
#include "core/facts.h"
#include "core/ruleset.h"
#include "core/verdict.h"

#define REPORT_SCHEMA_VERSION 1

struct engine_opts {
	const char *const *profiles;	/* ids; none: etsi-en-303-645 */
	size_t nprofiles;
	const char *standard_version;	/* "3.1.3" (default) or the alias "2.1.1" */
	json_t *waivers;		/* from waivers_load, or NULL; statuses updated */
	const char *fail_on;		/* severity name or "none" */
	time_t now;			/* report time and waiver expiry reference */
	const char *tool_version;
};

/* Judges one rule: verdict, reason, evidence (into out, a new object). */
enum verdict engine_judge_rule(const struct rule *r, const struct facts *f,
    json_t **out);

/* The whole report; NULL with err (unknown profile). */
json_t *engine_run(const struct ruleset *rs, const struct facts *f,
    const struct engine_opts *o, struct fw_err *err);

/* 0 when nothing fails at or above fail_on, else 1. */
int report_exit_status(const json_t *report);

/* The time reports carry: SOURCE_DATE_EPOCH when set, else now. */
time_t report_time(void);

#endif
