/* What would complete the evidence: the kind of input or probe a missing
 * fact comes from ("needs" on not_tested rules and provisions, and the
 * report's "to_complete"; docs/report-schema.md). */
#ifndef FWAUDIT_NEEDS_H
#define FWAUDIT_NEEDS_H

#include <jansson.h>
#include <stdbool.h>

struct need_kind {
	const char *id;		/* "sdkconfig", "efuse", "console", ... */
	const char *label;	/* short, for a table cell: "console probe" */
	const char *absent;	/* when no input gave facts of this kind: "no sdkconfig given" */
	const char *lacking;	/* when one did: "the sdkconfig given lacks options" */
	const char *how;	/* the action: "give the build's sdkconfig (build/sdkconfig)" */
};

/* In report order; the last is "other". */
extern const struct need_kind need_kinds[];
extern const size_t need_nkinds;

/* The kind a missing-fact text ("sdkconfig.x", "esp.images[2] ota_1:
 * truncated at ...", "unreadable: esp.images") or fact name comes from:
 * its longest prefix in the table; "other" when none. An index into need_kinds. */
size_t need_of_fact(const char *name);
/* The index of id, or need_nkinds when unknown. */
size_t need_find(const char *id);

/* Bit sets over need_kinds (fewer than 32 kinds). */
/* A not_tested rule's needs from its missing[] and, when nothing is missing
 * as a whole, the facts of its undecided evidence. */
unsigned needs_of_rule(const json_t *missing, const json_t *evidence);
/* needs as a JSON array of IDs, in table order. */
json_t *needs_json(unsigned needs);
/* The bits of a "needs" array (unknown IDs ignored). */
unsigned needs_bits(const json_t *needs);

/* The report's "to_complete": one entry per kind some not_tested rule or
 * provision needs, most rules first. facts is the fact map (name ->
 * record): a kind is `given` when some fact of it was gathered. */
json_t *needs_to_complete(const json_t *rules, const json_t *profiles, const json_t *facts);

#endif
