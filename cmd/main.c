#include <malloc.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/error.h"

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct cmd_struct commands[] = {
	{ "scan", cmd_scan, "gather facts from inputs and live devices, judge them, report" },
	{ "evaluate", cmd_evaluate, "judge a saved fact tree (from scan --facts-only)" },
	{ "rules", cmd_rules, "list | show ID | lint FILE...: the rules" },
	{ "profiles", cmd_profiles, "list | show NAME: the baselines (EN 303 645, PSWG)" },
	{ "verify-evidence", cmd_verify_evidence, "DIR: check an evidence bundle's hashes and signature" },
	{ "ports", cmd_ports, "serial ports with USB ids (for scan --serial)" },
	{ "version", cmd_version, "print the version" },
};

int
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("fwaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

void
print_json_list(const json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		printf("%s%s", i ? ", " : "", json_string_value(v));
}

int
cmd_version(int argc, char **argv)
{
	printf("fwaudit %s\n", FWAUDIT_VERSION);
	return EXIT_CLEAN;
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: fwaudit COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-16s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\n'fwaudit COMMAND --help' for a command's options; docs/cli.md for all.\n");
}

int
main(int argc, char **argv)
{
	/* A run makes many small allocations and frees them at exit: grow the
	 * heap in large steps and keep it, instead of a system call (and new
	 * page-table work) per 128 KiB — a fifth of a small scan's time. */
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* The host's openssl.cnf is not read: results must not depend on it
	 * (the TLS probe sets its own versions and security level), and parsing
	 * it costs every run a millisecond. Nothing needs OpenSSL's cleanup at
	 * exit either. */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, NULL);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "fwaudit: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
