/* Options shared by the commands that judge facts (scan, evaluate). */
#ifndef FWAUDIT_OPTS_H
#define FWAUDIT_OPTS_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>

#include "cmd/optable.h"
#include "core/error.h"

#define MAX_PROFILES 8
#define MAX_OUTPUTS 16

struct output_spec {
	const char *format;	/* text, json, ... */
	const char *path;	/* NULL or "-": stdout */
};

struct run_opts {
	const char *profiles[MAX_PROFILES];
	int nprofiles;
	const char *rules_dir;
	const char *waivers;
	const char *declarations;
	struct output_spec outputs[MAX_OUTPUTS];
	int noutputs;
	const char *fail_on;
	const char *standard_version;
	const char *baseline;
	bool fail_on_new;
	const char *evidence_dir;
	bool replace_evidence;	/* an earlier bundle in evidence_dir may be replaced */
	bool evidence_dir_ready;	/* scan prepared it before collecting */
	const char *sign_key;
	const char *sign_cert;
	bool facts_only;
	bool quiet;
	bool verbose;
	bool no_color;
	int jobs;
};

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

void run_opts_init(struct run_opts *o);
/* Handles one shared option; 1 if handled, 0 if not ours, -1 on a bad value
 * (message printed). */
int run_opts_handle(struct run_opts *o, int opt, const char *arg);
/* Checks the combination; 0, or -1 with a message printed. */
int run_opts_finish(struct run_opts *o);

struct facts;
struct ruleset;

/* Rules, profiles and waivers, loaded (possibly on a thread) before the
 * facts are ready. */
struct judge_prep {
	const struct run_opts *o;
	struct ruleset *rs;
	json_t *waivers;
	int status;		/* EXIT_CLEAN, or EXIT_USAGE with err */
	struct fw_err err;
	pthread_t th;
	bool threaded;
};

void judge_prepare_start(struct judge_prep *p, const struct run_opts *o, bool threaded);
/* Waits for the loading thread; judge_prepare_free also frees. */
void judge_prepare_join(struct judge_prep *p);
void judge_prepare_free(struct judge_prep *p);
/* run_judge with rules already being loaded; inputs_ready(arg), when given,
 * runs after judging and before any report is written. */
int run_judge_prepared(struct facts *f, const struct run_opts *o, struct judge_prep *p,
    void (*inputs_ready)(void *), void *arg);
/* Judges facts with the rules and profiles and writes every requested
 * report; returns the exit status. Takes ownership of nothing. */
int run_judge(struct facts *f, const struct run_opts *o);
/* Writes the fact tree (--facts-only) to the first -o path or stdout. */
int run_write_facts(struct facts *f, const struct run_opts *o);

#endif
