#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/claims.h"
#include "checks/components.h"
#include "checks/live.h"
#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/declarations.h"
#include "core/facts.h"
#include "core/hashq.h"
#include "core/teardown.h"
#include "core/input.h"
#include "checks/registry.h"
#include "checks/vulns.h"
#include "reports/evidence.h"

enum {
	OPT_SERIAL = OPT_COMMAND_BASE, OPT_CONSOLE, OPT_NO_RESET, OPT_BAUD,
	OPT_HOST, OPT_PORTS, OPT_TRY_LOGINS, OPT_CREDENTIALS, OPT_KIND,
	OPT_COMPARE, OPT_TIMEOUT, OPT_SCAN_TIMEOUT, OPT_ORIGIN, OPT_SEPARATE_UNITS, OPT_VEX,
};

/* The kinds are the collectors': one list for help and for --kind. */
static bool
kind_value(size_t i, struct opt_value *out)
{
	for (size_t k = 0; k <= i; k++)
		if (collector_table[k] == NULL)
			return false;
	*out = (struct opt_value){ collector_table[i]->kind, collector_table[i]->what };
	return true;
}

static const struct opt_value origin_values[] = {
	{ "readback", "read back from a device (esptool read_flash, a programmer)" },
	{ "build", "a build output (idf.py build, merge_bin, an OTA payload)" },
	{ NULL, NULL }
};

static const struct opt_row scan_opt_rows[] = {
	OPT_HEADING("inputs"),
	{ "kind", OPT_KIND, "KIND", "Read every input as KIND instead of recognising it by "
	  "content; `--kind help` lists the kinds.", NULL, NULL, kind_value, NULL },
	{ "compare", OPT_COMPARE, NULL, "The two inputs are two units of one product: "
	  "report the keys, certificates and passwords they wrongly share "
	  "([compare.md](compare.md)).", NULL, NULL, NULL, NULL },
	{ "origin", OPT_ORIGIN, "ORIGIN", "What the flash and image inputs are: bytes read "
	  "back from a device, or build outputs. Flash encryption is judged from a read-back's "
	  "own bytes, and for a build output from the eFuses, else the sdkconfig "
	  "([images.md](images.md)).", "told from the input's own evidence, else unknown",
	  origin_values, NULL, NULL },
	{ "separate-units", OPT_SEPARATE_UNITS, NULL, "The inputs come from different units: "
	  "inputs whose chip, MAC or flash size contradict each other are a warning, not "
	  "exit 2.", NULL, NULL, NULL, NULL },
	{ "vex", OPT_VEX, "FILE", "A CycloneDX VEX document: its analysis (not_affected, "
	  "resolved, ... with justification) applies to the vulnerabilities found in the "
	  "components; `--format cyclonedx-vex` writes the result ([sbom.md](sbom.md)).",
	  NULL, NULL, NULL, NULL },
	OPT_HEADING("live chip (serial)"),
	{ "serial", OPT_SERIAL, "PORT", "Read the chip through its ROM loader on PORT, "
	  "read-only: security info and eFuses ([serial.md](serial.md)). PORT is a device "
	  "(`/dev/ttyUSB0`), `rfc2217://HOST:PORT` or `tcp://HOST:PORT`; `fwaudit ports` "
	  "lists the serial ports. The chip is told from its answers.", NULL, NULL, NULL, NULL },
	{ "console", OPT_CONSOLE, NULL, "With `--serial`: also boot the application and "
	  "classify its console (root shell, login, REPL, U-Boot); sends one line break.",
	  NULL, NULL, NULL, NULL },
	{ "no-reset", OPT_NO_RESET, NULL, "With `--serial`: do not reset the chip into the ROM "
	  "loader (DTR/RTS); put it in download mode by hand (hold BOOT, tap EN).",
	  NULL, NULL, NULL, NULL },
	{ "baud", OPT_BAUD, "N", "With `--serial`: the line speed, 300 to 5000000.",
	  "115200", NULL, NULL, NULL },
	OPT_HEADING("live network"),
	{ "host", OPT_HOST, "ADDR", "Audit the network face of the device at ADDR (IPv4, IPv6 "
	  "or a name): open ports, banners, TLS, default logins; only this address is "
	  "touched ([network.md](network.md)).", NULL, NULL, NULL, NULL },
	{ "ports", OPT_PORTS, "SPEC", "With `--host`: the TCP ports, a list such as "
	  "`22,80,8000-8100`, or `top` (31 common IoT ports) or `all` (1-65535); `udp` adds "
	  "the UDP probes, which `top` and `all` include.", "top", NULL, NULL, NULL },
	{ "try-logins", OPT_TRY_LOGINS, NULL, "With `--host`: try default credentials on the "
	  "services that take a login (an active login attempt, so off by default).",
	  NULL, NULL, NULL, NULL },
	{ "credentials", OPT_CREDENTIALS, "FILE", "With `--try-logins`: more `user:password` "
	  "lines to try after the built-in list.", NULL, NULL, NULL, NULL },
	{ "timeout", OPT_TIMEOUT, "MS", "Milliseconds, 1 to 3600000: with `--serial` the "
	  "whole ROM stage (default 5000); with `--host` each connection, banner, probe, TLS "
	  "handshake or login attempt (default 1000).", NULL, NULL, NULL, NULL },
	{ "scan-timeout", OPT_SCAN_TIMEOUT, "MS", "With `--host`: milliseconds, 1 to 3600000, "
	  "for the whole network audit; a scan cut short says so (`net.scan.complete` false, "
	  "a warning).", "600000", NULL, NULL, NULL },
	OPT_ROWS_END
};

