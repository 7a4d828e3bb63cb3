#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/live.h"
#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/declarations.h"
#include "core/facts.h"
#include "core/hashq.h"
#include "core/teardown.h"
#include "core/input.h"
#include "reports/evidence.h"

enum {
	OPT_SERIAL = OPT_COMMAND_BASE, OPT_CONSOLE, OPT_NO_RESET, OPT_BAUD,
	OPT_HOST, OPT_PORTS, OPT_TRY_LOGINS, OPT_CREDENTIALS, OPT_KIND,
	OPT_COMPARE, OPT_TIMEOUT, OPT_SCAN_TIMEOUT,
};

static const struct option scan_options[] = {
	RUN_LONG_OPTIONS,
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "console", no_argument, NULL, OPT_CONSOLE },
	{ "no-reset", no_argument, NULL, OPT_NO_RESET },
	{ "baud", required_argument, NULL, OPT_BAUD },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "ports", required_argument, NULL, OPT_PORTS },
	{ "try-logins", no_argument, NULL, OPT_TRY_LOGINS },
	{ "credentials", required_argument, NULL, OPT_CREDENTIALS },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "scan-timeout", required_argument, NULL, OPT_SCAN_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

static void
scan_usage(FILE *fp)
{
	fputs("usage: fwaudit scan [INPUT...] [--serial PORT [--console] [--no-reset] [--baud N]]\n"
	    "                    [--host ADDR [--ports SPEC] [--try-logins] [--credentials FILE]\n"
	    "                    [--timeout MS] [--scan-timeout MS]]\n"
	    "                    [--compare UNIT_A UNIT_B] [--kind KIND] [--facts-only]\n"
	    "                    [--profile NAME]... [--rules DIR] [--waivers FILE] [--declarations FILE]\n"
	    "                    [--format FMT [-o FILE]]... [--fail-on SEVERITY] [--standard-version V]\n"
	    "                    [--baseline OLD.json [--fail-on-new]] [--evidence-dir DIR\n"
	    "                    [--sign-key KEY --sign-cert CERT]] [--quiet] [--no-color]\n"
	    "inputs are recognised by content; see docs/cli.md\n", fp);
}

/* An input's SHA-256 (its provenance), queued on the hash threads while
 * the collector reads the same mapped bytes (for a flash dump, beside the
 * digests of the images in it: core/hashq.h). */
struct input_hash {
	const struct input *in;
	struct hashq_job job;
};

static void
input_hash_start(struct input_hash *h, const struct input *in)
{
	h->in = in;
	memset(&h->job, 0, sizeof(h->job));
	h->job.data = in->data;
	h->job.len = in->len;
	h->job.drop_behind = in->map != NULL && in->len >= INPUT_LARGE;
	hashq_submit(&h->job);
}

/* On the way out after an error: the digest is not wanted any more. */
static void
input_hash_cancel(struct input_hash *h)
{
	if (h->in == NULL)
		return;
	hashq_cancel(&h->job);
	h->in = NULL;
}

static void
input_hash_finish(struct input_hash *h, struct facts *f)
{
	char hex[65];

	if (h->in == NULL)
		return;
	hashq_wait(&h->job);
	if (!h->job.failed && h->in->kind != NULL) {	/* else never recognised */
		hex_encode(h->job.digest, 32, hex);
		facts_input_set_sha256(f, h->in->index, hex);
	}
	h->in = NULL;
}

/* Every input's hash, joined as late as possible: only the report needs it. */
struct input_hashes {
	struct input_hash *h;
	int n;
	struct facts *f;
};

static void
input_hashes_finish(void *arg)
{
	struct input_hashes *hs = arg;

	for (int i = 0; i < hs->n; i++)
		input_hash_finish(&hs->h[i], hs->f);
}

/* Progress for long work: stderr, and only on a terminal, one line that
 * the next step overwrites (DESIGN.md, command line). */
