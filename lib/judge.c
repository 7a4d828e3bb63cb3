/* Judging and rendering for scan and evaluate: rules + facts -> report ->
 * writers. A report is rendered once, after every input's digest is in,
 * from a copy that shares no value with the fact tree. */
#include "lib/judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/baseline.h"
#include "core/engine.h"
#include "core/facts.h"
#include "util/fileio.h"
#include "util/json_out.h"
#include "util/oom.h"
#include "core/ruleset.h"
#include "util/teardown.h"
#include "core/waivers.h"
#include "reports/evidence.h"
#include "reports/report.h"

_Static_assert((int)FWAUDIT_EXIT_CLEAN == (int)EXIT_CLEAN &&
    (int)FWAUDIT_EXIT_FINDINGS == (int)EXIT_FINDINGS &&
    (int)FWAUDIT_EXIT_USAGE == (int)EXIT_USAGE &&
    (int)FWAUDIT_EXIT_INTERNAL == (int)EXIT_INTERNAL, "one set of exit statuses");

int
write_facts(struct facts *f, const struct fwaudit_opts *o, struct scan_result *res)
{
	json_t *doc = facts_to_json(f);
	struct fw_err err;
	size_t len;
	char *s = json_canonical(doc, &len);
	int rc;

	json_decref(doc);
	if (s == NULL)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	rc = file_write(o->noutputs ? o->outputs[0].path : NULL, s, len, &err);
	free(s);
	if (rc != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	return res->status = EXIT_CLEAN;
}

/* Loading rules, profiles and waivers needs no facts: scan runs it on a
 * thread of its own while the collectors read the inputs. */
static void
judge_prepare_run(void *arg, size_t i)
{
	struct judge_prep *p = arg;

	p->status = EXIT_CLEAN;
	if (ruleset_load(&p->rs, rules_default_dir(), p->o->rules_dir, &p->err) != 0)
		p->status = EXIT_USAGE;
	else if (p->o->waivers != NULL &&
	    (p->waivers = waivers_load(p->o->waivers, &p->err)) == NULL)
		p->status = EXIT_USAGE;
}

void
judge_prepare_start(struct judge_prep *p, const struct fwaudit_opts *o, bool threaded)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	/* Without a thread the loading runs in judge_prepare_join. */
	jobs_start(&p->loader, 1, threaded ? 1 : 0, judge_prepare_run, p);
}

