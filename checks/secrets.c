#include "checks/secrets.h"

#include <stdio.h>
#include <string.h>

#include "util/hex.h"

json_t *
facts_list(struct facts *f, const char *name, int input)
{
	json_t *rec = fact_record(f, name), *v;

	if (rec == NULL) {
		if (fact_set(f, name, json_array(), input, NULL) != 0)
			return NULL;
		rec = fact_record(f, name);
	}
	v = rec != NULL ? json_object_get(rec, "value") : NULL;
	return json_is_array(v) ? v : NULL;
}

bool
bytes_printable(const uint8_t *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((v[i] < 0x20 && v[i] != '\t' && v[i] != '\n' && v[i] != '\r') || v[i] == 0x7F)
			return false;
	return len > 0;
}

bool
bytes_contain(const uint8_t *v, size_t len, const char *needle)
{
	return memmem(v, len, needle, strlen(needle)) != NULL;
}

void
secret_mask(const uint8_t *v, size_t len, char *out, size_t n)
{
	if (len > 0 && bytes_printable(v, len) && v[0] < 0x80)
		snprintf(out, n, "%c***", v[0]);
	else
		snprintf(out, n, "<%zu bytes>", len);
}

json_t *
secret_item(int input, const char *partition, const char *ns,
    const char *key, const char *kind, const uint8_t *v, size_t len,
    uint64_t offset)
{
	char masked[32], hex[65], name[64];

	secret_mask(v, len, masked, sizeof(masked));
	snprintf(name, sizeof(name), "%s:%s", ns, key);
	/* A digest that could not be computed is null: comparing units by it
	 * is then not tested, never a match or a difference. */
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o}",
	    "input", input, "partition", partition, "namespace", ns, "key", key,
	    "name", name, "kind", kind, "length", (json_int_t)len,
	    "offset", (json_int_t)offset, "masked", masked, "sha256",
	    sha256_hex(v, len, hex) == 0 ? json_string(hex) : json_null());
}
