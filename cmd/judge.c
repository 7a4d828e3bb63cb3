/* Wiring shared by scan and evaluate: rules + facts -> report -> writers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/baseline.h"
#include "core/engine.h"
#include "core/fileio.h"
#include "core/json_out.h"
#include "core/oom.h"
#include "core/ruleset.h"
#include "core/teardown.h"
#include "core/waivers.h"
#include "reports/evidence.h"
#include "reports/pending.h"
#include "reports/report.h"

int
run_write_facts(struct facts *f, const struct run_opts *o)
{
	json_t *doc = facts_to_json(f);
	struct fw_err err;
	size_t len;
	char *s = json_canonical(doc, &len);
	int rc;

	json_decref(doc);
	if (s == NULL)
		return die(EXIT_INTERNAL, "out of memory");
	rc = file_write(o->noutputs ? o->outputs[0].path : NULL, s, len, &err);
	free(s);
	if (rc != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	return EXIT_CLEAN;
}

/* Loading rules, profiles and waivers needs no facts: scan runs it on a
 * thread of its own while the collectors read the inputs. */
static void *
judge_prepare_run(void *arg)
{
	struct judge_prep *p = arg;

	p->status = EXIT_CLEAN;
	if (ruleset_load(&p->rs, rules_default_dir(), p->o->rules_dir, &p->err) != 0)
		p->status = EXIT_USAGE;
	else if (p->o->waivers != NULL &&
	    (p->waivers = waivers_load(p->o->waivers, &p->err)) == NULL)
		p->status = EXIT_USAGE;
	return NULL;
}

void
judge_prepare_start(struct judge_prep *p, const struct run_opts *o, bool threaded)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	p->threaded = threaded && pthread_create(&p->th, NULL, judge_prepare_run, p) == 0;
	if (!p->threaded)
		judge_prepare_run(p);
}

void
judge_prepare_join(struct judge_prep *p)
{
	if (p->threaded)
		pthread_join(p->th, NULL);
	p->threaded = false;
}

void
judge_prepare_free(struct judge_prep *p)
{
	judge_prepare_join(p);
	ruleset_free(p->rs);
	json_decref(p->waivers);
	p->rs = NULL;
	p->waivers = NULL;
}

int
run_judge(struct facts *f, const struct run_opts *o)
{
	struct judge_prep prep;
	int status;

	judge_prepare_start(&prep, o, false);
	status = run_judge_prepared(f, o, &prep, NULL, NULL);
	judge_prepare_free(&prep);
	return status;
}

struct rendered {
	char *buf;
	size_t len;
};

/* Every output whose writer renders to a buffer, rendered with stand-ins
 * for the digests still being computed; NULL when there is nothing to do
 * or no memory (the outputs are then rendered after the digests are in,
 * which replace the stand-ins in the report). */
static struct rendered *
prerender(json_t *report, const struct run_opts *o, struct pending_digests *pd)
{
	const struct report_opts ropts = { .quiet = o->quiet, .verbose = o->verbose };
	struct rendered *pre;
	bool any = false;

	pd->n = 0;
	for (int i = 0; i < o->noutputs; i++)
		any = any || report_writer_find(o->outputs[i].format)->render != NULL;
	if (!any || !pending_mark(report, pd))
		return NULL;
	if ((pre = calloc((size_t)o->noutputs, sizeof(*pre))) == NULL)
		return NULL;
	for (int i = 0; i < o->noutputs; i++) {
		const struct report_writer *w = report_writer_find(o->outputs[i].format);

		/* A failed render (no memory) is tried again, the usual way. */
		if (w->render != NULL)
			pre[i].buf = w->render(report, &ropts, &pre[i].len);
	}
	return pre;
}

/* Whether the text report (which ends with the closing line) goes to
 * standard output. */
static bool
text_on_stdout(const struct run_opts *o)
{
	if (o->noutputs == 0)
		return true;
	for (int i = 0; i < o->noutputs; i++)
		if ((o->outputs[i].path == NULL || !strcmp(o->outputs[i].path, "-")) &&
		    !strcmp(o->outputs[i].format, "text"))
			return true;
	return false;
}

