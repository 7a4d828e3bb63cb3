#include "core/json_out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every token is written through a bare pointer after one capacity check:
 * a report is tens of thousands of tokens, and a function call with its
 * own bounds check per token was most of the writer's time. */
struct out {
	char *buf, *p, *end;
	int failed;
	int compact;	/* jansson's JSON_COMPACT: no whitespace, members in insertion order */
	char *borrowed;	/* buf when it is the caller's: copied, not realloc'd, to grow */
};

static int
grow(struct out *o, size_t need)
{
	size_t len = (size_t)(o->p - o->buf), cap = (size_t)(o->end - o->buf);
	char *b;

	if (o->failed)
		return -1;
	if (cap == 0)
		cap = o->compact ? 256 : 64 << 10;
	while (cap - len < need)
		cap *= 2;
	if (o->buf == o->borrowed) {
		if ((b = malloc(cap)) != NULL && len > 0)
			memcpy(b, o->buf, len);
	} else {
		b = realloc(o->buf, cap);
	}
	if (b == NULL) {
		o->failed = 1;
		return -1;
	}
	o->buf = b;
	o->p = b + len;
	o->end = b + cap;
	return 0;
}

/* Room for n more bytes; 0, or -1 (nothing more may be written). */
static inline int
reserve(struct out *o, size_t n)
{
	return (size_t)(o->end - o->p) >= n ? 0 : grow(o, n);
}

static inline void
put(struct out *o, const char *s, size_t n)
{
	if (reserve(o, n) != 0)
		return;
	memcpy(o->p, s, n);
	o->p += n;
}

/* A newline and two spaces per level, then c (when not 0). */
static inline void
newline(struct out *o, int depth, char c)
{
	size_t n = 2 * (size_t)depth;

	if (o->compact) {
		if (c != '\0')
			put(o, &c, 1);
		return;
	}
	if (reserve(o, n + 2) != 0)
		return;
	*o->p++ = '\n';
	memset(o->p, ' ', n);
	o->p += n;
	if (c != '\0')
		*o->p++ = c;
}

/* 1: the byte is written escaped (quote, backslash, control characters). */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

#define ONES UINT64_C(0x0101010101010101)
/* Any byte of x below n (n <= 128), any byte zero: exact as a whole, though
 * not per byte. */
#define has_less(x, n) (((x) - ONES * (n)) & ~(x) & (ONES * 0x80))
#define has_zero(x) has_less(x, 1)

static inline int
word_needs_escape(uint64_t x)
{
	return has_less(x, 0x20) || has_zero(x ^ (ONES * '"')) || has_zero(x ^ (ONES * '\\'));
}

/* The index of the first byte from i that needs escaping, or n. Eight
 * bytes at a time; the last few padded with spaces (which need none), so
 * a short string is one check, not a loop over its bytes. */
static size_t
next_escape(const unsigned char *u, size_t i, size_t n)
{
	uint64_t x;
	size_t end;

	for (; n - i >= 8; i += 8) {
		memcpy(&x, u + i, 8);
		if (word_needs_escape(x))
			break;
	}
	if (n - i < 8) {
		x = ONES * ' ';
		memcpy(&x, u + i, n - i);
		if (!word_needs_escape(x))
			return n;
	}
	for (end = n - i < 8 ? n : i + 8; i < end; i++)
		if (needs_escape[u[i]])
			return i;
	return n;	/* not reached: the word held one */
}

/* As jansson escapes: quote, backslash and control characters; UTF-8 as is. */
static void
string(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i;

	put(o, "\"", 1);
	while ((i = next_escape(u, start, n)) < n) {
		unsigned char c = u[i];

		put(o, s + start, i - start);
		start = i + 1;
		if (reserve(o, 6) != 0)
			return;
		*o->p++ = '\\';
		switch (c) {
		case '"': *o->p++ = '"'; break;
		case '\\': *o->p++ = '\\'; break;
		case '\b': *o->p++ = 'b'; break;
		case '\f': *o->p++ = 'f'; break;
		case '\n': *o->p++ = 'n'; break;
		case '\r': *o->p++ = 'r'; break;
		case '\t': *o->p++ = 't'; break;
		default:
			memcpy(o->p, "u00", 3);
			o->p[3] = hex[c >> 4];
			o->p[4] = hex[c & 15];
			o->p += 5;
		}
	}
	put(o, s + start, n - start);
	put(o, "\"", 1);
}

