/* YAML documents (rules, profiles, waivers, declarations) loaded with libyaml
 * into a small tree that remembers line and column, so every complaint about
 * a data file can point at the place. */
#ifndef FWAUDIT_UTIL_YTREE_H
#define FWAUDIT_UTIL_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

enum ynode_type { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_type type;
	unsigned line, col;	/* 1-based */
	bool quoted;		/* scalar was quoted: never a number or boolean */
	const char *str;	/* Y_SCALAR */
	size_t n;		/* Y_SEQ items, Y_MAP pairs */
	struct ynode **items;	/* Y_SEQ: n items; Y_MAP: 2n (key, value, ...) */
	void *arena;		/* root only: the memory of the whole document */
};

/* Loads the first document of a file; NULL with err on failure. */
struct ynode *ytree_load_file(const char *path, struct fw_err *err);
struct ynode *ytree_load_string(const char *name, const char *text, size_t len,
    struct fw_err *err);
/* Frees a whole document (only a root may be freed). */
void ytree_free(struct ynode *root);

/* Map lookup (NULL if absent or n is not a map). */
struct ynode *ymap_get(const struct ynode *n, const char *key);
/* Scalar text, or NULL when n is not a scalar. */
const char *yscalar(const struct ynode *n);
const char *ytype_name(const struct ynode *n);



#include <jansson.h>
/* Typed conversion: unquoted true/false/yes/no are booleans, unquoted
 * integers (decimal or 0x hex) are integers, everything else a string. */
json_t *ytree_to_json(const struct ynode *n);
#endif
