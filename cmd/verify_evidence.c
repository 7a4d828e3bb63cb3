/* fwaudit verify-evidence DIR [--signer CERT]: is the bundle as written? */
#include <getopt.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "reports/evidence.h"

enum { OPT_SIGNER = 1, OPT_VHELP };

static const struct option verify_options[] = {
	{ "signer", required_argument, NULL, OPT_SIGNER },
	{ "help", no_argument, NULL, OPT_VHELP },
	{ NULL, 0, NULL, 0 }
};

static const char verify_usage[] =
    "usage: fwaudit verify-evidence DIR [--signer CERT]\n"
    "checks every file of an evidence bundle against DIR/manifest.json and the\n"
    "manifest's signature (DIR/manifest.json.p7s); --signer CERT also requires\n"
    "that CERT made the signature. Exit 0 intact; 2 altered, signed by someone\n"
    "else, not signed (with --signer) or unreadable, the last line saying which.\n";

int
cmd_verify_evidence(int argc, char **argv)
{
	const char *signer = NULL;
	struct fw_err err;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", verify_options, NULL)) != -1) {
		switch (opt) {
		case OPT_SIGNER: signer = optarg; break;
		case OPT_VHELP:
			fputs(verify_usage, stdout);
			return EXIT_CLEAN;
		default:
			fputs(verify_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fputs(verify_usage, stderr);
		return EXIT_USAGE;
	}
	rc = evidence_verify(argv[optind], signer, stdout, &err);
	if (rc < 0)
		return die(EXIT_USAGE, "%s", err.msg);
	/* An intact bundle signed by another key is not an altered one: say
	 * which, so that nobody hunts for a change that is not there. */
	if ((rc & EVIDENCE_ALTERED) && (rc & EVIDENCE_OTHER_SIGNER))
		return die(EXIT_USAGE, "%s: the evidence bundle was altered, and its manifest "
		    "is signed by someone else, not %s (see above)", argv[optind], signer);
	if (rc & EVIDENCE_ALTERED)
		return die(EXIT_USAGE, "%s: the evidence bundle was altered (see above)",
		    argv[optind]);
	if (rc & EVIDENCE_OTHER_SIGNER)
		return die(EXIT_USAGE, "%s: the files match the manifest, but it is signed by "
		    "someone else, not %s (see above)", argv[optind], signer);
	if (rc & EVIDENCE_NOT_SIGNED)
		return die(EXIT_USAGE, "%s: the files match the manifest, but it is not signed "
		    "(--signer expects a signature)", argv[optind]);
	return EXIT_CLEAN;
}
