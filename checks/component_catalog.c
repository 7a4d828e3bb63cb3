/* Loading the component catalogue and the one-pass pattern search. */
#include "checks/component_catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ruleset.h"
#include "util/ytree.h"

static const char *const platform_names[] = { "esp-idf", "linux", NULL };
static const char *const type_names[] = { "library", "framework", "operating-system",
	"application", "firmware", "data", NULL };

static int
in_list(const char *s, const char *const *list)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

static const char *
opt_str(const struct ynode *m, const char *key)
{
	return yscalar(ymap_get(m, key));
}

static int
add_patterns(struct catalog *c, const char *path, const struct ynode *m,
    const char *key, enum cat_kind kind, unsigned comp, struct fw_err *err)
{
	const struct ynode *seq = ymap_get(m, key);

	if (seq == NULL)
		return 0;
	if (seq->type != Y_SEQ)
		return err_set_line(err, path, seq->line, seq->col, "'%s' must be a list of "
		    "strings", key);
	for (size_t i = 0; i < seq->n; i++) {
		const char *s = yscalar(seq->items[i]);
		struct cat_pattern *p;

		if (s == NULL || strlen(s) < CAT_MIN_PATTERN)
			return err_set_line(err, path, seq->items[i]->line, seq->items[i]->col,
			    "a pattern must be a string of at least %d bytes", CAT_MIN_PATTERN);
		p = &c->pat[c->npat++];
		p->lit = (const uint8_t *)s;
		p->len = strlen(s);
		p->comp = comp;
		p->kind = kind;
		c->first2[(p->lit[0] | p->lit[1] << 8) >> 6] |= 1ull << ((p->lit[0] | p->lit[1] << 8) & 63);
	}
	return 0;
}

static int
load_packages(const char *path, const struct ynode *m, struct cat_component *e,
    struct fw_err *err)
{
	const struct ynode *seq = ymap_get(m, "packages");

	if (seq == NULL)
		return 0;
	if (seq->type != Y_SEQ)
		return err_set_line(err, path, seq->line, seq->col, "component '%s': 'packages' "
		    "must be a list of package names", e->id);
	if ((e->packages = calloc(seq->n + 1, sizeof(*e->packages))) == NULL)
		return err_oom(err, path, ERR_NO_OFFSET);
	for (size_t i = 0; i < seq->n; i++) {
		const char *s = yscalar(seq->items[i]);

		if (s == NULL || s[0] == '\0' || s[0] == '*')
			return err_set_line(err, path, seq->items[i]->line, seq->items[i]->col,
			    "component '%s': a package name must be a non-empty string", e->id);
		e->packages[e->npackages++] = s;
	}
	return 0;
}

const struct cat_component *
catalog_by_package(const struct catalog *c, const char *name)
{
	for (size_t i = 0; c != NULL && i < c->ncomp; i++)
		for (size_t k = 0; k < c->comp[i].npackages; k++) {
			const char *p = c->comp[i].packages[k];
			size_t n = strlen(p);

			if (p[n - 1] == '*' ? strncmp(p, name, n - 1) == 0 : strcmp(p, name) == 0)
				return &c->comp[i];
		}
	return NULL;
}

static unsigned
count_patterns(const struct ynode *m)
{
	static const char *const keys[] = { "version", "markers", "version_before" };
	unsigned n = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct ynode *v = ymap_get(m, keys[i]);

		n += v != NULL && v->type == Y_SEQ ? (unsigned)v->n : 0;
	}
	return n;
}

static int
load_entry(struct catalog *c, const char *path, const struct ynode *m, struct fw_err *err)
{
	struct cat_component *e = &c->comp[c->ncomp];
	const struct ynode *plat = ymap_get(m, "platforms");

	if (m->type != Y_MAP)
		return err_set_line(err, path, m->line, m->col, "a component must be a map");
	e->id = opt_str(m, "id");
	e->name = opt_str(m, "name");
	e->supplier = opt_str(m, "supplier");
	e->type = opt_str(m, "type");
	e->license = opt_str(m, "license");
	e->source = opt_str(m, "source");
	e->purl = opt_str(m, "purl");
	e->cpe = opt_str(m, "cpe");
	e->idf = opt_str(m, "idf");
	if (e->id == NULL || e->name == NULL)
		return err_set_line(err, path, m->line, m->col, "a component needs 'id' and 'name'");
	if (e->type == NULL || in_list(e->type, type_names) < 0)
		return err_set_line(err, path, m->line, m->col, "component '%s': 'type' must be "
		    "library, framework, operating-system, application, firmware or data", e->id);
	if (plat == NULL || plat->type != Y_SEQ || plat->n == 0)
		return err_set_line(err, path, m->line, m->col, "component '%s': 'platforms' "
		    "must be a list (esp-idf, linux)", e->id);
	for (size_t i = 0; i < plat->n; i++) {
		const char *s = yscalar(plat->items[i]);
		int k = s ? in_list(s, platform_names) : -1;

		if (k < 0)
			return err_set_line(err, path, plat->items[i]->line, plat->items[i]->col,
			    "component '%s': unknown platform (esp-idf, linux)", e->id);
		e->platforms |= 1u << k;
	}
	if (load_packages(path, m, e, err) != 0)
		goto fail;
	if (add_patterns(c, path, m, "version", CAT_VERSION, (unsigned)c->ncomp, err) != 0 ||
	    add_patterns(c, path, m, "markers", CAT_MARKER, (unsigned)c->ncomp, err) != 0 ||
	    add_patterns(c, path, m, "version_before", CAT_VERSION_BEFORE, (unsigned)c->ncomp,
	    err) != 0)
		goto fail;
	c->ncomp++;
	return 0;
fail:
	free(e->packages);	/* not counted yet: catalog_free would miss it */
	e->packages = NULL;
	return -1;
}

