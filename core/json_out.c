#include "core/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	char *buf;
	size_t len, cap;
	int failed;
};

static void
grow(struct out *o, size_t need)
{
	size_t cap = o->cap ? o->cap : 4096;
	char *b;

	while (cap - o->len < need)
		cap *= 2;
	if ((b = realloc(o->buf, cap)) == NULL) {
		o->failed = 1;
		return;
	}
	o->buf = b;
	o->cap = cap;
}

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->cap - o->len < n + 1)
		grow(o, n + 1);
	if (o->failed)
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
indent(struct out *o, int depth)
{
	static const char spaces[] = "\n                                                                ";
	size_t n = 2 * (size_t)depth;

	put(o, "\n", 1);
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 2 ? n : sizeof(spaces) - 2;

		put(o, spaces + 1, k);
		n -= k;
	}
}

/* As jansson escapes: quote, backslash and control characters; UTF-8 as is. */
static void
string(struct out *o, const char *s, size_t n)
{
	size_t start = 0;

	put(o, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		const char *e = NULL;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(o, s + start, i - start);
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			e = esc;
		}
		put(o, e, strlen(e));
		start = i + 1;
	}
	put(o, s + start, n - start);
	put(o, "\"", 1);
}

struct member {
	const char *key;
	const json_t *value;
};

static int
member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->key, ((const struct member *)b)->key);
}

static void value(struct out *o, const json_t *v, int depth);

static void
object(struct out *o, const json_t *v, int depth)
{
	size_t n = json_object_size(v), i = 0;
	struct member *m;
	const char *k;
	json_t *x;

	if (n == 0) {
		put(o, "{}", 2);
		return;
	}
	if ((m = malloc(n * sizeof(*m))) == NULL) {
		o->failed = 1;
		return;
	}
	json_object_foreach((json_t *)v, k, x) {
		m[i].key = k;
		m[i++].value = x;
	}
	qsort(m, n, sizeof(*m), member_cmp);
	put(o, "{", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			put(o, ",", 1);
		indent(o, depth + 1);
		string(o, m[i].key, strlen(m[i].key));
		put(o, ": ", 2);
		value(o, m[i].value, depth + 1);
	}
	indent(o, depth);
	put(o, "}", 1);
	free(m);
}

static void
value(struct out *o, const json_t *v, int depth)
{
	char num[64];
	int n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		object(o, v, depth);
		return;
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			put(o, "[]", 2);
			return;
		}
		put(o, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				put(o, ",", 1);
			indent(o, depth + 1);
			value(o, json_array_get(v, i), depth + 1);
		}
		indent(o, depth);
		put(o, "]", 1);
		return;
	case JSON_STRING:
		string(o, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		put(o, num, (size_t)n);
		return;
	case JSON_REAL: {
		/* Rare in reports: let jansson format it exactly as it would. */
		char *s = json_dumps(v, JSON_ENCODE_ANY);

		if (s == NULL) {
			o->failed = 1;
			return;
		}
		put(o, s, strlen(s));
		free(s);
		return;
	}
	case JSON_TRUE:
		put(o, "true", 4);
		return;
	case JSON_FALSE:
		put(o, "false", 5);
		return;
	case JSON_NULL:
		put(o, "null", 4);
		return;
	}
}

char *
json_canonical(const json_t *v, size_t *len)
{
	struct out o = { 0 };

	value(&o, v, 0);
	put(&o, "\n", 1);
	if (o.failed) {
		free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	if (len != NULL)
		*len = o.len;
	return o.buf;
}
