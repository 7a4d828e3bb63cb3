#include "core/facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"

struct facts *
facts_new(void)
{
	struct facts *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->inputs = json_array();
	f->map = json_object();
	f->warnings = json_array();
	if (f->inputs == NULL || f->map == NULL || f->warnings == NULL) {
		facts_free(f);
		return NULL;
	}
	return f;
}

void
facts_free(struct facts *f)
{
	if (f == NULL)
		return;
	json_decref(f->inputs);
	json_decref(f->map);
	json_decref(f->warnings);
	free(f);
}

int
facts_add_input(struct facts *f, const char *path, const char *kind,
    const void *data, size_t len)
{
	char hex[65];

	/* An input without its digest has no provenance: the caller fails. */
	if (sha256_hex(data, len, hex) != 0)
		return -1;
	if (json_array_append_new(f->inputs, json_pack("{s:i, s:s, s:s, s:s, s:I}",
	    "id", (int)json_array_size(f->inputs), "path", path, "kind", kind,
	    "sha256", hex, "size", (json_int_t)len)) != 0)
		return -1;
	return (int)json_array_size(f->inputs) - 1;
}

int
facts_add_input_pending(struct facts *f, const char *path, const char *kind,
    size_t len)
{
	if (json_array_append_new(f->inputs, json_pack("{s:i, s:s, s:s, s:s, s:I}",
	    "id", (int)json_array_size(f->inputs), "path", path, "kind", kind,
	    "sha256", "", "size", (json_int_t)len)) != 0)
		return -1;
	return (int)json_array_size(f->inputs) - 1;
}

void
facts_input_set_sha256(struct facts *f, int input, const char hex[65])
{
	json_t *in = json_array_get(f->inputs, (size_t)input);

	if (in != NULL)
		json_object_set_new(in, "sha256", json_string(hex));
}

int
facts_add_live(struct facts *f, const char *source, const char *kind)
{
	if (json_array_append_new(f->inputs, json_pack("{s:i, s:s, s:s}",
	    "id", (int)json_array_size(f->inputs), "live", source,
	    "kind", kind)) != 0)
		return -1;
	return (int)json_array_size(f->inputs) - 1;
}

const char *
facts_input_path(const struct facts *f, int input)
{
	json_t *in = json_array_get(f->inputs, (size_t)input);
	const char *s;

	if (in == NULL)
		return "?";
	if ((s = json_string_value(json_object_get(in, "path"))) != NULL)
		return s;
	if ((s = json_string_value(json_object_get(in, "live"))) != NULL)
		return s;
	return "?";
}

void
facts_warn(struct facts *f, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_array_append_new(f->warnings, json_string(buf));
}

int
fact_set(struct facts *f, const char *name, json_t *value, int input,
    json_t *loc)
{
	json_t *old, *rec;

	if (value == NULL) {
		json_decref(loc);
		return -1;
	}
	if ((old = json_object_get(f->map, name)) != NULL) {
		if (!json_equal(json_object_get(old, "value"), value))
			facts_warn(f, "fact %s from %s differs from the value "
			    "already read from %s; keeping the first", name,
			    facts_input_path(f, input),
			    facts_input_path(f, (int)json_integer_value(
			    json_object_get(old, "input"))));
		json_decref(value);
		json_decref(loc);
		return 0;
	}
	rec = json_object();
	if (rec == NULL) {
		json_decref(value);
		json_decref(loc);
		return -1;
	}
	/* In key order: the canonical writer then need not sort each record. */
	json_object_set_new(rec, "input", json_integer(input));
	if (loc != NULL)
		json_object_set_new(rec, "loc", loc);
	json_object_set_new(rec, "value", value);
	return json_object_set_new(f->map, name, rec);
}

int
fact_set_bool(struct facts *f, const char *name, bool v, int input, json_t *loc)
{
	return fact_set(f, name, json_boolean(v), input, loc);
}

int
fact_set_int(struct facts *f, const char *name, long long v, int input, json_t *loc)
{
	return fact_set(f, name, json_integer((json_int_t)v), input, loc);
}

int
fact_set_str(struct facts *f, const char *name, const char *v, int input, json_t *loc)
{
	return fact_set(f, name, json_string(v), input, loc);
}

json_t *
loc_line(unsigned line)
{
	return json_pack("{s:i}", "line", (int)line);
}

