/* The library's judging and rendering, shared by fwaudit_scan and
 * fwaudit_evaluate (lib/fwaudit.h); private to lib/. */
#ifndef FWAUDIT_LIB_JUDGE_H
#define FWAUDIT_LIB_JUDGE_H

#include <jansson.h>
#include <stdbool.h>

#include "util/error.h"
#include "util/jobs.h"
#include "lib/fwaudit.h"
#include "lib/result.h"

struct facts;
struct ruleset;

/* Rules, profiles and waivers, loaded (possibly on a thread) before the
 * facts are ready. */
struct judge_prep {
	const struct fwaudit_opts *o;
	struct ruleset *rs;
	json_t *waivers;
	int status;		/* EXIT_CLEAN, or EXIT_USAGE with err */
	struct fw_err err;
	struct jobs loader;	/* one job: the loading, on a thread when one can be made */
};

void judge_prepare_start(struct judge_prep *p, const struct fwaudit_opts *o, bool threaded);
/* Waits for the loading thread; judge_prepare_free also frees. */
void judge_prepare_join(struct judge_prep *p);
void judge_prepare_free(struct judge_prep *p);

/* One run's judging: checked and judged first, rendered once the facts
 * (the inputs' digests) are final. */
struct judged {
	json_t *report;		/* a copy: shares no value with the fact tree */
	json_t *baseline;
};

/* Checks what can refuse the run and judges f; 0, or the exit status with
 * res set. evidence_dir_ready: the bundle directory was prepared already. */
int judge_facts(struct facts *f, const struct fwaudit_opts *o, struct judge_prep *prep,
    bool evidence_dir_ready, struct judged *j, struct scan_result *res);
/* With f final: renders every report once, from a copy of j's report
 * that shares nothing with f, and writes the bundle; the exit status. */
int judge_render(struct facts *f, const struct fwaudit_opts *o, struct judged *j,
    struct scan_result *res);
void judged_free(struct judged *j);
/* Writes the fact tree (facts_only) to the first output or stdout. */
int write_facts(struct facts *f, const struct fwaudit_opts *o, struct scan_result *res);

#endif