static void
integer(struct out *o, json_int_t v)
{
	char tmp[24], *q = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--q = '-';
	put(o, q, (size_t)(tmp + sizeof(tmp) - q));
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

/* Objects the engine builds are already in key order: checking that costs
 * one comparison per key, sorting several. */
static void
sort_members(struct member *m, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(m[i - 1].key, m[i].key) > 0)
			break;
	if (i == n)
		return;
	if (n > 24) {
		qsort(m, n, sizeof(*m), member_cmp);
		return;
	}
	for (; i < n; i++) {
		struct member x = m[i];
		size_t j = i;

		for (; j > 0 && strcmp(m[j - 1].key, x.key) > 0; j--)
			m[j] = m[j - 1];
		m[j] = x;
	}
}

static void value(struct out *o, const json_t *v, int depth);

static void
object(struct out *o, const json_t *v, int depth)
{
	size_t n = json_object_size(v), i = 0;
	struct member local[32], *m = local;
	void *it;

	if (n == 0) {
		put(o, "{}", 2);
		return;
	}
	if (n > sizeof(local) / sizeof(local[0]) && (m = malloc(n * sizeof(*m))) == NULL) {
		o->failed = 1;
		return;
	}
	/* The members' values are fetched while the list is walked: a report
	 * is freshly allocated nodes all over the heap, and waiting for each
	 * in turn was most of the time. */
	for (it = json_object_iter((json_t *)v); it != NULL && i < n;
	    it = json_object_iter_next((json_t *)v, it)) {
		m[i].key = json_object_iter_key(it);
		m[i].value = json_object_iter_value(it);
		__builtin_prefetch(m[i++].value);
	}
	n = i;
	if (!o->compact)
		sort_members(m, n);
	put(o, "{", 1);
	for (i = 0; i < n; i++) {
		newline(o, depth + 1, '\0');
		string(o, m[i].key, strlen(m[i].key));
		put(o, ": ", o->compact ? 1 : 2);
		value(o, m[i].value, depth + 1);
		if (i + 1 < n)
			put(o, ",", 1);
	}
	newline(o, depth, '}');
	if (m != local)
		free(m);
}

static void
value(struct out *o, const json_t *v, int depth)
{
	size_t n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		object(o, v, depth);
		return;
	case JSON_ARRAY:
		if ((n = json_array_size(v)) == 0) {
			put(o, "[]", 2);
			return;
		}
		put(o, "[", 1);
		for (size_t i = 0; i < n && i < 4; i++)
			__builtin_prefetch(json_array_get(v, i));
		for (size_t i = 0; i < n; i++) {
			if (i + 4 < n)
				__builtin_prefetch(json_array_get(v, i + 4));
			newline(o, depth + 1, '\0');
			value(o, json_array_get(v, i), depth + 1);
			if (i + 1 < n)
				put(o, ",", 1);
		}
		newline(o, depth, ']');
		return;
	case JSON_STRING:
		string(o, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		integer(o, json_integer_value(v));
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
	if (reserve(&o, 1) != 0 || o.failed) {
		free(o.buf);
		return NULL;
	}
	*o.p = '\0';
	if (len != NULL)
		*len = (size_t)(o.p - o.buf);
	return o.buf;
}

char *
json_compact(const json_t *v, char *buf, size_t size)
{
	struct out o = { .buf = buf, .p = buf, .end = buf + size, .compact = 1,
	    .borrowed = buf };

	value(&o, v, 0);
	if (reserve(&o, 1) != 0 || o.failed) {
		if (o.buf != buf)
			free(o.buf);
		return NULL;
	}
	*o.p = '\0';
	return o.buf;
}
