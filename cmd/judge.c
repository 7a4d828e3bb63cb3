/* Wiring shared by scan and evaluate: rules + facts -> report -> writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/baseline.h"
#include "core/engine.h"
#include "core/fileio.h"
#include "core/ruleset.h"
#include "core/waivers.h"
#include "reports/evidence.h"
#include "reports/report.h"

int
run_write_facts(struct facts *f, const struct run_opts *o)
{
	json_t *doc = facts_to_json(f);
	struct fw_err err;
	char *s, *nl;
	size_t len;
	int rc;

	s = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	if (s == NULL)
		return die(EXIT_INTERNAL, "out of memory");
	len = strlen(s);
	if ((nl = realloc(s, len + 2)) == NULL) {
		free(s);
		return die(EXIT_INTERNAL, "out of memory");
	}
	s = nl;
	s[len++] = '\n';
	rc = file_write(o->noutputs ? o->outputs[0].path : NULL, s, len, &err);
	free(s);
	if (rc != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	return EXIT_CLEAN;
}

int
run_judge(struct facts *f, const struct run_opts *o)
{
	struct engine_opts eo = {
		.profiles = o->profiles, .nprofiles = (size_t)o->nprofiles,
		.standard_version = o->standard_version, .fail_on = o->fail_on,
		.now = report_time(), .tool_version = FWAUDIT_VERSION,
	};
	struct report_opts ropts = { .quiet = o->quiet };
	struct ruleset *rs = NULL;
	json_t *report = NULL, *baseline = NULL, *facts_doc = NULL;
	struct fw_err err;
	int status = EXIT_USAGE;

	for (int i = 0; i < o->noutputs; i++)
		if (report_writer_find(o->outputs[i].format) == NULL)
			return die(EXIT_USAGE, "unknown --format '%s' (text, json, html, sarif, "
			    "junit, md, ics, ixit; see docs/reports.md)", o->outputs[i].format);
	if (o->fail_on_new && o->baseline == NULL)
		return die(EXIT_USAGE, "--fail-on-new needs --baseline OLD.json");
	/* Everything that can refuse the run is checked before anything is written. */
	if (o->baseline != NULL && (baseline = baseline_load(o->baseline, &err)) == NULL)
		return die(EXIT_USAGE, "%s", err.msg);
	if (o->sign_key != NULL && cms_check_key(o->sign_key, o->sign_cert, &err) != 0) {
		json_decref(baseline);
		return die(EXIT_USAGE, "%s", err.msg);
	}
	if (o->sign_key != NULL && o->evidence_dir == NULL) {
		json_decref(baseline);
		return die(EXIT_USAGE, "--sign-key signs the evidence bundle: give --evidence-dir DIR");
	}
	if (ruleset_load(&rs, rules_default_dir(), o->rules_dir, &err) != 0) {
		json_decref(baseline);
		return die(EXIT_USAGE, "%s", err.msg);
	}
	if (o->waivers != NULL && (eo.waivers = waivers_load(o->waivers, &err)) == NULL) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if ((report = engine_run(rs, f, &eo, &err)) == NULL) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (baseline != NULL)
		baseline_apply(report, baseline, o->baseline, o->fail_on_new);
	if (o->noutputs == 0) {
		ropts.color = !o->no_color && isatty(STDOUT_FILENO);
		if (report_write(report, "text", NULL, &ropts, &err) != 0) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	for (int i = 0; i < o->noutputs; i++) {
		const char *path = o->outputs[i].path;

		ropts.color = !o->no_color && (path == NULL || !strcmp(path, "-")) &&
		    !strcmp(o->outputs[i].format, "text") && isatty(STDOUT_FILENO);
		if (report_write(report, o->outputs[i].format, path, &ropts, &err) != 0) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	if (o->evidence_dir != NULL) {
		facts_doc = facts_to_json(f);
		if (evidence_write(report, facts_doc, o->evidence_dir, o->sign_key,
		    o->sign_cert, &err) != 0) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	status = report_exit_status(report);
out:
	json_decref(facts_doc);
	json_decref(baseline);
	json_decref(report);
	json_decref(eo.waivers);
	ruleset_free(rs);
	return status;
}
