#include "checks/claims.h"

#include <stdio.h>
#include <string.h>

#define CLAIMS "inputs.device_claims"

void
device_claim(struct facts *f, int input, const char *what, const char *value,
    const char *where)
{
	json_t *rec = fact_record(f, CLAIMS), *list = json_object_get(rec, "value");
	json_t *item = json_pack("{s:i, s:s, s:s}", "input", input, "what", what,
	    "value", value);

	if (item == NULL)
		return;
	if (where != NULL)
		json_object_set_new(item, "where", json_string(where));
	if (json_is_array(list)) {
		json_array_append_new(list, item);
		return;
	}
	if ((list = json_array()) == NULL) {
		json_decref(item);
		return;
	}
	if (json_array_append_new(list, item) != 0) {
		json_decref(list);
		return;
	}
	fact_set(f, CLAIMS, list, input, NULL);
}

/* "flash.bin: chip esp32 (image header at 0x1000)" */
static void
describe(struct facts *f, json_t *c, char *buf, size_t len)
{
	const char *where = json_string_value(json_object_get(c, "where"));

	snprintf(buf, len, "%s: %s %s%s%s%s",
	    facts_input_path(f, (int)json_integer_value(json_object_get(c, "input"))),
	    json_string_value(json_object_get(c, "what")),
	    json_string_value(json_object_get(c, "value")),
	    where ? " (" : "", where ? where : "", where ? ")" : "");
}

int
device_claims_check(struct facts *f, bool separate_units, struct fw_err *err)
{
	json_t *list = json_object_get(fact_record(f, CLAIMS), "value"), *a, *b;
	size_t i, k;
	char da[256], db[256];

	json_array_foreach(list, i, a) {
		json_array_foreach(list, k, b) {
			if (k <= i || !json_equal(json_object_get(a, "what"),
			    json_object_get(b, "what")) ||
			    json_equal(json_object_get(a, "input"), json_object_get(b, "input")) ||
			    json_equal(json_object_get(a, "value"), json_object_get(b, "value")))
				continue;
			describe(f, a, da, sizeof(da));
			describe(f, b, db, sizeof(db));
			if (!separate_units)
				return err_set(err, NULL, ERR_NO_OFFSET, "%s contradicts %s: "
				    "these inputs cannot be one device (give --separate-units "
				    "if they are separate units)", da, db);
			facts_warn(f, "%s contradicts %s (--separate-units: judged as "
			    "separate units)", da, db);
		}
	}
	return 0;
}
