/* libFuzzer: every collector in collector_table (checks/registry.c), its
 * detect and collect on the same bytes as `scan --kind K FILE` would, then
 * the cross-input steps; facts freed after each. */
#include "core/facts.h"
#include "core/input.h"
#include "checks/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	for (size_t i = 0; collector_table[i] != NULL; i++) {
		const struct collector *c = collector_table[i];
		struct facts *f = facts_new();
		struct input in = { .path = "fuzz", .data = len ? data : NULL, .len = len,
			.kind = c->kind };
		struct fw_err err;

		if (f == NULL)
			return 0;
		if (len > 0)	/* as collector_detect: never on an empty file */
			(void)c->detect(data, len);
		in.index = facts_add_input(f, in.path, c->kind, data, len);
		if (c->collect(f, &in, &err) == 0)
			for (size_t j = 0; post_collect_table[j] != NULL; j++)
				post_collect_table[j](f);
		facts_free(f);
	}
	return 0;
}
