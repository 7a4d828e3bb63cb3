/* Which chip an espefuse summary belongs to. A summary does not name its
 * chip; its fields do: each chip's espefuse prints its own set, at its own
 * block, word and bit. A summary belongs to a map when every one of its
 * fields is one the map defines (in some esptool release) at the place the
 * summary gives, or one espefuse computes from such fields. Marker fields
 * were a guess: the ESP32-P4 summary has ESP32-S3's markers. */
#include "formats/efuse_tables.h"

#include <stdio.h>
#include <string.h>

static bool
ident_has(const struct efuse_chip_def *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nident; i++)
		if (strncmp(c->ident[i].name, name, len) == 0 && c->ident[i].name[len] == '\0')
			return true;
	return false;
}

/* espefuse joins fields split in two (X_LO + X_HI, RECOVERY_..._0_1 ...)
 * into one X, and derives MAC_EUI64 from the MAC. */
static bool
computed(const struct efuse_chip_def *c, const char *name)
{
	static const char *const parts[] = { "_LO", "_HI", "_0_1" };
	char buf[EFUSE_NAME_MAX + 8];

	if (strcmp(name, "MAC_EUI64") == 0)
		return ident_has(c, "MAC", 3);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", name, parts[i]);
		if (ident_has(c, buf, strlen(buf)))
			return true;
	}
	return false;
}

/* 0 the field fits the map, 1 the map lacks it, 2 it lies elsewhere. */
static int
field_fit(const struct efuse_chip_def *c, const struct efuse_field *f)
{
	bool named = false;
	bool located = f->block >= 0 && f->word >= 0 && f->pos >= 0 && f->bit_len > 0;

	for (size_t i = 0; i < c->nident; i++) {
		const struct efuse_ident_row *r = &c->ident[i];

		if (strcmp(r->name, f->name) != 0)
			continue;
		named = true;
		/* len 0: a field espefuse computes, printed with no fixed place */
		if (!located || r->len == 0 || (r->block == f->block && r->word == f->word && r->pos == f->pos &&
		    r->len == f->bit_len))
			return 0;
	}
	if (named)
		return 2;
	return computed(c, f->name) ? 0 : 1;
}

struct fit {
	size_t lacks, elsewhere, absent;
	const char *first_lacks, *first_elsewhere;
};

static void
fit_map(const struct efuse_chip_def *c, const struct efuse_dump *d, struct fit *ft)
{
	memset(ft, 0, sizeof(*ft));
	for (size_t i = 0; i < d->n; i++) {
		int k = field_fit(c, &d->fields[i]);

		if (k == 1 && ft->lacks++ == 0)
			ft->first_lacks = d->fields[i].name;
		if (k == 2 && ft->elsewhere++ == 0)
			ft->first_elsewhere = d->fields[i].name;
	}
	/* Fields of the map (any release) the summary does not list. */
	for (size_t i = 0; i < c->nident; i++)
		if ((i == 0 || strcmp(c->ident[i - 1].name, c->ident[i].name) != 0) &&
		    efuse_get(d, c->ident[i].name) == NULL)
			ft->absent++;
}

static size_t
distinct_names(const struct efuse_chip_def *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nident; i++)
		n += i == 0 || strcmp(c->ident[i - 1].name, c->ident[i].name) != 0;
	return n;
}

static void
explain_nearest(const struct efuse_dump *d, char *why, size_t whylen)
{
	const struct efuse_chip_def *best = NULL;
	struct fit bf = { 0 }, ft;

	for (int i = 0; efuse_chip_defs[i] != NULL; i++) {
		fit_map(efuse_chip_defs[i], d, &ft);
		if (best == NULL || ft.lacks + ft.elsewhere < bf.lacks + bf.elsewhere) {
			best = efuse_chip_defs[i];
			bf = ft;
		}
	}
	snprintf(why, whylen, "the %zu fields seen are not those of any ESP chip fwaudit knows "
	    "(esptool v4.12.0/v5.3.1 eFuse maps); nearest %s: %zu field(s) it lacks%s%s, %zu at "
	    "another place%s%s", d->n, best->map, bf.lacks, bf.lacks ? " such as " : "",
	    bf.lacks ? bf.first_lacks : "", bf.elsewhere, bf.elsewhere ? " such as " : "",
	    bf.elsewhere ? bf.first_elsewhere : "");
}

int
efuse_identify(const struct efuse_dump *d, const struct efuse_chip_def **out,
    char *why, size_t whylen)
{
	const struct efuse_chip_def *best = NULL;
	size_t best_absent = 0, fits = 0, ties = 0;
	char names[160] = "";
	struct fit ft;

	*out = NULL;
	for (int i = 0; efuse_chip_defs[i] != NULL; i++) {
		const struct efuse_chip_def *c = efuse_chip_defs[i];

		fit_map(c, d, &ft);
		if (ft.lacks != 0 || ft.elsewhere != 0)
			continue;
		fits++;
		if (strlen(names) + strlen(c->map) + 3 < sizeof(names))
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			    names[0] ? ", " : "", c->map);
		if (best == NULL || ft.absent < best_absent) {
			best = c;
			best_absent = ft.absent;
			ties = 0;
		} else if (ft.absent == best_absent) {
			ties++;
		}
	}
	if (fits == 0) {
		explain_nearest(d, why, whylen);
		return -1;
	}
	/* Several fit only when the summary lacks fields: the fewest-lacking map
	 * wins only where the summary shows most of it (an ESP32-H2 summary
	 * also fits the larger ESP32-H21 map; one field alone fits every map). */
	if (fits > 1 && ties == 0 && 2 * (distinct_names(best) - best_absent) < distinct_names(best))
		ties = fits;
	if (ties > 0) {
		snprintf(why, whylen, "the %zu fields seen fit several chips equally (%s): "
		    "give the whole summary", d->n, names);
		return -1;
	}
	*out = best;
	return 0;
}
