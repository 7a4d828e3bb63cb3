/* Options shared by the commands that judge facts (scan, evaluate): they
 * fill a struct fwaudit_opts (lib/fwaudit.h). */
#ifndef FWAUDIT_OPTS_H
#define FWAUDIT_OPTS_H

#include <stdbool.h>

#include "cmd/optable.h"
#include "lib/fwaudit.h"

/* Option ids above the single-character range. */
enum {
	OPT_PROFILE = 1000, OPT_RULES, OPT_WAIVERS, OPT_DECLARATIONS, OPT_FORMAT,
	OPT_FAIL_ON, OPT_STANDARD_VERSION, OPT_BASELINE, OPT_FAIL_ON_NEW,
	OPT_EVIDENCE_DIR, OPT_SIGN_KEY, OPT_SIGN_CERT, OPT_FACTS_ONLY, OPT_QUIET,
	OPT_NO_COLOR, OPT_JOBS, OPT_REPLACE_EVIDENCE, OPT_VERBOSE,
	OPT_COMMAND_BASE = 1100	/* commands number their own options from here */
};

/* The options of scan and evaluate (cmd/opts.c): run_opts_handle takes them. */
extern const struct opt_row run_opt_rows[];

void run_opts_init(struct fwaudit_opts *o);
/* Handles one shared option; 1 if handled, 0 if not ours, -1 on a bad value
 * (message printed). */
int run_opts_handle(struct fwaudit_opts *o, int opt, const char *arg);
/* Checks the combination; 0, or -1 with a message printed. */
int run_opts_finish(struct fwaudit_opts *o);

#endif
