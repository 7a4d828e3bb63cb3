#include "core/declarations.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/fileio.h"

#include "util/ytree.h"

/* Nested mappings flatten to dotted names; lists and scalars are values. */
static int
flatten(struct facts *f, int input, const char *prefix, const struct ynode *n)
{
	char name[512];

	if (n->type != Y_MAP)
		return fact_set(f, prefix, ytree_to_json(n), input, loc_line(n->line));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->items[2 * i];

		if ((size_t)snprintf(name, sizeof(name), "%s.%s", prefix, k->str) >=
		    sizeof(name))
			return -1;
		if (flatten(f, input, name, n->items[2 * i + 1]) != 0)
			return -1;
	}
	return 0;
}

int
declarations_collect(struct facts *f, const char *path, struct fw_err *err)
{
	struct ynode *root;
	char *buf;
	size_t len;
	int input, rc;

	if (file_read(path, 1u << 20, &buf, &len, err) != 0)
		return -1;
	if ((root = ytree_load_string(path, buf, len, err)) == NULL) {
		free(buf);
		return -1;
	}
	if (root->type != Y_MAP) {
		err_set_line(err, path, root->line, root->col,
		    "expected a mapping of declarations (vulnerability_disclosure_url: ..., "
		    "support_period_end: ..., expected_ports: [...]), found %s",
		    ytype_name(root));
		ytree_free(root);
		free(buf);
		return -1;
	}
	/* The input's hash covers the bytes the vendor signed off. */
	input = facts_add_input(f, path, "declarations", buf, len);
	free(buf);
	rc = input < 0 ? -1 : flatten(f, input, "declared", root);
	ytree_free(root);
	if (rc != 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot record declarations");
	return 0;
}
