/* Predicates over facts, compiled from YAML and evaluated in three-valued
 * (Kleene) logic: a predicate over a missing fact is UNKNOWN, so a rule
 * whose evidence is missing ends not_tested — never pass. */
#ifndef FWAUDIT_PREDICATE_H
#define FWAUDIT_PREDICATE_H

#include <jansson.h>
#include <regex.h>
#include <stdbool.h>

#include "util/error.h"
#include "core/facts.h"
#include "util/ytree.h"

enum tri { T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = 2 };

enum pred_op {
	P_ALL, P_ANY, P_NOT, P_EQUALS, P_IN, P_AT_LEAST, P_AT_MOST, P_MATCHES,
	P_EXISTS, P_SUBSET_OF, P_NONE_OF, P_FOR_EACH, P_UNREADABLE_IF,
};

struct pred {
	enum pred_op op;
	unsigned line, col;
	char *fact;		/* leaf and for_each: path; ".x" is relative to the for_each item */
	json_t *value;		/* equals/at_least/at_most: value; in/subset_of/none_of: array */
	char *pattern;		/* matches */
	regex_t re;
	bool has_re;
	struct pred **kids;	/* all/any: n; not, unreadable_if: 1; for_each: require (+ where) */
	size_t nkids;
	struct pred *where;	/* for_each: only items where this holds */
};

/* Compiles a predicate; NULL with err "file:line:col: ..." on a mistake. */
struct pred *pred_compile(const struct ynode *n, const char *file, struct fw_err *err);
void pred_free(struct pred *p);
const char *pred_op_name(enum pred_op op);

/* Calls fn for every fact path the predicate names (absolute paths only;
 * paths inside for_each are reported as "LIST[].field"). */
void pred_walk_facts(const struct pred *p, void (*fn)(const char *path, void *arg),
    void *arg);

/* Evaluation context: the facts, the for_each item stack, and where the
 * evidence goes (an array of evidence objects, may be NULL). */
struct pred_ctx {
	const struct facts *facts;
	json_t *items[8];
	const char *lists[8];	/* the list each item came from, for naming missing fields */
	int nitems;
	json_t *evidence;
	json_t *missing;	/* array of missing fact paths */
	bool unreadable;	/* an unreadable_if fired: the rule cannot be judged */
	json_t *why;		/* array of texts saying why evidence is missing: a null
				 * fact's excerpt, an unknown list item's "reason";
				 * may be NULL */
};

enum tri pred_eval(const struct pred *p, struct pred_ctx *ctx);
const char *tri_name(enum tri t);

#endif
