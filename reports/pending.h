/* Reports rendered before the inputs' digests are in.
 *
 * A big dump's own SHA-256 is the longest single step of a scan; judging
 * is usually done before it. Writers that render to a buffer (JSON) are run
 * then, with a random 64-hex-digit stand-in for each missing digest, and the
 * stand-ins are replaced once the digests are known: the bytes are the
 * same as rendering afterwards (tests/unit/test_pending.c). */
#ifndef FWAUDIT_REPORTS_PENDING_H
#define FWAUDIT_REPORTS_PENDING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define PENDING_MAX 16

struct pending_digests {
	json_t *input[PENDING_MAX];	/* report inputs whose sha256 is "" */
	char token[PENDING_MAX][65];
	size_t n;
};

/* Gives every input of the report without a digest yet a stand-in. False
 * (nothing changed) when none is missing or stand-ins cannot be made. */
bool pending_mark(json_t *report, struct pending_digests *pd);
/* After the digests were filled in: inputs still holding their stand-in
 * (hashing failed) get "" back, as if never marked. */
void pending_settle(struct pending_digests *pd);
/* Replaces the stand-ins in buf (len bytes) with the settled digests, in
 * place; the new length. */
size_t pending_fill(char *buf, size_t len, const struct pending_digests *pd);

#endif