/* With every report in files (or none in text on the terminal), the
 * warnings and the line that explains the exit status still reach the
 * user, on standard error. */
static void
closing_to_stderr(const json_t *report)
{
	const json_t *w;
	char line[512];
	size_t i;

	json_array_foreach(json_object_get(report, "warnings"), i, w)
		fprintf(stderr, "fwaudit: warning: %s\n", json_string_value(w));
	report_closing_line(report, line, sizeof(line));
	fprintf(stderr, "fwaudit: %s\n", line);
}

int
run_judge_prepared(struct facts *f, const struct run_opts *o, struct judge_prep *prep,
    void (*inputs_ready)(void *), void *arg)
{
	struct engine_opts eo = {
		.profiles = o->profiles, .nprofiles = (size_t)o->nprofiles,
		.standard_version = o->standard_version, .fail_on = o->fail_on,
		.now = report_time(), .tool_version = FWAUDIT_VERSION,
	};
	struct report_opts ropts = { .quiet = o->quiet, .verbose = o->verbose };
	struct ruleset *rs;
	struct pending_digests pd = { .n = 0 };
	struct rendered *pre = NULL;
	json_t *report = NULL, *baseline = NULL, *facts_doc = NULL;
	struct fw_err err;
	int status = EXIT_USAGE;

	for (int i = 0; i < o->noutputs; i++) {
		char formats[256];

		if (report_writer_find(o->outputs[i].format) != NULL)
			continue;
		/* the list --help shows, from the same writers */
		opt_row_values_text(cmd_doc_row(&scan_doc, OPT_FORMAT), formats, sizeof(formats));
		return die(EXIT_USAGE, "unknown --format '%s' (%s; see docs/reports.md)",
		    o->outputs[i].format, formats);
	}
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
	judge_prepare_join(prep);
	if (prep->status != EXIT_CLEAN) {
		json_decref(baseline);
		return die(prep->status, "%s", prep->err.msg);
	}
	rs = prep->rs;
	eo.waivers = prep->waivers;
	if ((report = engine_run(rs, f, &eo, &err)) == NULL) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (baseline != NULL)
		baseline_apply(report, baseline, o->baseline, o->fail_on_new);
	/* Once nothing else can refuse the run, and before any report is
	 * written (an -o path may be inside the bundle). scan prepared it
	 * before its collectors kept transcripts there. */
	if (o->evidence_dir != NULL && !o->evidence_dir_ready &&
	    evidence_prepare_dir(o->evidence_dir, o->replace_evidence, &err) != 0) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	/* The report shares the inputs array: their hashes, still being
	 * computed by scan, are filled in before anything is written. Formats
	 * that render to a buffer are rendered while they are (reports/
	 * pending.h). */
	if (inputs_ready != NULL) {
		pre = prerender(report, o, &pd);
		inputs_ready(arg);
		pending_settle(&pd);
	}
	if (oom_seen()) {	/* a fact may be missing for it (core/oom.h) */
		status = die(EXIT_INTERNAL, "out of memory");
		goto out;
	}
	if (o->noutputs == 0) {
		ropts.color = !o->no_color && isatty(STDOUT_FILENO);
		if (report_write(report, "text", NULL, &ropts, &err) != 0) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	for (int i = 0; i < o->noutputs; i++) {
		const char *path = o->outputs[i].path;

		if (pre != NULL && pre[i].buf != NULL) {
			pre[i].len = pending_fill(pre[i].buf, pre[i].len, &pd);
			if (file_write(path, pre[i].buf, pre[i].len, &err) != 0) {
				status = die(EXIT_USAGE, "%s", err.msg);
				goto out;
			}
			continue;
		}
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
	if (!o->quiet && !text_on_stdout(o))
		closing_to_stderr(report);
out:
	for (int i = 0; pre != NULL && i < o->noutputs; i++)
		free(pre[i].buf);
	free(pre);
	if (!free_at_exit())
		return status;
	json_decref(facts_doc);
	json_decref(baseline);
	json_decref(report);
	return status;
}
