/* Collectors for eFuse register dumps (espefuse dump text, raw block
 * images): words -> efuse_dump through the tables -> efuse_facts(), the
 * same facts as a JSON summary of the chip. */
#include "checks/efuse.h"
#include "core/input.h"
#include "formats/efuse_raw.h"

static int
facts_from_regs(struct facts *f, const struct input *in, const struct efuse_regs *r,
    struct fw_err *err)
{
	struct efuse_dump d;
	int rc;

	if (efuse_regs_decode(r, &d, in->path, err) != 0)
		return -1;
	rc = efuse_facts(f, in->index, &d);
	efuse_dump_free(&d);
	if (rc != 0)
		return err_internal(err, in->path, "eFuse facts could not be stored "
		    "(out of memory)");
	return 0;
}

static int
collect_dumptext(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct efuse_regs r;

	if (efuse_dumptext_parse(in->data, in->len, in->path, &r, err) != 0)
		return -1;
	return facts_from_regs(f, in, &r, err);
}

static int
collect_bin(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct efuse_regs r;

	if (efuse_bin_parse(in->data, in->len, in->path, &r, err) != 0)
		return -1;
	return facts_from_regs(f, in, &r, err);
}

const struct collector collector_efuse_dump = {
	.kind = "efuse-dump",
	.what = "eFuse register dump (espefuse.py dump)",
	.detect = efuse_dumptext_detect,
	.collect = collect_dumptext,
	.max_len = (size_t)16 << 20,
};

const struct collector collector_efuse_bin = {
	.kind = "efuse-bin",
	.what = "raw eFuse block image (read registers of every block, little-endian)",
	.detect = efuse_bin_detect,
	.collect = collect_bin,
	.max_len = (size_t)1 << 20,
};