struct catalog *
catalog_load(const char *path, struct fw_err *err)
{
	struct ynode *doc = ytree_load_file(path, err);
	const struct ynode *list;
	struct catalog *c;
	size_t npat = 0;

	if (doc == NULL)
		return NULL;
	list = ymap_get(doc, "components");
	if (list == NULL || list->type != Y_SEQ) {
		err_set_line(err, path, doc->line, doc->col, "expected a 'components' list");
		ytree_free(doc);
		return NULL;
	}
	for (size_t i = 0; i < list->n; i++)
		npat += count_patterns(list->items[i]);
	c = calloc(1, sizeof(*c));
	if (c != NULL) {
		c->comp = calloc(list->n + 1, sizeof(*c->comp));
		c->pat = calloc(npat + 1, sizeof(*c->pat));
	}
	if (c == NULL || c->comp == NULL || c->pat == NULL) {
		err_internal(err, path, "out of memory");
		goto fail;
	}
	c->doc = doc;
	for (size_t i = 0; i < list->n; i++)
		if (load_entry(c, path, list->items[i], err) != 0)
			goto fail;
	return c;
fail:
	if (c != NULL)
		c->doc = NULL;
	catalog_free(c);
	ytree_free(doc);
	return NULL;
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; c->comp != NULL && i < c->ncomp; i++)
		free(c->comp[i].packages);
	free(c->comp);
	free(c->pat);
	ytree_free(c->doc);
	free(c);
}

const struct catalog *
catalog_default(struct fw_err *err)
{
	/* Loaded once a process, kept until exit; a failed load (a missing
	 * file, memory) is tried again on the next call, never kept. */
	static struct catalog *cat;
	char path[4096];

	if (cat == NULL) {
		snprintf(path, sizeof(path), "%s/data/components.yaml", rules_default_dir());
		cat = catalog_load(path, err);
	}
	return cat;
}

void
catalog_scan(const struct catalog *c, unsigned platforms, const uint8_t *data,
    size_t len, cat_match_fn fn, void *ctx)
{
	if (len < CAT_MIN_PATTERN)
		return;
	for (size_t i = 0; i + CAT_MIN_PATTERN <= len; i++) {
		unsigned k = data[i] | data[i + 1] << 8;

		if (!(c->first2[k >> 6] & (1ull << (k & 63))))
			continue;
		for (size_t j = 0; j < c->npat; j++) {
			const struct cat_pattern *p = &c->pat[j];

			if (p->lit[0] != data[i] || p->lit[1] != data[i + 1] || p->len > len - i ||
			    !(c->comp[p->comp].platforms & platforms) ||
			    memcmp(p->lit + 2, data + i + 2, p->len - 2) != 0)
				continue;
			if (fn(ctx, p, i) != 0)
				return;
		}
	}
}

static int
version_char(uint8_t ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch == '.' || ch == '+' || ch == '-' || ch == '_' || ch == '~';
}

/* digits, then (dot digits)+ at the start of s[0, n) */
static bool
version_shape(const uint8_t *s, size_t n)
{
	size_t digits = 0, dots = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && digits > 0 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
			dots++;
		else
			break;
	}
	return n > 0 && s[0] >= '0' && s[0] <= '9' && dots > 0;
}

int
catalog_version_before(const uint8_t *data, size_t off, char *out, size_t outlen, size_t *at)
{
	size_t e = off, s, pad = 0;

	while (e > 0 && data[e - 1] == '\0' && pad < CAT_BEFORE_PAD) {
		e--;
		pad++;
	}
	if (pad == 0 || (e > 0 && data[e - 1] == '\0'))
		return -1;	/* no terminator, or more padding than alignment makes */
	for (s = e; s > 0 && e - s < outlen - 1 && version_char(data[s - 1]); s--)
		;
	if ((s > 0 && data[s - 1] != '\0') || !version_shape(data + s, e - s))
		return -1;	/* the tail of a longer string, or no version */
	memcpy(out, data + s, e - s);
	out[e - s] = '\0';
	*at = s;
	return 0;
}

int
catalog_version_at(const uint8_t *data, size_t len, size_t off, const struct cat_pattern *p,
    char *out, size_t outlen)
{
	size_t s = off + p->len, e = s;
	char raw[40];
	size_t n;

	while (e < len && e - s < outlen - 1 && e - s < sizeof(raw) - 1 && version_char(data[e]))
		e++;
	if (version_shape(data + s, e - s)) {
		memcpy(out, data + s, e - s);
		out[e - s] = '\0';
		return 0;
	}
	/* What follows instead, up to a NUL or 24 bytes, for the message. */
	for (n = 0; s + n < len && n < 24 && data[s + n] != '\0'; n++)
		raw[n] = (char)data[s + n];
	raw[n] = '\0';
	for (size_t i = 0, o = 0; ; i++) {
		unsigned char ch = (unsigned char)raw[i];

		if (ch == '\0' || o + 5 >= outlen) {
			out[o] = '\0';
			break;
		}
		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", ch);
	}
	return -1;
}

int
catalog_expand(const char *tmpl, const char *version, char *out, size_t outlen)
{
	const char *at = strstr(tmpl, "{version}");
	int n;

	if (at == NULL)
		n = snprintf(out, outlen, "%s", tmpl);
	else
		n = snprintf(out, outlen, "%.*s%s%s", (int)(at - tmpl), tmpl, version, at + 9);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}