static const char *const scan_usage[] = {
	"scan [OPTION...] INPUT...",
	"scan [OPTION...] --serial PORT [--console] [--no-reset] [INPUT...]",
	"scan [OPTION...] --host ADDR [--ports SPEC] [--try-logins] [INPUT...]",
	"scan [OPTION...] --compare UNIT_A UNIT_B",
	NULL
};

static const struct opt_row *const scan_tables[] = {
	scan_opt_rows, run_opt_rows, help_opt_rows, NULL
};

const struct cmd_doc scan_doc = {
	"scan", "gather facts from inputs and live devices, judge them, report", scan_usage,
	"Gathers facts from every input and live source, judges them with the rules of the "
	"chosen profiles and writes the reports. Inputs are recognised by content, not by "
	"name: a flash dump, an app or bootloader image, a partition table, otadata, an NVS "
	"or `esp_secure_cert` partition, an `sdkconfig`, an eFuse summary or dump (the "
	"`--kind` list). An input of no known kind is exit 2, naming what was seen. Missing "
	"evidence is `not_tested`, never `pass`.\n\n"
	"Long work (inputs of 4 MiB and more, the serial ROM, network scans) shows one "
	"progress line on standard error, only when it is a terminal and `--quiet` is not "
	"given; the line is cleared before the report is written.",
	scan_tables, NULL
};

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
	if (h->job.failed && h->in->kind != NULL) {
		/* An input without its digest has no provenance: no report may
		 * name it with an empty or made-up one. Nothing is written yet. */
		die(EXIT_INTERNAL, "%s: internal error: its SHA-256 could not be computed",
		    h->in->path);
		exit(EXIT_INTERNAL);
	}
	if (h->in->kind != NULL) {	/* else never recognised */
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

/* --timeout, --scan-timeout: milliseconds, 1 to 3600000; else -1, said. */
static int
parse_timeout(const char *opt, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end != '\0' || v < 1 || v > 3600000) {
		die(EXIT_USAGE, "--%s takes milliseconds (1..3600000), not '%s'", opt, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* What the scan command was asked to do. */
struct scan_args {
	struct run_opts ro;
	struct serial_opts so;
	struct net_opts no;
	const char *kind, *origin, *vex;
	bool compare, separate_units, progress_on;
	char **paths;
	int ninputs;
};

/* The options into a; false with *status when the command ends here (a
 * bad option, --help). */
static bool
scan_parse_options(int argc, char **argv, struct scan_args *a, int *status)
{
	struct opt_parser op;
	int opt;

	*status = EXIT_USAGE;
	run_opts_init(&a->ro);
	optind = 1;
	opt_parser_init(&op, &scan_doc);
	while ((opt = opt_next(&op, argc, argv, status)) != -1) {
		int h = opt == OPT_STOP ? 0 : run_opts_handle(&a->ro, opt, optarg);

		if (h < 0)
			return *status = EXIT_USAGE, false;
		if (h > 0)
			continue;
		switch (opt) {
		case OPT_STOP:
			return false;
		case OPT_SERIAL: a->so.port = optarg; break;
		case OPT_CONSOLE: a->so.console = true; break;
		case OPT_NO_RESET: a->so.no_reset = true; break;
		case OPT_BAUD:
			a->so.baud = atoi(optarg);
			if (a->so.baud < 300 || a->so.baud > 5000000)
				return *status = die(EXIT_USAGE, "--baud takes 300..5000000, not '%s'",
				    optarg), false;
			break;
		case OPT_HOST: a->no.host = optarg; break;
		case OPT_PORTS: a->no.ports = optarg; break;
		case OPT_TRY_LOGINS: a->no.try_logins = true; break;
		case OPT_CREDENTIALS: a->no.credentials = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_VEX: a->vex = optarg; break;
		case OPT_COMPARE: a->compare = true; break;
		case OPT_ORIGIN:
			/* Where flash and image inputs come from (docs/images.md):
			 * flash encryption is judged from the bytes of a read-back
			 * only; a build output's from eFuses and sdkconfig. */
			if (opt_row_check(cmd_doc_row(&scan_doc, OPT_ORIGIN), optarg) != 0)
				return false;
			a->origin = optarg;
			break;
		case OPT_SEPARATE_UNITS: a->separate_units = true; break;
		case OPT_TIMEOUT:
			if (parse_timeout("timeout", optarg, &a->no.timeout_ms) != 0)
				return false;
			a->so.timeout_ms = a->no.timeout_ms;
			break;
		case OPT_SCAN_TIMEOUT:
			if (parse_timeout("scan-timeout", optarg, &a->no.total_timeout_ms) != 0)
				return false;
			break;
		default:
			return *status = die(EXIT_INTERNAL, "option %d has a row but no case", opt),
			    false;
		}
	}
	a->paths = argv + optind;
	a->ninputs = argc - optind;
	return true;
}

/* The options together make sense, --kind help is answered, and a signing
 * key and an evidence directory are ready before any long work; false with
 * *status when the command ends here. */
static bool
scan_check_args(struct scan_args *a, int *status)
{
	struct fw_err err = { .internal = 0 };

	*status = EXIT_USAGE;
	if (run_opts_finish(&a->ro) != 0)
		return false;
	a->progress_on = !a->ro.quiet && isatty(STDERR_FILENO);
	/* The SHA-512 of every image is for an SBOM only (checks/components.h). */
	for (int i = 0; i < a->ro.noutputs; i++)
		if (strncmp(a->ro.outputs[i].format, "cyclonedx", 9) == 0)
			components_want_sha512(true);
	if (a->ro.evidence_dir != NULL)
		components_want_sha512(true);
	if (a->ninputs == 0 && a->kind != NULL && strcmp(a->kind, "help") == 0)
		;	/* handled below */
	else if (a->ninputs == 0 && a->so.port == NULL && a->no.host == NULL) {
		cmd_usage_text(&scan_doc, stderr);
		return *status = die(EXIT_USAGE, "nothing to scan: give input files, --serial "
		    "or --host"), false;
	}
	if (a->compare && a->ninputs != 2)
		return *status = die(EXIT_USAGE, "--compare takes exactly two inputs (UNIT_A "
		    "UNIT_B), got %d", a->ninputs), false;
	if (a->kind != NULL && strcmp(a->kind, "help") == 0) {
		for (size_t i = 0; collector_table[i] != NULL; i++)
			printf("%-20s %s\n", collector_table[i]->kind, collector_table[i]->what);
		return *status = EXIT_CLEAN, false;
	}
	if (a->kind != NULL && collector_by_kind(a->kind) == NULL) {
		fprintf(stderr, "fwaudit: unknown --kind '%s'; kinds:", a->kind);
		for (size_t i = 0; collector_table[i] != NULL; i++)
			fprintf(stderr, " %s", collector_table[i]->kind);
		fputc('\n', stderr);
		return false;
	}
	a->so.evidence_dir = a->no.evidence_dir = a->ro.evidence_dir;
	/* A signing key that cannot sign fails before a long live scan; the
	 * bundle directory exists before collectors keep transcripts there. */
	if (a->ro.sign_key != NULL && cms_check_key(a->ro.sign_key, a->ro.sign_cert, &err) != 0)
		return *status = die(EXIT_USAGE, "%s", err.msg), false;
	if (a->ro.evidence_dir != NULL && evidence_prepare_dir(a->ro.evidence_dir,
	    a->ro.replace_evidence, &err) != 0)
		return *status = die(EXIT_USAGE, "%s", err.msg), false;
	a->ro.evidence_dir_ready = a->ro.evidence_dir != NULL;
	a->no.jobs = a->ro.jobs;
	return true;
}

/* Opens, recognises, hashes and collects every input file; false with
 * *status (the message printed) on the first that fails. */
static bool
scan_collect_inputs(struct facts *f, const struct scan_args *a, struct input *inputs,
    struct input_hashes *hashes, struct fw_err *err, int *status)
{
	for (int i = 0; i < a->ninputs; i++) {
		struct input *in = &inputs[i];
		const struct collector *c;

		if (input_open(in, a->paths[i], err) != 0)
			return *status = die(EXIT_USAGE, "%s", err->msg), false;
		in->origin = a->origin;
		/* Hashing starts first: for a big dump it is the longest step. */
		input_hash_start(&hashes->h[i], in);
		hashes->n = i + 1;
		c = a->kind ? collector_by_kind(a->kind) : collector_detect(in, err);
		if (c == NULL || collector_fits(c, in, err) != 0)
			return *status = die(EXIT_USAGE, "%s", err->msg), false;
		in->kind = c->kind;
		in->index = facts_add_input_pending(f, in->path, c->kind, in->len);
		if (in->index < 0)
			return *status = die(EXIT_INTERNAL, "out of memory"), false;
		if (in->len >= (4u << 20))
			progress(a->progress_on, "reading %s (%zu MiB)", in->path, in->len >> 20);
		if (c->collect(f, in, err) != 0)
			return *status = die(err->internal ? EXIT_INTERNAL : EXIT_USAGE, "%s",
			    err->msg), false;
	}
	return true;
}

/* What needs more than one input or a live source: the comparison of two
 * units, the chip on the serial line, the host on the network, whether the
 * sources can be one device, and the collectors' last steps. */
static bool
scan_collect_rest(struct facts *f, struct scan_args *a, struct input *inputs,
    struct input_hashes *hashes, struct fw_err *err, int *status)
{
	if (a->compare)
		input_hashes_finish(hashes);	/* compare tells identical inputs by hash */
	if (a->compare && collect_compare(f, &inputs[0], &inputs[1], err) != 0)
		return *status = die(EXIT_USAGE, "%s", err->msg), false;
	if (a->so.port != NULL)
		progress(a->progress_on, "reading the chip on %s", a->so.port);
	if (a->so.port != NULL && collect_serial(f, &a->so, err) != 0)
		return *status = die(err->internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err->msg),
		    false;
	if (a->no.host != NULL)
		progress(a->progress_on, "scanning %s (ports %s)", a->no.host,
		    a->no.ports ? a->no.ports : "top");
	if (a->no.host != NULL && collect_network(f, &a->no, err) != 0)
		return *status = die(EXIT_USAGE, "%s", err->msg), false;
	/* Inputs (files, the live chip) that cannot be one device: two units compared are separate. */
	if (device_claims_check(f, a->separate_units || a->compare, err) != 0)
		return *status = die(EXIT_USAGE, "%s", err->msg), false;
	if (a->vex != NULL && vex_collect_file(f, a->vex, err) != 0)
		return *status = die(err->internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err->msg),
		    false;
	for (size_t i = 0; post_collect_table[i] != NULL; i++)
		post_collect_table[i](f);
	return true;
}

int
cmd_scan(int argc, char **argv)
{
	struct scan_args a = { 0 };
	struct input *inputs = NULL;
	struct facts *f = NULL;
	struct fw_err err = { .internal = 0 };
	struct input_hashes hashes = { 0 };
	struct judge_prep prep;
	bool prep_started = false;
	int status;

	if (!scan_parse_options(argc, argv, &a, &status) || !scan_check_args(&a, &status))
		return status;
	if ((f = facts_new()) == NULL)
		return die(EXIT_INTERNAL, "out of memory");
	if (a.ro.declarations != NULL &&
	    declarations_collect(f, a.ro.declarations, &err) != 0) {
		status = die(EXIT_USAGE, "%s", err.msg);
		goto out;
	}
	if (!a.ro.facts_only)
		judge_prepare_start(&prep, &a.ro, true);
	prep_started = !a.ro.facts_only;
	inputs = calloc((size_t)a.ninputs + 1, sizeof(*inputs));
	hashes.h = calloc((size_t)a.ninputs + 1, sizeof(*hashes.h));
	hashes.f = f;
	if (inputs == NULL || hashes.h == NULL) {
		status = die(EXIT_INTERNAL, "out of memory");
		goto out;
	}
	if (!scan_collect_inputs(f, &a, inputs, &hashes, &err, &status) ||
	    !scan_collect_rest(f, &a, inputs, &hashes, &err, &status))
		goto out;
	progress_clear(a.progress_on);
	if (a.ro.facts_only) {
		input_hashes_finish(&hashes);
		status = run_write_facts(f, &a.ro);
	} else {
		status = run_judge_prepared(f, &a.ro, &prep, input_hashes_finish, &hashes);
	}
out:
	progress_clear(a.progress_on);
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
	for (int i = 0; inputs != NULL && i < a.ninputs; i++)
		input_close(&inputs[i]);
	free(inputs);
	facts_free(f);
	return status;
}
