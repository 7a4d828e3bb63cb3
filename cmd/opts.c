#include "cmd/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct opt_value severity_values[] = {
	{ "none", "never exit 1 for a failure" },
	{ "info", "any failing rule" },
	{ "low", "failing rules of severity low and above" },
	{ "medium", "failing rules of severity medium and above" },
	{ "high", "failing rules of severity high and critical" },
	{ "critical", "failing critical rules only" },
	{ NULL, NULL }
};

static const struct opt_value standard_versions[] = {
	{ "3.1.3", "EN 303 645 V3.1.3 provision IDs" },
	{ "2.1.1", "the V2.1.1 IDs, as UK PSTI and TS 103 701 V1.1.1 cite them" },
	{ NULL, NULL }
};

/* The formats are the report writers': one list for help and for --format. */
static bool
format_value(size_t i, struct opt_value *out)
{
	return fwaudit_format(i, &out->name, &out->what);
}

const struct opt_row run_opt_rows[] = {
	OPT_HEADING("judging"),
	{ "profile", OPT_PROFILE, "NAME", "A baseline to report against; repeatable (at most 8). "
	  "`fwaudit profiles list` shows them: `etsi-en-303-645` (ETSI EN 303 645), `pswg` "
	  "(CSA PSWG IoT Device Security Specification), `en-18031-1`, `en-18031-2`, "
	  "`en-18031-3` (EN 18031 parts 1 to 3, RED 3.3(d)(e)(f)) and `cra` (Cyber "
	  "Resilience Act Annex I) are built in.",
	  "etsi-en-303-645", NULL, NULL, NULL },
	{ "standard-version", OPT_STANDARD_VERSION, "V", "The EN 303 645 version whose "
	  "provision IDs the reports use.", "3.1.3", standard_versions, NULL, NULL },
	{ "rules", OPT_RULES, "DIR", "Add the rules in DIR (a directory of YAML files, or one "
	  "file); a rule with a built-in's id replaces it ([rules.md](rules.md)).",
	  NULL, NULL, NULL, NULL },
	{ "declarations", OPT_DECLARATIONS, "FILE", "The vendor's declarations: what only the "
	  "vendor can answer (disclosure policy, support period, expected ports) "
	  "([declarations.md](declarations.md)).", NULL, NULL, NULL, NULL },
	{ "waivers", OPT_WAIVERS, "FILE", "Accepted findings, each with a justification and "
	  "an expiry; an expired waiver has no effect and is reported "
	  "([declarations.md](declarations.md)).", NULL, NULL, NULL, NULL },
	{ "fail-on", OPT_FAIL_ON, "SEVERITY", "Exit 1 when a rule fails at or above SEVERITY.",
	  "high", severity_values, NULL, NULL },
	{ "baseline", OPT_BASELINE, "OLD.json", "Mark each finding new, unchanged or fixed "
	  "against an older JSON report.", NULL, NULL, NULL, NULL },
	{ "fail-on-new", OPT_FAIL_ON_NEW, NULL, "With `--baseline`: exit 1 only for new "
	  "failures at or above `--fail-on`.", NULL, NULL, NULL, NULL },
	OPT_HEADING("reports"),
	{ "format", OPT_FORMAT, "FMT", "Write a report in FMT; repeatable, each paired with "
	  "the `-o` after it ([reports.md](reports.md)). Without any, the text report goes to "
	  "standard output.", NULL, NULL, format_value, NULL },
	{ "output", 'o', "FILE", "Where the report of the `--format` before it goes (`-` is "
	  "standard output); without a `--format` before it, a JSON report. With "
	  "`--facts-only`, where the fact tree goes.", NULL, NULL, NULL, NULL },
	{ "evidence-dir", OPT_EVIDENCE_DIR, "DIR", "Write every format, the fact tree, the "
	  "transcripts and a SHA-256 manifest into DIR (created if absent) "
	  "([reports.md](reports.md)); `fwaudit verify-evidence DIR` checks it. A non-empty "
	  "DIR is refused: a bundle holds only what this run wrote.",
	  NULL, NULL, NULL, NULL },
	{ "replace-evidence", OPT_REPLACE_EVIDENCE, NULL, "With `--evidence-dir`: replace the "
	  "earlier bundle in DIR. Only a bundle fwaudit wrote is removed (every entry a file "
	  "it writes, unchanged since its manifest); anything else is refused and nothing is "
	  "removed.", NULL, NULL, NULL, NULL },
	{ "sign-key", OPT_SIGN_KEY, "KEY", "With `--evidence-dir` and `--sign-cert`: sign the "
	  "evidence manifest with this private key (PEM or DER); the signature is detached CMS, DER.",
	  NULL, NULL, NULL, NULL },
	{ "sign-cert", OPT_SIGN_CERT, "CERT", "The certificate (PEM or DER) of `--sign-key`, "
	  "embedded in the signature.", NULL, NULL, NULL, NULL },
	{ "facts-only", OPT_FACTS_ONLY, NULL, "Write the fact tree (JSON) instead of judging "
	  "it; `fwaudit evaluate` judges it later.", NULL, NULL, NULL, NULL },
	{ "quiet", OPT_QUIET, NULL, "Text report: the failures and the summary only; no "
	  "progress line, and no closing line on standard error when every report goes to "
	  "a file.", NULL, NULL, NULL, NULL },
	{ "verbose", OPT_VERBOSE, NULL, "Text report: every rule with all its evidence and "
	  "every provision on its own line (the default shows the findings, what would "
	  "complete the evidence and a shorter provision table).", NULL, NULL, NULL, NULL },
	{ "no-color", OPT_NO_COLOR, NULL, "No ANSI colours (also when `NO_COLOR` is set and "
	  "not empty).", NULL, NULL, NULL, NULL },
	OPT_HEADING("speed"),
	{ "jobs", OPT_JOBS, "N", "Connection attempts in flight during a network scan "
	  "(`scan --host`), and at most N probe workers; threads trying a root file "
	  "system's password hashes (at most 16); 1 to 256.",
	  "512 connections, 16 probe workers, a hash thread per core", NULL, NULL, NULL },
	OPT_ROWS_END
};

