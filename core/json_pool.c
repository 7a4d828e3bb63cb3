#include "core/json_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_INTS 256

struct slot {
	const char *s;		/* the pooled string's own bytes */
	size_t len;
	uint32_t hash;
	json_t *v;
};

/* Open addressing, linear probing, at most half full. */
struct json_pool {
	struct slot *slots;
	size_t cap, n;
	json_t *ints[SMALL_INTS];
};

struct json_pool *
json_pool_new(void)
{
	struct json_pool *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->cap = 256;
	if ((p->slots = calloc(p->cap, sizeof(*p->slots))) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
json_pool_free(struct json_pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->cap; i++)
		json_decref(p->slots[i].v);
	for (size_t i = 0; i < SMALL_INTS; i++)
		json_decref(p->ints[i]);
	free(p->slots);
	free(p);
}

/* One UTF-8 sequence at s (n bytes left): its length, or 0 when jansson's
 * utf8_check refuses it (stray continuation, overlong form, surrogate,
 * beyond U+10FFFF, cut short). */
static size_t
utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char u = s[0];
	size_t len;
	uint32_t v;

	if (u >= 0xc2 && u <= 0xdf) {
		len = 2;
		v = u & 0x1f;
	} else if (u >= 0xe0 && u <= 0xef) {
		len = 3;
		v = u & 0x0f;
	} else if (u >= 0xf0 && u <= 0xf4) {
		len = 4;
		v = u & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    (len == 3 && v < 0x800) || (len == 4 && v < 0x10000))
		return 0;
	return len;
}

json_t *
json_string_fast(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i = 0;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	while (i < n) {
		uint64_t x;
		size_t len;

		if (n - i >= 8) {
			memcpy(&x, u + i, 8);
			if ((x & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_sequence(u + i, n - i)) == 0)
			return NULL;
		i += len;
	}
	return json_stringn_nocheck(s, n);
}

/* Eight bytes at a time (the last few zero-padded), then mixed: strings
 * are hashed once per use, so this is most of a lookup. */
static uint32_t
hash(const char *s, size_t n)
{
	uint64_t h = n * UINT64_C(0x9e3779b97f4a7c15), x;
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		memcpy(&x, s + i, 8);
		h = (h ^ x) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 29;
	}
	x = 0;
	memcpy(&x, s + i, n - i);
	h = (h ^ x) * UINT64_C(0xc4ceb9fe1a85ec53);
	return (uint32_t)(h ^ (h >> 32));
}

static int
grow(struct json_pool *p)
{
	size_t cap = p->cap * 2;
	struct slot *slots = calloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -1;
	for (size_t i = 0; i < p->cap; i++) {
		size_t j;

		if (p->slots[i].v == NULL)
			continue;
		for (j = p->slots[i].hash & (cap - 1); slots[j].v != NULL; j = (j + 1) & (cap - 1))
			;
		slots[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->cap = cap;
	return 0;
}

json_t *
json_pool_string(struct json_pool *p, const char *s)
{
	uint32_t h;
	size_t i, n;
	json_t *v;

	if (p == NULL || s == NULL)
		return json_string_fast(s);
	n = strlen(s);
	h = hash(s, n);
	for (i = h & (p->cap - 1); p->slots[i].v != NULL; i = (i + 1) & (p->cap - 1))
		if (p->slots[i].hash == h && p->slots[i].len == n &&
		    memcmp(p->slots[i].s, s, n) == 0)
			return json_incref(p->slots[i].v);
	if ((v = json_string_fast(s)) == NULL)
		return NULL;
	if (2 * (p->n + 1) > p->cap) {
		if (grow(p) != 0)
			return v;	/* unpooled, still right */
		for (i = h & (p->cap - 1); p->slots[i].v != NULL; i = (i + 1) & (p->cap - 1))
			;
	}
	p->slots[i] = (struct slot){ json_string_value(v), n, h, json_incref(v) };
	p->n++;
	return v;
}

json_t *
json_pool_integer(struct json_pool *p, json_int_t v)
{
	if (p == NULL || v < 0 || v >= SMALL_INTS)
		return json_integer(v);
	if (p->ints[v] == NULL && (p->ints[v] = json_integer(v)) == NULL)
		return NULL;
	return json_incref(p->ints[v]);
}
