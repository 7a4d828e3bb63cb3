/* Ordering version strings the way their projects do. A version is read as
 * numbers separated by dots (an optional leading "v"), then a tail: after
 * '-' a pre-release that sorts before the release ("5.2-rc1" < "5.2"), a
 * word right after the last number that sorts after it as OpenSSL's letter
 * releases do ("1.1.1w" > "1.1.1"), or after '+' build metadata that is
 * ignored. What a product's tail means is data (the scheme table in
 * core/version_cmp.c), not code per product. */
#ifndef FWAUDIT_VERSION_CMP_H
#define FWAUDIT_VERSION_CMP_H

#include <stdbool.h>
#include <stddef.h>

enum ver_tail_kind {
	VT_PRERELEASE,	/* a word after the numbers sorts before the release */
	VT_LETTER,	/* sorts after it: 1.1.1 < 1.1.1a < 1.1.1z < 1.1.1za */
};

struct ver_scheme {
	const char *name;
	/* How a word glued to the last number reads ("1.1.1w", "5.0rc1");
	 * after '-' it is always a pre-release. */
	enum ver_tail_kind glued;
};

/* The scheme for a product (compared lower-case, letters and digits only:
 * "Mbed TLS" = "mbedtls"); the generic one when the table has none. */
const struct ver_scheme *ver_scheme_for(const char *product);
const struct ver_scheme *ver_scheme_named(const char *name);

/* Whether s reads as a version: digits first (after an optional 'v'). */
bool ver_valid(const char *s);

/* -1, 0 or 1 as a < b, a = b, a > b under the scheme; missing trailing
 * numbers count as 0 ("5.2" = "5.2.0"). Both must be ver_valid. */
int ver_cmp(const char *a, const char *b, const struct ver_scheme *sc);

/* The comparison any reading of the two agrees on: the first differing
 * number decides it; when the numbers are equal and either has a tail, no
 * ordering can be assumed and VER_UNSURE comes back. */
#define VER_UNSURE 2
int ver_cmp_sure(const char *a, const char *b);

/* Lower-case letters and digits of s into out (len bytes), for comparing
 * names: "ESP-IDF" and "esp_idf" both give "espidf". */
void ver_name_key(const char *s, char *out, size_t len);

#endif
