/* fwaudit verify-evidence DIR [--signer CERT]: is the bundle as written? */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit.h"

enum { OPT_SIGNER = 1 };

static const struct opt_row verify_rows[] = {
	{ "signer", OPT_SIGNER, "CERT", "Also require that CERT (PEM or DER) made the manifest's "
	  "signature; without it the signature is checked but not who made it.",
	  NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};

static const char *const verify_usage[] = { "verify-evidence [--signer CERT] DIR", NULL };
static const struct opt_row *const verify_tables[] = { verify_rows, help_opt_rows, NULL };

const struct cmd_doc verify_evidence_doc = {
	"verify-evidence", "check an evidence bundle's hashes and signature", verify_usage,
	"Checks every file of an evidence bundle (`scan --evidence-dir DIR`) against "
	"`DIR/manifest.json` and the manifest's signature (`DIR/manifest.json.p7s`). Exit 0 "
	"when the bundle is intact; 2 when it was altered, signed by someone else (with "
	"`--signer`), not signed (with `--signer`) or cannot be read, the last line saying "
	"which ([reports.md](reports.md)).",
	verify_tables, NULL
};

int
cmd_verify_evidence(int argc, char **argv)
{
	const char *signer = NULL;
	struct opt_parser p;
	struct scan_result res;
	int opt, rc, status;

	opt_parser_init(&p, &verify_evidence_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (opt == OPT_SIGNER)
			signer = optarg;
	}
	if (argc - optind != 1) {
		cmd_usage_text(&verify_evidence_doc, stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	rc = fwaudit_verify_evidence(argv[optind], signer, stdout, &res);
	if (rc < 0)
		return die(res.status, "%s", res.message);
	/* An intact bundle signed by another key is not an altered one: say
	 * which, so that nobody hunts for a change that is not there. */
	if ((rc & FWAUDIT_EVIDENCE_ALTERED) && (rc & FWAUDIT_EVIDENCE_OTHER_SIGNER))
		return die(FWAUDIT_EXIT_USAGE, "%s: the evidence bundle was altered, and its manifest "
		    "is signed by someone else, not %s (see above)", argv[optind], signer);
	if (rc & FWAUDIT_EVIDENCE_ALTERED)
		return die(FWAUDIT_EXIT_USAGE, "%s: the evidence bundle was altered (see above)",
		    argv[optind]);
	if (rc & FWAUDIT_EVIDENCE_OTHER_SIGNER)
		return die(FWAUDIT_EXIT_USAGE, "%s: the files match the manifest, but it is signed by "
		    "someone else, not %s (see above)", argv[optind], signer);
	if (rc & FWAUDIT_EVIDENCE_NOT_SIGNED)
		return die(FWAUDIT_EXIT_USAGE, "%s: the files match the manifest, but it is not signed "
		    "(--signer expects a signature)", argv[optind]);
	return FWAUDIT_EXIT_CLEAN;
}
