/* One versions[] entry against one version, for checks/vuln_match.c. */
#ifndef FWAUDIT_VULN_RANGE_H
#define FWAUDIT_VULN_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/version_cmp.h"
#include "formats/vuln_record.h"

enum rmatch {
	RM_OUT,
	RM_IN,
	RM_UNSURE,	/* strict reading: the entry might match */
	RM_UNUSABLE,	/* no reading of the entry applies to a version */
};

/* CVE JSON 5 alone: a versionType it can execute (semver; NVD's and OSV's
 * own ranges) is compared; any other only gives RM_OUT where every reading
 * of the numbers agrees, else RM_UNSURE. */
enum rmatch range_strict(const struct vuln_range *r, const char *v,
    const struct ver_scheme *sc);

/* The reported reading; adds VF_* flags for each assumption it makes. */
enum rmatch range_reported(const struct vuln_range *r, const char *v,
    const struct ver_scheme *sc, unsigned *flags);

/* The status of an entry v is in, after the entry's `changes` (the last
 * one at or below v wins; CVE JSON 5 lists them in order); -1 when the
 * reading cannot order v against a change. */
int range_status_at(const struct vuln_range *r, const char *v, const struct ver_scheme *sc,
    bool strict);

/* The entry as a person reads it: "3.0.0 <= v < 3.0.13 (semver)",
 * "\"< 5.0.8\" (text)". */
void range_text(const struct vuln_range *r, char *buf, size_t len);

/* Whether a sentence of the description that speaks of a fix names version v
 * ("In versions 5.4.2, ..., and 5.1.6, ESP-NOW has added ... validation");
 * the sentence, shortened, into quote. */
bool text_names_fixed(const char *desc, const char *v, const struct ver_scheme *sc,
    char *quote, size_t len);

#endif
