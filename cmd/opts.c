#include "cmd/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

void
run_opts_init(struct run_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fail_on = "high";
	o->standard_version = "3.1.3";
	o->jobs = 0;
	if (getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0')
		o->no_color = true;
}

int
run_opts_handle(struct run_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_PROFILE:
		if (o->nprofiles == MAX_PROFILES) {
			die(2, "too many --profile options (at most %d)", MAX_PROFILES);
			return -1;
		}
		o->profiles[o->nprofiles++] = arg;
		return 1;
	case OPT_RULES: o->rules_dir = arg; return 1;
	case OPT_WAIVERS: o->waivers = arg; return 1;
	case OPT_DECLARATIONS: o->declarations = arg; return 1;
	case OPT_FORMAT:
		if (o->noutputs == MAX_OUTPUTS) {
			die(2, "too many --format options (at most %d)", MAX_OUTPUTS);
			return -1;
		}
		o->outputs[o->noutputs++].format = arg;
		return 1;
	case 'o':
		/* -o pairs with the --format before it; alone, it means json. */
		if (o->noutputs == 0 || o->outputs[o->noutputs - 1].path != NULL) {
			if (o->noutputs == MAX_OUTPUTS) {
				die(2, "too many -o options (at most %d)", MAX_OUTPUTS);
				return -1;
			}
			o->outputs[o->noutputs++].format = NULL;
		}
		o->outputs[o->noutputs - 1].path = arg;
		return 1;
	case OPT_FAIL_ON: o->fail_on = arg; return 1;
	case OPT_STANDARD_VERSION: o->standard_version = arg; return 1;
	case OPT_BASELINE: o->baseline = arg; return 1;
	case OPT_FAIL_ON_NEW: o->fail_on_new = true; return 1;
	case OPT_EVIDENCE_DIR: o->evidence_dir = arg; return 1;
	case OPT_REPLACE_EVIDENCE: o->replace_evidence = true; return 1;
	case OPT_SIGN_KEY: o->sign_key = arg; return 1;
	case OPT_SIGN_CERT: o->sign_cert = arg; return 1;
	case OPT_FACTS_ONLY: o->facts_only = true; return 1;
	case OPT_QUIET: o->quiet = true; return 1;
	case OPT_NO_COLOR: o->no_color = true; return 1;
	case OPT_JOBS: {
		char *end;
		long n = strtol(arg, &end, 10);

		if (*end != '\0' || n < 1 || n > 256) {
			die(2, "--jobs takes a number from 1 to 256, not '%s'", arg);
			return -1;
		}
		o->jobs = (int)n;
		return 1;
	}
	default:
		return 0;
	}
}

int
run_opts_finish(struct run_opts *o)
{
	static const char *const severities[] = { "none", "info", "low", "medium",
	    "high", "critical", NULL };
	int ok = 0;

	for (int i = 0; severities[i] != NULL; i++)
		if (strcmp(o->fail_on, severities[i]) == 0)
			ok = 1;
	if (!ok) {
		die(2, "--fail-on takes none, info, low, medium, high or critical, not '%s'",
		    o->fail_on);
		return -1;
	}
	if (strcmp(o->standard_version, "3.1.3") != 0 &&
	    strcmp(o->standard_version, "2.1.1") != 0) {
		die(2, "--standard-version takes 3.1.3 or 2.1.1, not '%s'",
		    o->standard_version);
		return -1;
	}
	for (int i = 0; i < o->noutputs; i++)
		if (o->outputs[i].format == NULL)
			o->outputs[i].format = "json";
	if (o->replace_evidence && o->evidence_dir == NULL) {
		die(2, "--replace-evidence replaces the bundle in --evidence-dir DIR: give "
		    "--evidence-dir");
		return -1;
	}
	if ((o->sign_key == NULL) != (o->sign_cert == NULL)) {
		die(2, "--sign-key and --sign-cert go together");
		return -1;
	}
	return 0;
}