static void progress(bool on, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
progress(bool on, const char *fmt, ...)
{
	va_list ap;

	if (!on)
		return;
	fputs("\r\033[Kfwaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static void
progress_clear(bool on)
{
	if (on)
		fputs("\r\033[K", stderr);
}

static int
parse_timeout(const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end != '\0' || v < 1 || v > 3600000)
		return -1;
	*out = (int)v;
	return 0;
}

int
cmd_scan(int argc, char **argv)
{
	struct run_opts ro;
	struct serial_opts so = { 0 };
	struct net_opts no = { 0 };
	const char *kind = NULL;
	bool compare = false;
	struct input *inputs = NULL;
	struct facts *f = NULL;
	struct fw_err err = { .internal = 0 };
	struct input_hashes hashes = { 0 };
	struct judge_prep prep;
	bool prep_started = false, progress_on = false;
	int opt, rc, status = EXIT_USAGE, ninputs = 0;

	run_opts_init(&ro);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", scan_options, NULL)) != -1) {
		int h = run_opts_handle(&ro, opt, optarg);

		if (h < 0)
			return EXIT_USAGE;
		if (h > 0)
			continue;
		switch (opt) {
		case OPT_SERIAL: so.port = optarg; break;
		case OPT_CONSOLE: so.console = true; break;
		case OPT_NO_RESET: so.no_reset = true; break;
		case OPT_BAUD:
			so.baud = atoi(optarg);
			if (so.baud < 300 || so.baud > 5000000)
				return die(EXIT_USAGE, "--baud takes 300..5000000, not '%s'", optarg);
			break;
		case OPT_HOST: no.host = optarg; break;
		case OPT_PORTS: no.ports = optarg; break;
		case OPT_TRY_LOGINS: no.try_logins = true; break;
		case OPT_CREDENTIALS: no.credentials = optarg; break;
		case OPT_KIND: kind = optarg; break;
		case OPT_COMPARE: compare = true; break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &no.timeout_ms) != 0)
				return die(EXIT_USAGE, "--timeout takes milliseconds (1..3600000), not '%s'", optarg);
			so.timeout_ms = no.timeout_ms;
			break;
		case OPT_SCAN_TIMEOUT:
			if (parse_timeout(optarg, &no.total_timeout_ms) != 0)
				return die(EXIT_USAGE, "--scan-timeout takes milliseconds (1..3600000), not '%s'", optarg);
			break;
		case OPT_HELP:
			scan_usage(stdout);
			return EXIT_CLEAN;
		default:
			scan_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (run_opts_finish(&ro) != 0)
		return EXIT_USAGE;
	progress_on = !ro.quiet && isatty(STDERR_FILENO);
	ninputs = argc - optind;
	if (ninputs == 0 && kind != NULL && strcmp(kind, "help") == 0)
		;	/* handled below */
	else if (ninputs == 0 && so.port == NULL && no.host == NULL) {
		scan_usage(stderr);
		return die(EXIT_USAGE, "nothing to scan: give input files, --serial or --host");
	}
	if (compare && ninputs != 2)
		return die(EXIT_USAGE, "--compare takes exactly two inputs (UNIT_A UNIT_B), got %d", ninputs);
	if (kind != NULL && strcmp(kind, "help") == 0) {
		for (size_t i = 0; collector_table[i] != NULL; i++)
			printf("%-20s %s\n", collector_table[i]->kind, collector_table[i]->what);
		return EXIT_CLEAN;
	}
	if (kind != NULL && collector_by_kind(kind) == NULL) {
		fprintf(stderr, "fwaudit: unknown --kind '%s'; kinds:", kind);
		for (size_t i = 0; collector_table[i] != NULL; i++)
			fprintf(stderr, " %s", collector_table[i]->kind);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	so.evidence_dir = no.evidence_dir = ro.evidence_dir;
	/* A signing key that cannot sign fails before a long live scan; the
	 * bundle directory exists before collectors keep transcripts there. */
	if (ro.sign_key != NULL && cms_check_key(ro.sign_key, ro.sign_cert, &err) != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	if (ro.evidence_dir != NULL && evidence_prepare_dir(ro.evidence_dir, &err) != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	no.jobs = ro.jobs;

	if ((f = facts_new()) == NULL)
		return die(EXIT_INTERNAL, "out of memory");
	if (ro.declarations != NULL &&
	    declarations_collect(f, ro.declarations, &err) != 0) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (!ro.facts_only)
		judge_prepare_start(&prep, &ro, true);
	prep_started = !ro.facts_only;
	inputs = calloc((size_t)ninputs + 1, sizeof(*inputs));
	hashes.h = calloc((size_t)ninputs + 1, sizeof(*hashes.h));
	hashes.f = f;
	if (inputs == NULL || hashes.h == NULL) {
		status = die(EXIT_INTERNAL, "out of memory");
		goto out;
	}
	for (int i = 0; i < ninputs; i++) {
		struct input *in = &inputs[i];
		const struct collector *c;

		if (input_open(in, argv[optind + i], &err) != 0) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
		/* Hashing starts first: for a big dump it is the longest step. */
		input_hash_start(&hashes.h[i], in);
		hashes.n = i + 1;
		c = kind ? collector_by_kind(kind) : collector_detect(in, &err);
		if (c == NULL) {
			status = die(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
		in->kind = c->kind;
		in->index = facts_add_input_pending(f, in->path, c->kind, in->len);
		if (in->index < 0) {
			status = die(EXIT_INTERNAL, "out of memory");
			goto out;
		}
		if (in->len >= (4u << 20))
			progress(progress_on, "reading %s (%zu MiB)", in->path, in->len >> 20);
		rc = c->collect(f, in, &err);
		if (rc != 0) {
			status = die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	if (compare)
		input_hashes_finish(&hashes);	/* compare tells identical inputs by hash */
	if (compare && collect_compare(f, &inputs[0], &inputs[1], &err) != 0) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (so.port != NULL)
		progress(progress_on, "reading the chip on %s", so.port);
	if (so.port != NULL && collect_serial(f, &so, &err) != 0) {
		status = die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (no.host != NULL)
		progress(progress_on, "scanning %s (ports %s)", no.host, no.ports ? no.ports : "top");
	if (no.host != NULL && collect_network(f, &no, &err) != 0) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	for (size_t i = 0; post_collect_table[i] != NULL; i++)
		post_collect_table[i](f);
	progress_clear(progress_on);
	if (ro.facts_only) {
		input_hashes_finish(&hashes);
		status = run_write_facts(f, &ro);
	} else {
		status = run_judge_prepared(f, &ro, &prep, input_hashes_finish, &hashes);
	}
out:
	progress_clear(progress_on);
	for (int i = 0; i < hashes.n; i++)	/* no hashing outlives the mapped inputs */
		input_hash_cancel(&hashes.h[i]);
	hashq_shutdown();
	if (prep_started)
		judge_prepare_join(&prep);
	if (!free_at_exit())
		return status;
	if (prep_started)
		judge_prepare_free(&prep);
	free(hashes.h);
	for (int i = 0; inputs != NULL && i < ninputs; i++)
		input_close(&inputs[i]);
	free(inputs);
	facts_free(f);
	return status;
}