json_t *
loc_offset(uint64_t offset, uint64_t length)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (length > 0)		/* "length" before "offset": key order, as above */
		json_object_set_new(o, "length", json_integer((json_int_t)length));
	json_object_set_new(o, "offset", json_integer((json_int_t)offset));
	return o;
}

json_t *
loc_field(const char *efuse_field)
{
	return json_pack("{s:s}", "field", efuse_field);
}

json_t *
loc_register(uint32_t address)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08x", address);
	return json_pack("{s:s}", "register", buf);
}

json_t *
loc_excerpt(const char *text)
{
	return json_pack("{s:s}", "excerpt", text);
}

const char *const fact_item_name_keys[] = { "label", "name", "id", "block", "slot",
    "port", "field", "path", NULL };

json_t *
fact_record(const struct facts *f, const char *name)
{
	return json_object_get(f->map, name);
}

/* Descends from v along a dotted path; numeric parts index arrays. */
static json_t *
descend(json_t *v, const char *path)
{
	char part[256];

	while (v != NULL && *path != '\0') {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		char *end;
		unsigned long idx;

		if (n == 0 || n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		if (json_is_object(v)) {
			v = json_object_get(v, part);
		} else if (json_is_array(v)) {
			idx = strtoul(part, &end, 10);
			v = (*end == '\0') ? json_array_get(v, idx) : NULL;
		} else {
			return NULL;
		}
		path += n + (dot ? 1 : 0);
	}
	return v;
}

json_t *
fact_lookup(const struct facts *f, const char *path, json_t **record)
{
	char name[512];
	size_t n = strlen(path);
	json_t *rec;

	if (record != NULL)
		*record = NULL;
	if (n == 0 || n >= sizeof(name))
		return NULL;
	/* Most paths name a stored fact whole: one lookup, no copy. */
	if ((rec = json_object_get(f->map, path)) != NULL) {
		if (record != NULL)
			*record = rec;
		return json_object_get(rec, "value");
	}
	memcpy(name, path, n + 1);
	for (;;) {
		if ((rec = json_object_get(f->map, name)) != NULL) {
			if (record != NULL)
				*record = rec;
			return descend(json_object_get(rec, "value"),
			    path[n] == '\0' ? "" : path + n + 1);
		}
		while (n > 0 && name[n - 1] != '.')
			n--;
		if (n == 0)
			return NULL;
		name[--n] = '\0';
	}
}

json_t *
facts_to_json(const struct facts *f)
{
	return json_pack("{s:i, s:O, s:O, s:O}",
	    "schema_version", FACTS_SCHEMA_VERSION, "inputs", f->inputs,
	    "facts", f->map, "warnings", f->warnings);
}

int
facts_from_json(const json_t *doc, const char *name, struct facts **out,
    struct fw_err *err)
{
	json_t *inputs, *map, *warnings, *rec;
	const char *key;
	struct facts *f;

	*out = NULL;
	if (!json_is_object(doc))
		return err_set(err, name, ERR_NO_OFFSET,
		    "expected a JSON object (a fact tree from 'scan --facts-only')");
	if (json_integer_value(json_object_get(doc, "schema_version")) !=
	    FACTS_SCHEMA_VERSION)
		return err_set(err, name, ERR_NO_OFFSET,
		    "schema_version is not %d: not a fact tree this version can read",
		    FACTS_SCHEMA_VERSION);
	inputs = json_object_get(doc, "inputs");
	map = json_object_get(doc, "facts");
	warnings = json_object_get(doc, "warnings");
	if (!json_is_array(inputs) || !json_is_object(map))
		return err_set(err, name, ERR_NO_OFFSET,
		    "expected \"inputs\" (array) and \"facts\" (object)");
	json_object_foreach(map, key, rec) {
		if (!json_is_object(rec) || json_object_get(rec, "value") == NULL ||
		    !json_is_integer(json_object_get(rec, "input")))
			return err_set(err, name, ERR_NO_OFFSET,
			    "fact \"%s\": expected {\"value\", \"input\"}", key);
		if ((size_t)json_integer_value(json_object_get(rec, "input")) >=
		    json_array_size(inputs))
			return err_set(err, name, ERR_NO_OFFSET,
			    "fact \"%s\": input index out of range", key);
	}
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return err_oom(err, name, ERR_NO_OFFSET);
	f->inputs = json_deep_copy(inputs);
	f->map = json_deep_copy(map);
	f->warnings = json_is_array(warnings) ? json_deep_copy(warnings) : json_array();
	*out = f;
	return 0;
}