void
judge_prepare_join(struct judge_prep *p)
{
	jobs_wait(&p->loader);
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

/* The formats as --help lists them: "text, json, ... or ixit". */
static void
formats_text(char *buf, size_t len)
{
	size_t n = 0, used = 0;

	while (report_writers[n] != NULL)
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " or " : ", ", report_writers[i]->format);

		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

/* Everything that can refuse the run, checked before anything is written;
 * 0 or the exit status. */
static int
judge_check(const struct fwaudit_opts *o, json_t **baseline, struct scan_result *res)
{
	struct fw_err err;

	for (int i = 0; i < o->noutputs; i++) {
		char formats[256];

		if (report_writer_find(o->outputs[i].format) != NULL)
			continue;
		formats_text(formats, sizeof(formats));
		return lib_fail(res, EXIT_USAGE, "unknown --format '%s' (%s; see docs/reports.md)",
		    o->outputs[i].format, formats);
	}
	if (o->fail_on_new && o->baseline == NULL)
		return lib_fail(res, EXIT_USAGE, "--fail-on-new needs --baseline OLD.json");
	if (o->baseline != NULL && (*baseline = baseline_load(o->baseline, &err)) == NULL)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	if (o->sign_key != NULL && cms_check_key(o->sign_key, o->sign_cert, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	if (o->sign_key != NULL && o->evidence_dir == NULL)
		return lib_fail(res, EXIT_USAGE,
		    "--sign-key signs the evidence bundle: give --evidence-dir DIR");
	return 0;
}

int
judge_facts(struct facts *f, const struct fwaudit_opts *o, struct judge_prep *prep,
    bool evidence_dir_ready, struct judged *j, struct scan_result *res)
{
	struct engine_opts eo = {
		.profiles = o->profiles, .nprofiles = (size_t)o->nprofiles,
		.standard_version = o->standard_version, .fail_on = o->fail_on,
		.now = report_time(), .tool_version = FWAUDIT_VERSION,
	};
	struct fw_err err;
	json_t *shared;

	memset(j, 0, sizeof(*j));
	if (judge_check(o, &j->baseline, res) != 0)
		return res->status;
	judge_prepare_join(prep);
	if (prep->status != EXIT_CLEAN)
		return lib_fail(res, prep->status, "%s", prep->err.msg);
	eo.waivers = prep->waivers;
	if ((shared = engine_run(prep->rs, f, &eo, &err)) == NULL)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	/* The engine's report holds the fact tree's own values; the report
	 * the writers see is a copy, so neither can change the other. Its
	 * inputs are copied again when their digests are in (judge_render). */
	j->report = json_deep_copy(shared);
	json_decref(shared);
	if (j->report == NULL)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	if (j->baseline != NULL)
		baseline_apply(j->report, j->baseline, o->baseline, o->fail_on_new);
	/* Once nothing else can refuse the run, and before any report is
	 * written (an -o path may be inside the bundle). scan prepared it
	 * before its collectors kept transcripts there. */
	if (o->evidence_dir != NULL && !evidence_dir_ready &&
	    evidence_prepare_dir(o->evidence_dir, o->replace_evidence, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	return 0;
}

/* Whether the text report (which ends with the closing line) goes to
 * standard output. */
static bool
text_on_stdout(const struct fwaudit_opts *o)
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

/* Every requested report, each rendered once; 0 or the exit status. */
static int
render_outputs(const json_t *report, const struct fwaudit_opts *o, struct scan_result *res)
{
	struct report_opts ropts = { .quiet = o->quiet, .verbose = o->verbose };
	struct fw_err err;

	if (o->noutputs == 0) {
		ropts.color = !o->no_color && isatty(STDOUT_FILENO);
		if (report_write(report, "text", NULL, &ropts, &err) != 0)
			return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	}
	for (int i = 0; i < o->noutputs; i++) {
		const char *path = o->outputs[i].path;

		ropts.color = !o->no_color && (path == NULL || !strcmp(path, "-")) &&
		    !strcmp(o->outputs[i].format, "text") && isatty(STDOUT_FILENO);
		if (report_write(report, o->outputs[i].format, path, &ropts, &err) != 0)
			return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	}
	return 0;
}

int
judge_render(struct facts *f, const struct fwaudit_opts *o, struct judged *j,
    struct scan_result *res)
{
	json_t *inputs = json_deep_copy(f->inputs), *facts_doc;
	struct fw_err err;
	int rc;

	if (inputs == NULL || json_object_set_new(j->report, "inputs", inputs) != 0)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	if (oom_seen())		/* a fact may be missing for it (util/oom.h) */
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	if (render_outputs(j->report, o, res) != 0)
		return res->status;
	if (o->evidence_dir != NULL) {
		if ((facts_doc = facts_to_json(f)) == NULL)
			return lib_fail(res, EXIT_INTERNAL, "out of memory");
		rc = evidence_write(j->report, facts_doc, o->evidence_dir, o->sign_key,
		    o->sign_cert, &err);
		json_decref(facts_doc);
		if (rc != 0)
			return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	}
	res->status = report_exit_status(j->report);
	if (!o->quiet && !text_on_stdout(o))
		closing_to_stderr(j->report);
	return res->status;
}

void
judged_free(struct judged *j)
{
	json_decref(j->report);
	json_decref(j->baseline);
	j->report = j->baseline = NULL;
}

bool
fwaudit_format(size_t i, const char **name, const char **what)
{
	for (size_t k = 0; k <= i; k++)
		if (report_writers[k] == NULL)
			return false;
	*name = report_writers[i]->format;
	*what = report_writers[i]->what;
	return true;
}

_Static_assert((int)FWAUDIT_EVIDENCE_ALTERED == (int)EVIDENCE_ALTERED &&
    (int)FWAUDIT_EVIDENCE_OTHER_SIGNER == (int)EVIDENCE_OTHER_SIGNER &&
    (int)FWAUDIT_EVIDENCE_NOT_SIGNED == (int)EVIDENCE_NOT_SIGNED, "one set of findings");

int
fwaudit_verify_evidence(const char *dir, const char *signer_cert, FILE *out,
    struct scan_result *res)
{
	struct fw_err err;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = evidence_verify(dir, signer_cert, out, &err)) < 0)
		lib_fail(res, EXIT_USAGE, "%s", err.msg);
	return rc;
}
