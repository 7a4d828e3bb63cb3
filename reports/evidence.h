/* Evidence bundles: a directory with every report format, the fact tree, the
 * raw evidence collectors left there, and manifest.json (SHA-256 of every
 * file and input), optionally signed as detached CMS (manifest.json.p7s). */
#ifndef FWAUDIT_EVIDENCE_H
#define FWAUDIT_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

#define EVIDENCE_MANIFEST "manifest.json"
#define EVIDENCE_SIGNATURE "manifest.json.p7s"
#define EVIDENCE_MANIFEST_VERSION 1

/* Makes dir ready for this run's bundle, before anything is written there:
 * creates it if needed (the parent must exist); an existing one must be
 * empty, so the manifest vouches only for what this run writes. With
 * replace, an earlier bundle there is removed first — only if every entry is
 * a file fwaudit writes into a bundle, unchanged since its manifest;
 * anything else refuses, and nothing is removed. 0, or -1 with err. */
int evidence_prepare_dir(const char *dir, bool replace, struct fw_err *err);

/* Writes every format and facts.json (facts_doc) into dir (prepared by
 * evidence_prepare_dir), then the manifest over every regular file there,
 * then signs it when key_path and cert_path are given (checked first: a key
 * that does not match the certificate writes nothing). 0, or -1 with err. */
int evidence_write(const json_t *report, const json_t *facts_doc, const char *dir,
    const char *key_path, const char *cert_path, struct fw_err *err);

/* What verifying a bundle found (or'ed together; 0: intact). */
enum {
	EVIDENCE_ALTERED = 1,		/* a file or the manifest changed; a bad signature */
	EVIDENCE_OTHER_SIGNER = 2,	/* a valid signature by another than --signer */
	EVIDENCE_NOT_SIGNED = 4,	/* --signer given, no signature */
};

/* Checks a bundle: every file against the manifest (changed, removed,
 * added), then the signature (and, with signer_cert, who signed). Prints one
 * line per finding to out. 0 when intact, EVIDENCE_* flags for what was
 * found, -1 with err when the bundle cannot be read at all. */
int evidence_verify(const char *dir, const char *signer_cert, FILE *out, struct fw_err *err);

/* [{path, sha256, size}] for every regular file under dir except the
 * manifest and its signature, sorted by path; links and special files as
 * {path, special: true}. NULL with err. */
json_t *evidence_list_files(const char *dir, struct fw_err *err);

/* Detached CMS over data (reports/evidence_cms.c). */
int cms_sign_detached(const char *key_path, const char *cert_path, const void *data,
    size_t len, unsigned char **der, size_t *der_len, struct fw_err *err);
/* Checks the key matches the certificate without signing anything. */
int cms_check_key(const char *key_path, const char *cert_path, struct fw_err *err);
/* 0 valid, EVIDENCE_ALTERED (invalid) or EVIDENCE_OTHER_SIGNER (valid, by
 * another signer than signer_cert), why in msg; -1 unreadable (err). */
int cms_verify_detached(const void *sig, size_t sig_len, const void *data, size_t len,
    const char *signer_cert, char *msg, size_t msglen, struct fw_err *err);

#endif