void
run_opts_init(struct fwaudit_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fail_on = "high";
	o->standard_version = "3.1.3";
	o->jobs = 0;
	if (getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0')
		o->no_color = true;
}

int
run_opts_handle(struct fwaudit_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_PROFILE:
		if (o->nprofiles == FWAUDIT_MAX_PROFILES) {
			die(2, "too many --profile options (at most %d)", FWAUDIT_MAX_PROFILES);
			return -1;
		}
		o->profiles[o->nprofiles++] = arg;
		return 1;
	case OPT_RULES: o->rules_dir = arg; return 1;
	case OPT_WAIVERS: o->waivers = arg; return 1;
	case OPT_DECLARATIONS: o->declarations = arg; return 1;
	case OPT_FORMAT:
		if (o->noutputs == FWAUDIT_MAX_OUTPUTS) {
			die(2, "too many --format options (at most %d)", FWAUDIT_MAX_OUTPUTS);
			return -1;
		}
		o->outputs[o->noutputs++].format = arg;
		return 1;
	case 'o':
		/* -o pairs with the --format before it; alone, it means json. */
		if (o->noutputs == 0 || o->outputs[o->noutputs - 1].path != NULL) {
			if (o->noutputs == FWAUDIT_MAX_OUTPUTS) {
				die(2, "too many -o options (at most %d)", FWAUDIT_MAX_OUTPUTS);
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
	case OPT_VERBOSE: o->verbose = true; return 1;
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

static int
check_value(int id, const char *v)
{
	const struct opt_row *r = run_opt_rows;

	while (r->name == NULL || r->id != id)
		r++;
	return opt_row_check(r, v);
}

int
run_opts_finish(struct fwaudit_opts *o)
{
	if (check_value(OPT_FAIL_ON, o->fail_on) != 0 ||
	    check_value(OPT_STANDARD_VERSION, o->standard_version) != 0)
		return -1;
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
