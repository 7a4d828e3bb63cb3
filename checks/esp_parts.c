/* A partition-table binary (partition-table.bin, gen_esp32part.py output)
 * or an otadata partition read out on its own: esp.partition_table,
 * esp.partitions, esp.ota; esp.otadata. */
#include <stdio.h>
#include <string.h>

#include "checks/esp_common.h"
#include "core/input.h"

static int
detect_table(const uint8_t *data, size_t len)
{
	if (!part_table_probe(data, len))
		return 0;
	/* A table binary is one sector at most; a longer file starting with a
	 * table is something else (a dump read from 0x8000). */
	return len <= PART_TABLE_SIZE ? 90 : 20;
}

json_t *
esp_table_problems(const struct part_table *t, uint64_t flash_size, size_t table_off)
{
	json_t *pr = json_array();
	char buf[256], la[80], lb[80];

	for (unsigned i = 0; i < t->n; i++) {
		const struct part_entry *a = &t->e[i];
		uint64_t aend = (uint64_t)a->offset + a->size;

		esp_sanitize(la, sizeof(la), a->label);
		if (a->size == 0) {
			snprintf(buf, sizeof(buf), "partition '%s' has size 0", la);
			json_array_append_new(pr, json_string(buf));
		}
		if (a->type == PART_TYPE_APP && (a->offset & 0xFFFF) != 0) {
			snprintf(buf, sizeof(buf), "app partition '%s' at 0x%x is not 64 KiB aligned",
			    la, a->offset);
			json_array_append_new(pr, json_string(buf));
		} else if ((a->offset & 0xFFF) != 0) {
			snprintf(buf, sizeof(buf), "partition '%s' at 0x%x is not 4 KiB aligned",
			    la, a->offset);
			json_array_append_new(pr, json_string(buf));
		}
		if (a->offset < table_off + PART_TABLE_SIZE && table_off != (size_t)-1) {
			snprintf(buf, sizeof(buf), "partition '%s' at 0x%x starts before the end "
			    "of the partition table sector (0x%zx)", la, a->offset,
			    table_off + PART_TABLE_SIZE);
			json_array_append_new(pr, json_string(buf));
		}
		if (flash_size > 0 && aend > flash_size) {
			snprintf(buf, sizeof(buf), "partition '%s' (0x%x + 0x%x) runs past the end "
			    "of the %llu MiB flash the bootloader header declares", la,
			    a->offset, a->size, (unsigned long long)(flash_size >> 20));
			json_array_append_new(pr, json_string(buf));
		}
		for (unsigned k = i + 1; k < t->n; k++) {
			const struct part_entry *b = &t->e[k];
			uint64_t bend = (uint64_t)b->offset + b->size;

			esp_sanitize(lb, sizeof(lb), b->label);
			if (a->size && b->size && a->offset < bend && b->offset < aend) {
				snprintf(buf, sizeof(buf), "partitions '%s' (0x%x-0x%llx) and '%s' "
				    "(0x%x-0x%llx) overlap", la, a->offset, (unsigned long long)aend,
				    lb, b->offset, (unsigned long long)bend);
				json_array_append_new(pr, json_string(buf));
			}
			if (strcmp(a->label, b->label) == 0) {
				snprintf(buf, sizeof(buf), "label '%s' is used twice", la);
				json_array_append_new(pr, json_string(buf));
			}
		}
	}
	if (t->damaged)
		json_array_append_new(pr, json_string(t->damage));
	if (t->md5_present && !t->md5_valid)
		json_array_append_new(pr, json_string("the MD5 entry does not match the "
		    "entries (the bootloader refuses this table)"));
	return pr;
}

json_t *
esp_ota_summary(const struct part_table *t)
{
	int slots = 0, otadata = 0, factory = 0, test = 0;

	for (unsigned i = 0; i < t->n; i++) {
		const struct part_entry *e = &t->e[i];

		slots += part_is_ota_app(e);
		factory += e->type == PART_TYPE_APP && e->subtype == PART_SUBTYPE_FACTORY;
		test += e->type == PART_TYPE_APP && e->subtype == PART_SUBTYPE_TEST;
		otadata += e->type == PART_TYPE_DATA && e->subtype == PART_SUBTYPE_DATA_OTA;
	}
	return json_pack("{s:i, s:b, s:b, s:b, s:b}", "slots", slots,
	    "otadata", otadata > 0, "factory", factory > 0, "test", test > 0,
	    "updatable", slots > 0 && otadata > 0);
}

static int
collect_table(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct part_table t;

	if (part_table_parse(in->path, 0, in->data, in->len, &t, err) != 0)
		return -1;
	for (unsigned i = 0; i < t.n; i++)
		esp_fact_append(f, "esp.partitions", esp_partition_json(&t.e[i], in->index, 0),
		    in->index, loc_offset(0, t.used));
	fact_set(f, "esp.partition_table", esp_partition_table_json(&t, in->index, 0,
	    esp_table_problems(&t, 0, (size_t)-1)), in->index, loc_offset(0, t.used));
	fact_set(f, "esp.ota", esp_ota_summary(&t), in->index, loc_offset(0, t.used));
	return 0;
}

const struct collector collector_esp_partition_table = {
	.kind = "esp-partition-table",
	.what = "ESP-IDF partition table binary",
	.detect = detect_table,
	.collect = collect_table,
	.max_len = (size_t)64 << 10,
};

/* otadata: exactly two sectors whose first 32 bytes are an erased or
 * CRC-valid esp_ota_select_entry_t, the rest erased. */
static int
detect_otadata(const uint8_t *data, size_t len)
{
	struct otadata o;
	int valid = 0;

	if (len != OTADATA_SIZE)
		return 0;
	otadata_parse(data, len, &o);
	for (int i = 0; i < 2; i++) {
		if (!o.s[i].erased && !o.s[i].crc_valid)
			return 0;
		valid += o.s[i].crc_valid;
	}
	return valid > 0 ? 80 : 10;
}

static int
collect_otadata(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct otadata o;

	if (in->len < OTA_SELECT_LEN)
		return err_set(err, in->path, 0, "otadata truncated: %zu bytes, an entry "
		    "needs %d", in->len, OTA_SELECT_LEN);
	otadata_parse(in->data, in->len, &o);
	/* Without the partition table the slot count is unknown: the active
	 * sequence number is given, the slot is not. */
	fact_set(f, "esp.otadata", esp_otadata_json(&o, in->index, 0, -1, NULL),
	    in->index, loc_offset(0, in->len));
	return 0;
}

const struct collector collector_esp_otadata = {
	.kind = "esp-otadata",
	.what = "ESP-IDF otadata partition (two OTA select entries)",
	.detect = detect_otadata,
	.collect = collect_otadata,
	.max_len = (size_t)64 << 10,
};
