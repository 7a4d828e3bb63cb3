#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "formats/efuse.h"
#include "formats/efuse_tables.h"

void
efuse_dump_free(struct efuse_dump *d)
{
	free(d->fields);
	memset(d, 0, sizeof(*d));
}

const struct efuse_field *
efuse_get(const struct efuse_dump *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return &d->fields[i];
	return NULL;
}

struct efuse_field *
efuse_add(struct efuse_dump *d, const char *name)
{
	struct efuse_field *f;

	if (d->n == EFUSE_MAX_FIELDS || strlen(name) >= EFUSE_NAME_MAX)
		return NULL;
	if (d->fields == NULL &&
	    (d->fields = calloc(EFUSE_MAX_FIELDS, sizeof(*d->fields))) == NULL)
		return NULL;
	f = &d->fields[d->n++];
	memset(f, 0, sizeof(*f));
	strcpy(f->name, name);
	f->block = f->word = f->pos = f->bit_len = -1;
	f->readable = f->writeable = true;
	return f;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* "cb 27 91 ..." (unreadable: "?? ??") into bytes; 0 ok, -1 not hex bytes. */
static int
parse_hex_bytes(const char *s, uint8_t *out, size_t max, size_t *n)
{
	*n = 0;
	while (*s) {
		int hi, lo;

		if (*s == ' ') {
			s++;
			continue;
		}
		if (*n == max || s[1] == '\0')
			return -1;
		hi = s[0] == '?' ? 0 : hexval(s[0]);
		lo = s[1] == '?' ? 0 : hexval(s[1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[(*n)++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return 0;
}

/* "0x..." raw_value: up to 64 bits into raw, or a 32-byte key into bytes. */
static int
parse_raw(const char *s, struct efuse_field *f)
{
	size_t len;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	s += 2;
	len = strlen(s);
	if (len == 0 || len > 64)
		return -1;
	if (len <= 16) {
		uint64_t v = 0;

		for (size_t i = 0; i < len; i++) {
			int h = hexval(s[i]);

			if (h < 0)
				return -1;
			v = v << 4 | (uint64_t)h;
		}
		f->raw = v;
		f->has_raw = true;
		return 0;
	}
	if (len % 2 != 0)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		f->bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	f->nbytes = len / 2;
	return 0;
}

/* A small non-negative integer, or -1 (absent, null, out of range). */
static int
json_int_or(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 4096 ? (int)json_integer_value(v) : -1;
}

static int
field_from_json(struct efuse_field *f, json_t *e, const char *name,
    const char *key, struct fw_err *err)
{
	json_t *v = json_object_get(e, "value");
	json_t *raw = json_object_get(e, "raw_value");
	json_t *blk = json_object_get(e, "block");
	const char *type = json_string_value(json_object_get(e, "efuse_type"));

	if (v == NULL)
		return err_set(err, name, ERR_NO_OFFSET, "eFuse %s: no \"value\"", key);
	if (json_is_integer(blk))
		f->block = (int)json_integer_value(blk);
	f->word = json_int_or(json_object_get(e, "word"));
	f->pos = json_int_or(json_object_get(e, "pos"));
	f->bit_len = json_int_or(json_object_get(e, "bit_len"));
	if (json_is_boolean(json_object_get(e, "readable")))
		f->readable = json_is_true(json_object_get(e, "readable"));
	else
		f->rd_unknown = true;
	if (json_is_boolean(json_object_get(e, "writeable")))
		f->writeable = json_is_true(json_object_get(e, "writeable"));
	else
		f->wr_unknown = true;
	if (json_is_string(raw) && parse_raw(json_string_value(raw), f) != 0)
		return err_set(err, name, ERR_NO_OFFSET, "eFuse %s: raw_value \"%s\" is "
		    "not 0x-prefixed hex", key, json_string_value(raw));
	if (json_is_boolean(v)) {
		f->raw = json_is_true(v);
		f->has_raw = true;
	} else if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return err_set(err, name, ERR_NO_OFFSET, "eFuse %s: negative value", key);
		f->raw = (uint64_t)json_integer_value(v);
		f->has_raw = true;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (type != NULL && strncmp(type, "bytes:", 6) == 0) {
			size_t n;

			if (parse_hex_bytes(s, f->bytes, sizeof(f->bytes), &n) == 0) {
				f->nbytes = n;
				/* "??" is espefuse's mark of bytes it could not read:
				 * they are not zeros, whatever "readable" says. */
				if (strchr(s, '?') != NULL) {
					f->readable = false;
					f->rd_unknown = false;
				}
			} else if (f->nbytes == 0) {
				/* MAC and similar: keep the text. */
				snprintf(f->text, sizeof(f->text), "%s", s);
			}
		} else {
			snprintf(f->text, sizeof(f->text), "%s", s);
		}
	} else if (!json_is_null(v)) {
		return err_set(err, name, ERR_NO_OFFSET, "eFuse %s: value of an "
		    "unexpected JSON type", key);
	}
	return 0;
}

/* The chip, exactly, or an error that says what was seen. */
static int
efuse_json_identify(struct efuse_dump *out, const char *name, struct fw_err *err)
{
	const struct efuse_chip_def *c;
	char why[400];

	if (efuse_identify(out, &c, why, sizeof(why)) != 0) {
		efuse_dump_free(out);
		return err_set(err, name, ERR_NO_OFFSET, "not an eFuse summary of a known chip: %s",
		    why);
	}
	if (!c->audited) {
		efuse_dump_free(out);
		return err_set(err, name, ERR_NO_OFFSET, "an eFuse summary of an %s (its fields "
		    "are those of esptool's %s map), a chip fwaudit does not audit yet: no "
		    "eFuse meanings or rules for it", c->chip, c->map);
	}
	snprintf(out->chip, sizeof(out->chip), "%s", c->chip);
	snprintf(out->map, sizeof(out->map), "%s", c->map);
	return 0;
}

int
efuse_json_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_dump *out, struct fw_err *err)
{
	/* An empty input comes as NULL, which memchr must not see. */
	const uint8_t *brace = len > 0 ? memchr(data, '{', len) : NULL;
	json_error_t jerr;
	const char *key;
	json_t *root, *e;
	size_t skip;

	memset(out, 0, sizeof(*out));
	if (brace == NULL)
		return err_set(err, name, 0, "no JSON object: expected the output of "
		    "'espefuse.py summary --format json'");
	skip = (size_t)(brace - data);
	root = json_loadb((const char *)brace, len - skip, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return err_set(err, name, skip + (size_t)(jerr.position > 0 ? jerr.position : 0),
		    "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root) || json_object_size(root) == 0) {
		json_decref(root);
		return err_set(err, name, skip, "expected a JSON object keyed by eFuse name");
	}
	json_object_foreach(root, key, e) {
		struct efuse_field *f;

		/* key belongs to root: build the message before letting go of it */
		if (!json_is_object(e)) {
			err_set(err, name, ERR_NO_OFFSET, "eFuse %s: expected an object "
			    "with value, readable, writeable, ...", key);
			goto fail;
		}
		if ((f = efuse_add(out, key)) == NULL) {
			err_set(err, name, ERR_NO_OFFSET, "more than %d eFuse fields, "
			    "or a field name longer than %d", EFUSE_MAX_FIELDS, EFUSE_NAME_MAX - 1);
			goto fail;
		}
		if (field_from_json(f, e, name, key, err) != 0)
			goto fail;
	}
	json_decref(root);
	return efuse_json_identify(out, name, err);
fail:
	json_decref(root);
	efuse_dump_free(out);
	return -1;
}

int
efuse_json_detect(const uint8_t *data, size_t len)
{
	const uint8_t *brace = memchr(data, '{', len < 4096 ? len : 4096);
	size_t n;

	if (brace == NULL)
		return 0;
	n = len - (size_t)(brace - data);
	if (n > 4096)
		n = 4096;
	/* Every entry carries these keys. */
	if (memmem(brace, n, "\"efuse_type\"", 12) != NULL &&
	    memmem(brace, n, "\"writeable\"", 11) != NULL)
		return 90;
	if (memmem(brace, n, "\"WR_DIS\"", 8) != NULL ||
	    memmem(brace, n, "\"RD_DIS\"", 8) != NULL)
		return 70;
	return 0;
}
