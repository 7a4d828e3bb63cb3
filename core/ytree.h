/* YAML documents (rules, profiles, waivers, declarations) loaded with libyaml
 * into a small tree that remembers line and column, so every complaint about
 * a data file can point at the place. */
#ifndef FWAUDIT_YTREE_H
#define FWAUDIT_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

enum ynode_type { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_type type;
	unsigned line, col;	/* 1-based */
	bool quoted;		/* scalar was quoted: never a number or boolean */
	const char *str;	/* Y_SCALAR */
	size_t n;		/* Y_SEQ items, Y_MAP pairs */
	struct ynode **items;	/* Y_SEQ: n items; Y_MAP: 2n (key, value, ...) */
	void *arena;		/* root only: the memory of the whole document, or
				 * NULL for a tree built in its caller's memory */
};

/* Loads the first document of a file; NULL with err on failure. */
struct ynode *ytree_load_file(const char *path, struct fw_err *err);
struct ynode *ytree_load_string(const char *name, const char *text, size_t len,
    struct fw_err *err);
/* Frees a whole document (only a root may be freed; one built in its
 * caller's memory is left alone). */
void ytree_free(struct ynode *root);

/* A parsed document kept as constant data (the build-time snapshot of the
 * shipped rules, core/rules_snapshot.h): indices instead of pointers, so it
 * needs neither relocation at start-up nor parsing at run time. Nodes are
 * numbered breadth-first, so each container's items are consecutive. */
struct ysnap_node {
	unsigned char type;	/* enum ynode_type */
	unsigned char quoted;
	unsigned line, col;
	unsigned n;		/* containers: as ynode.n */
	unsigned ref;		/* Y_SCALAR: offset in strs; else node number of the first item */
};
struct ysnap {
	const struct ysnap_node *nodes;	/* [0] is the root */
	size_t nnodes;
	const char *strs;		/* the scalars, each NUL-terminated */
};
/* The tree a snapshot holds, as ytree_load_string made it, built in *mem
 * (*cap bytes, grown with realloc as needed; the caller frees it), where it
 * stays valid until the next call; NULL when out of memory. Its scalars
 * point into the snapshot. */
struct ynode *ytree_from_snap(const struct ysnap *s, void **mem, size_t *cap);
/* The bytes of *mem ytree_from_snap needs for s. */
size_t ytree_snap_size(const struct ysnap *s);

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
