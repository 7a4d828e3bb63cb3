/* The component catalogue (rules/data/components.yaml): per component its
 * name, supplier, identifiers and the byte patterns that show it inside a
 * binary, searched in one pass over the bytes. Data, not code per
 * component: the same catalogue serves ESP app images now and Linux root
 * filesystems later (docs/sbom.md). */
#ifndef FWAUDIT_CHECKS_COMPONENT_CATALOG_H
#define FWAUDIT_CHECKS_COMPONENT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define CAT_PLATFORM_ESP_IDF	0x1u
#define CAT_PLATFORM_LINUX	0x2u

struct cat_component {
	const char *id, *name, *supplier, *type;
	const char *license;		/* declared, SPDX expression, or NULL */
	const char *source;		/* source code URL, or NULL */
	const char *purl, *cpe;		/* templates with {version}, or NULL */
	const char *idf;		/* key in the ESP-IDF release table, or NULL */
	unsigned platforms;
	const char **packages;		/* names in package databases ("libopenssl*") */
	size_t npackages;
};

/* CAT_VERSION_BEFORE: the version is the NUL-terminated string just
 * before the pattern (a binary that keeps "2019.78" before the format
 * "Dropbear SSH client v%s" that prints it). */
enum cat_kind { CAT_VERSION, CAT_MARKER, CAT_VERSION_BEFORE };

struct cat_pattern {
	const uint8_t *lit;
	size_t len;			/* >= CAT_MIN_PATTERN */
	unsigned comp;			/* index into components */
	enum cat_kind kind;
};

#define CAT_MIN_PATTERN 4

struct catalog {
	struct cat_component *comp;
	size_t ncomp;
	struct cat_pattern *pat;
	size_t npat;
	/* one bit per first two bytes of some pattern: the pass looks no
	 * further at the other positions */
	uint64_t first2[65536 / 64];
	void *doc;			/* the parsed YAML the strings live in */
};

/* Loads and checks a catalogue; NULL with err naming the file and line. */
struct catalog *catalog_load(const char *path, struct fw_err *err);
void catalog_free(struct catalog *c);
/* The shipped catalogue (rules_default_dir()/data/components.yaml), loaded
 * once; NULL with err when it cannot be read. */
const struct catalog *catalog_default(struct fw_err *err);

/* The component a package database's package is, by the catalogue's
 * `packages` names (a trailing '*' matches any rest); NULL when none. */
const struct cat_component *catalog_by_package(const struct catalog *c, const char *name);

/* Calls fn for every occurrence of a pattern of a component on one of
 * platforms in data[0, len): off is where the pattern starts. fn returns
 * nonzero to stop. */
typedef int (*cat_match_fn)(void *ctx, const struct cat_pattern *p, size_t off);
void catalog_scan(const struct catalog *c, unsigned platforms, const uint8_t *data,
    size_t len, cat_match_fn fn, void *ctx);

/* The version that follows a CAT_VERSION pattern at data[off + p->len]:
 * digits with at least one dot, and a suffix of letters, digits, . + - _ ~
 * ("3.6.4", "1.1.1w", "5.15.0-91-generic"), into out. 0, or -1 when what
 * follows is no version (out then holds those bytes, sanitised). */
int catalog_version_at(const uint8_t *data, size_t len, size_t off,
    const struct cat_pattern *p, char *out, size_t outlen);

/* The version that precedes a CAT_VERSION_BEFORE pattern at data[off]:
 * after at most CAT_BEFORE_PAD NUL bytes (at least one: the string's
 * terminator), a whole string (a NUL or the data's start before it) of the
 * same shape as catalog_version_at's, into out; *at is where it starts.
 * 0, or -1 when there is none. */
#define CAT_BEFORE_PAD 8
int catalog_version_before(const uint8_t *data, size_t off, char *out, size_t outlen,
    size_t *at);

/* tmpl with {version} replaced, into out; 0, or -1 when it does not fit. */
int catalog_expand(const char *tmpl, const char *version, char *out, size_t outlen);

#endif
