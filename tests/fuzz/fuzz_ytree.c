/* libFuzzer: YAML documents (util/ytree.h) and the predicate compiler
 * (core/predicate.h) on every mapping in them, as rule files are read. */
#include "core/predicate.h"
#include "util/ytree.h"

#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void
walk(const struct ynode *n, unsigned depth)
{
	struct fw_err err;

	if (n == NULL || depth > 64)
		return;
	if (n->type == Y_MAP) {
		struct pred *p = pred_compile(n, "fuzz", &err);

		pred_free(p);
		(void)ymap_get(n, "require");
	}
	if (n->type == Y_SEQ || n->type == Y_MAP)
		for (size_t i = 0; i < (n->type == Y_MAP ? 2 * n->n : n->n); i++)
			walk(n->items[i], depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fw_err err;
	struct ynode *root = ytree_load_string("fuzz", (const char *)data, len, &err);

	if (root != NULL) {
		json_decref(ytree_to_json(root));
		walk(root, 0);
	}
	ytree_free(root);
	return 0;
}
