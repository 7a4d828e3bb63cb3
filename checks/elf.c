/* A single ELF executable or shared object given as an input (kind "elf"):
 * its exploit mitigations and risky call sites, as one elf.binaries item
 * (checks/elf_facts.h). ESP-IDF app ELFs go to esp-app-elf, which detects
 * them with more confidence. */
#include <stdlib.h>

#include "checks/elf_facts.h"
#include "core/input.h"
#include "formats/elf.h"

static int
detect(const uint8_t *data, size_t len)
{
	return elfile_probe(data, len) ? 60 : 0;
}

static int
collect(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct elf_hardening h;
	struct elf_calls *calls;
	json_t *item;

	if (elf_hardening_named(in->path, in->data, in->len, &h, err) != 0)
		return -1;
	if ((calls = malloc(sizeof(*calls))) == NULL)
		return err_set(err, in->path, ERR_NO_OFFSET, "out of memory");
	if (elf_risky_calls(in->data, in->len, calls, err) != 0) {
		free(calls);
		return -1;
	}
	item = elf_binary_json(in->path, in->index, 0, &h, calls);
	free(calls);
	if (elf_binary_add(f, item, in->index) != 0)
		return err_set(err, in->path, ERR_NO_OFFSET, "out of memory");
	return 0;
}

const struct collector collector_elf = {
	.kind = "elf",
	.what = "ELF executable or shared object",
	.detect = detect,
	.collect = collect,
	.max_len = (size_t)256 << 20,
};
