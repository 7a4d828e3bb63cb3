#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/completion.h"
#include "cmd/optable.h"

const struct cmd_struct commands[] = {
	{ "scan", cmd_scan, &scan_doc },
	{ "evaluate", cmd_evaluate, &evaluate_doc },
	{ "rules", cmd_rules, &rules_doc },
	{ "profiles", cmd_profiles, &profiles_doc },
	{ "declarations", cmd_declarations, &declarations_doc },
	{ "verify-evidence", cmd_verify_evidence, &verify_evidence_doc },
	{ "ports", cmd_ports, &ports_doc },
	{ "vulndb", cmd_vulndb, &vulndb_doc },
	{ "version", cmd_version, &version_doc },
	{ "help", cmd_help, &help_doc },
	{ NULL, NULL, NULL }
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

/* A run that lost an allocation somewhere may have lost a fact with it:
 * whatever it printed, it does not end as a complete one (util/oom.h). */
static int
oom_exit(int status)
{
	if (!fwaudit_out_of_memory() || status == FWAUDIT_EXIT_INTERNAL)
		return status;
	return die(FWAUDIT_EXIT_INTERNAL, "out of memory: the run is incomplete");
}

int
main(int argc, char **argv)
{
	/* A run makes many small allocations and frees them at exit: grow the
	 * heap in large steps and keep it, instead of a system call (and new
	 * page-table work) per 128 KiB — a fifth of a small scan's time. */
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* Before jansson or OpenSSL allocates, before any thread. */
	if (fwaudit_global_init() != 0)
		return die(FWAUDIT_EXIT_INTERNAL, "out of memory initialising OpenSSL");
	if (argc < 2) {
		cli_usage(stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_usage(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	if (strcmp(argv[1], "completion") == 0)
		return cmd_completion(argc - 1, argv + 1);
	for (size_t i = 0; commands[i].name != NULL; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return oom_exit(commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "fwaudit: unknown command '%s'\n", argv[1]);
	cli_usage(stderr);
	return FWAUDIT_EXIT_USAGE;
}
