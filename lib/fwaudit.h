/* fwaudit as a library: one call gathers the facts of every input and live
 * source, judges them and writes the reports; another judges a saved fact
 * tree. The command line (cmd/) only turns options into a request, as
 * curl's tool does with libcurl. Errors, warnings and the closing line are
 * the library's to word; a failed call says why in its result. */
#ifndef FWAUDIT_H
#define FWAUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define FWAUDIT_VERSION "0.1.0"

/* Exit statuses (DESIGN.md); util/error.h's EXIT_* are the same numbers. */
enum {
	FWAUDIT_EXIT_CLEAN = 0,		/* nothing fails at or above fail_on */
	FWAUDIT_EXIT_FINDINGS = 1,	/* something does */
	FWAUDIT_EXIT_USAGE = 2,		/* bad usage or unusable input */
	FWAUDIT_EXIT_INTERNAL = 3,	/* internal error */
};

#define FWAUDIT_MAX_PROFILES 8
#define FWAUDIT_MAX_OUTPUTS 16
#define FWAUDIT_MAX_FLASH_KEYS 8

/* One report: a format (text, json, ...: fwaudit_format) and where it goes. */
struct fwaudit_output {
	const char *format;
	const char *path;	/* NULL or "-": standard output */
};

/* How facts are judged and reported: shared by scan and evaluate. */
struct fwaudit_opts {
	const char *profiles[FWAUDIT_MAX_PROFILES];
	int nprofiles;		/* 0: etsi-en-303-645 */
	const char *rules_dir;	/* rules added to the built-in ones, or NULL */
	const char *waivers;
	const char *declarations;
	struct fwaudit_output outputs[FWAUDIT_MAX_OUTPUTS];
	int noutputs;		/* 0: the text report on standard output */
	const char *fail_on;	/* a severity or "none" */
	const char *standard_version;
	const char *baseline;	/* an older JSON report, or NULL */
	bool fail_on_new;
	const char *evidence_dir;
	bool replace_evidence;	/* an earlier bundle in evidence_dir may be replaced */
	const char *sign_key;
	const char *sign_cert;
	bool facts_only;	/* write the fact tree (to the first output) instead */
	bool quiet;
	bool verbose;
	bool no_color;
	int jobs;		/* network concurrency; 0: default */
};

/* Once per process, before any other call and before any thread (as
 * curl_global_init): sets OpenSSL up without the host's openssl.cnf, so
 * results never depend on it, and routes jansson's and OpenSSL's
 * allocations through an out-of-memory flag (util/oom.h). 0, or -1 when
 * OpenSSL could not be set up (out of memory): nothing may be called. */
int fwaudit_global_init(void);
/* Whether an allocation failed anywhere in the process since: a run that
 * lost memory may have lost a fact with it, and is not a complete one. */
bool fwaudit_out_of_memory(void);

/* Everything one scan is asked to do. */
struct scan_request {
	struct fwaudit_opts opts;
	const char *const *paths;	/* the input files */
	int npaths;
	const char *kind;	/* read every input as this kind, or NULL: by content */
	const char *origin;	/* "readback", "build" or NULL */
	const char *vex;	/* a CycloneDX VEX document, or NULL */
	const char *vulndb;	/* a vulnerability database (fwaudit vulndb), or NULL */
	bool compare;		/* the two inputs are two units of one product */
	bool separate_units;
	/* Key files the user holds (read, never copied out: reports name a key
	 * by its file's SHA-256): flash encryption keys, and Secure Boot V1's
	 * bootloader digest key and app verification key (PEM). */
	const char *flash_keys[FWAUDIT_MAX_FLASH_KEYS];
	int nflash_keys;
	const char *sbv1_bootloader_key;
	const char *sbv1_verify_key;
	struct {
		const char *port;	/* NULL: no serial probe */
		int baud;		/* 0: default */
		bool console, no_reset;
		int timeout_ms;		/* 0: default */
	} serial;
	struct {
		const char *host;	/* NULL: no network scan */
		const char *ports;	/* NULL: "top" */
		const char *credentials;
		bool try_logins;
		int timeout_ms, total_timeout_ms;	/* 0: default */
	} net;
	bool progress;		/* one progress line on standard error */
};

struct scan_result {
	int status;		/* the exit status: 0 clean, 1 findings, 2 usage, 3 internal */
	char message[1024];	/* why the run stopped, or "" (the reports say the rest) */
};

/* Runs the scan; returns res->status. */
int fwaudit_scan(const struct scan_request *req, struct scan_result *res);
/* Judges the fact tree saved in facts_path (scan's facts_only); returns
 * res->status. */
int fwaudit_evaluate(const char *facts_path, const struct fwaudit_opts *o,
    struct scan_result *res);

/* What verifying an evidence bundle found (or'ed together; 0: intact). */
enum {
	FWAUDIT_EVIDENCE_ALTERED = 1,		/* a file or the manifest changed; a bad signature */
	FWAUDIT_EVIDENCE_OTHER_SIGNER = 2,	/* a valid signature by another than signer */
	FWAUDIT_EVIDENCE_NOT_SIGNED = 4,	/* signer given, no signature */
};

/* Checks the bundle in dir (scan's evidence_dir) against its manifest and
 * signature, and with signer_cert who signed it; one line per finding to
 * out. The FWAUDIT_EVIDENCE_* found, or -1 with res->message when the
 * bundle cannot be read. */
int fwaudit_verify_evidence(const char *dir, const char *signer_cert, FILE *out,
    struct scan_result *res);

/* The input kinds and report formats, from 0; false past the last. */
bool fwaudit_kind(size_t i, const char **name, const char **what);
bool fwaudit_format(size_t i, const char **name, const char **what);

#endif
