/* The package databases of a root file system as `components` items: every
 * installed package of opkg's, dpkg's or apk's database, one text parse
 * each (formats/pkgdb.h). A package the catalogue names (its `packages`)
 * takes the catalogue's identity, and the items the binaries gave for the
 * same component are folded into it: one component, both evidences, and a
 * warning when the versions disagree. docs/sbom.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/component_catalog.h"
#include "checks/components.h"
#include "checks/esp_common.h"
#include "checks/rootfs.h"
#include "formats/pkgdb.h"
#include "util/oom.h"

struct db_kind {
	const char *path;
	enum pkgdb_kind kind;
	const char *manager;
	const char *purl_type;		/* type and namespace */
};

/* opkg's status lives in usr/lib/opkg (OpenWrt) or var/lib/opkg (older
 * OpenWrt, Yocto); the purl spec has no opkg type yet (package-url/
 * purl-spec pull request 279 proposes `opkg`), and that is the name SBOM
 * tools for OpenWrt and Yocto write. deb and apk are registered types. */
static const struct db_kind dbs[] = {
	{ "usr/lib/opkg/status", PKGDB_OPKG, "opkg", "opkg" },
	{ "var/lib/opkg/status", PKGDB_OPKG, "opkg", "opkg" },
	{ "var/lib/dpkg/status", PKGDB_DPKG, "dpkg", "deb/debian" },
	{ "lib/apk/db/installed", PKGDB_APK, "apk", "apk/alpine" },
};

/* A purl segment: unreserved characters kept, the rest percent-encoded
 * ("1:2.3+dfsg" -> "1%3A2.3%2Bdfsg"). */
static void
purl_enc(char *out, size_t n, const char *s)
{
	size_t o = 0;

	for (; *s != '\0' && o + 4 < n; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '-' || ch == '_' || ch == '~')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", ch);
	}
	out[o] = '\0';
}

static void
set_purl(json_t *o, const struct db_kind *k, const char *name, const char *version,
    const char *arch)
{
	char en[256], ev[256], ea[128];

	purl_enc(en, sizeof(en), name);
	purl_enc(ev, sizeof(ev), version);
	purl_enc(ea, sizeof(ea), arch ? arch : "");
	json_object_set_new(o, "purl", json_sprintf("pkg:%s/%s@%s%s%s", k->purl_type, en, ev,
	    arch ? "?arch=" : "", arch ? ea : ""));
}

/* Identity from the catalogue (its purl replaced by the package's), or
 * from the package alone. */
static void
set_identity(json_t *o, const struct cat_component *c, const char *name, const char *up)
{
	json_object_set_new(o, "id", json_string(c ? c->id : name));
	if (c != NULL) {
		component_set_identity(o, c, up);
		return;
	}
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "version", up ? json_string(up) : json_null());
	/* without the catalogue: a lib* package is a library, the rest programs */
	json_object_set_new(o, "type", json_string(strncmp(name, "lib", 3) == 0 ?
	    "library" : "application"));
}

struct db_read {
	struct rootfs *r;
	const struct db_kind *k;
	const char *path;
	const uint8_t *data;
	size_t len;
	const struct catalog *cat;
};

static json_t *
package_item(const struct db_read *d, const struct pkgdb_pkg *p, const char *ref_suffix)
{
	char name[128], ver[128], up[128], arch[64], line[200];
	const struct cat_component *c;
	json_t *o;

	esp_sanitize(name, sizeof(name), p->name);
	esp_sanitize(ver, sizeof(ver), p->version ? p->version : "");
	esp_sanitize(arch, sizeof(arch), p->arch ? p->arch : "");
	pkgdb_upstream(d->k->kind, ver, up, sizeof(up));
	snprintf(line, sizeof(line), "%.*s", (int)(p->length < 199 ? p->length : 199),
	    (const char *)d->data + p->offset);
	esp_sanitize(line, sizeof(line), line);
	c = catalog_by_package(d->cat, name);
	o = json_pack("{s:s, s:i, s:s, s:s, s:I, s:I}", "bom_ref", "", "input",
	    d->r->in->index, "path", d->path, "image", d->path, "image_offset", (json_int_t)0,
	    "image_length", (json_int_t)d->len);
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "bom_ref", json_sprintf("input%d:%s:%s%s", d->r->in->index,
	    d->path, name, ref_suffix));
	set_identity(o, c, name, p->version ? up : NULL);
	json_object_set_new(o, "package_manager", json_string(d->k->manager));
	json_object_set_new(o, "package_name", json_string(name));
	json_object_set_new(o, "package_version", p->version ? json_string(ver) : json_null());
	if (p->arch != NULL)
		json_object_set_new(o, "package_arch", json_string(arch));
	if (p->version != NULL)
		set_purl(o, d->k, name, ver, p->arch ? arch : NULL);
	json_object_set_new(o, "confidence", json_string(p->version ? "high" : "low"));
	json_object_set_new(o, "version_from", json_string("package database"));
	json_object_set_new(o, "evidence", json_pack("[{s:i, s:s, s:i, s:I, s:I, s:s, s:s}]",
	    "input", d->r->in->index, "path", d->path, "line", (int)p->line, "offset",
	    (json_int_t)p->offset, "length", (json_int_t)p->length, "kind", "package",
	    "matched", line));
	return o;
}

static const char *
arch_of(const struct pkgdb_pkg *p)
{
	return p->arch ? p->arch : "";
}

struct pkg_ref {
	const struct pkgdb_pkg *p;
	size_t i;
};

static int
by_name_arch(const void *a, const void *b)
{
	const struct pkg_ref *x = a, *y = b;
	int c = strcmp(x->p->name, y->p->name);

	if (c == 0)
		c = strcmp(arch_of(x->p), arch_of(y->p));
	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* Per installed package: 0 unique name; 1 the name again with another
 * architecture (Debian's multiarch: the bom_ref takes the arch); 2 the same
 * name and architecture as an earlier stanza (left out). Sorted, not
 * compared pairwise: a Debian status lists a thousand packages. */
static unsigned char *
repeats(const struct pkgdb *db)
{
	struct pkg_ref *ix = calloc(db->n + 1, sizeof(*ix));
	unsigned char *rep = calloc(db->n + 1, 1);
	size_t n = 0;

	if (ix == NULL || rep == NULL) {
		free(ix);
		free(rep);
		return NULL;
	}
	for (size_t i = 0; i < db->n; i++)
		if (db->pkg[i].installed)
			ix[n++] = (struct pkg_ref){ &db->pkg[i], i };
	qsort(ix, n, sizeof(*ix), by_name_arch);
	for (size_t k = 1; k < n; k++) {
		if (strcmp(ix[k - 1].p->name, ix[k].p->name) != 0)
			continue;
		rep[ix[k].i] = strcmp(arch_of(ix[k - 1].p), arch_of(ix[k].p)) == 0 ? 2 : 1;
		if (rep[ix[k].i] == 1 && rep[ix[k - 1].i] == 0)
			rep[ix[k - 1].i] = 1;	/* both twins name their arch */
	}
	free(ix);
	return rep;
}

static void
read_db(struct db_read *d, json_t *items)
{
	struct pkgdb db;
	struct fw_err err;
	char where[1200];
	unsigned char *rep;

	snprintf(where, sizeof(where), "%s: %s", d->r->in->path, d->path);
	if (pkgdb_parse(d->k->kind, where, d->data, d->len, &db, &err) != 0) {
		facts_warn(d->r->f, "package database not read: %s", err.msg);
		return;
	}
	if ((rep = repeats(&db)) == NULL) {
		oom_note();
		pkgdb_free(&db);
		return;
	}
	for (size_t i = 0; i < db.n; i++) {
		const struct pkgdb_pkg *p = &db.pkg[i];
		char suffix[80] = "";
		json_t *o;

		if (!p->installed || rep[i] == 2)
			continue;
		if (rep[i] == 1)
			snprintf(suffix, sizeof(suffix), ":%.60s", arch_of(p));
		if ((o = package_item(d, p, suffix)) == NULL || json_array_append_new(items, o) != 0)
			oom_note();
	}
	free(rep);
	pkgdb_free(&db);
}

/* The first package item that is catalogue component id. */
static json_t *
package_for(const struct catalog *cat, json_t *items, const char *id)
{
	size_t i;
	json_t *o;

	json_array_foreach(items, i, o) {
		const struct cat_component *c = catalog_by_package(cat,
		    json_string_value(json_object_get(o, "package_name")));

		if (c != NULL && id != NULL && strcmp(c->id, id) == 0)
			return o;
	}
	return NULL;
}

/* A binary's item folded into its package's: its evidence appended, its
 * version listed, a disagreement with the upstream version said. */
static void
fold(struct rootfs *r, json_t *pkg, json_t *bin)
{
	const char *bv = json_string_value(json_object_get(bin, "version"));
	const char *pv = json_string_value(json_object_get(pkg, "version"));
	const char *path = json_string_value(json_object_get(bin, "path"));
	json_t *list = json_object_get(pkg, "binary_versions");

	json_array_extend(json_object_get(pkg, "evidence"), json_object_get(bin, "evidence"));
	if (list == NULL)
		json_object_set_new(pkg, "binary_versions", list = json_array());
	json_array_append_new(list, json_pack("{s:s?, s:s?, s:O?}", "path", path, "version", bv,
	    "confidence", json_object_get(bin, "confidence")));
	if (bv == NULL || pv == NULL || strcmp(bv, pv) == 0)
		return;
	json_object_set_new(pkg, "version_note", json_sprintf("the package database says %s "
	    "(package version %s), %s says %s", pv, json_string_value(json_object_get(pkg,
	    "package_version")), path, bv));
	facts_warn(r->f, "%s: %s: package %s is version %s, but %s holds version %s",
	    r->in->path, json_string_value(json_object_get(pkg, "path")),
	    json_string_value(json_object_get(pkg, "package_name")), pv, path, bv);
}

/* The binaries' items of this input whose component a package is: folded
 * into the package's item and taken out of the list. */
static void
merge_binaries(struct rootfs *r, const struct catalog *cat, json_t *items)
{
	json_t *list = json_object_get(fact_record(r->f, "components"), "value");

	for (size_t i = 0; i < json_array_size(list);) {
		json_t *b = json_array_get(list, i), *pkg;

		if (json_integer_value(json_object_get(b, "input")) != r->in->index ||
		    json_object_get(b, "path") == NULL || json_object_get(b, "package_manager") ||
		    (pkg = package_for(cat, items, json_string_value(json_object_get(b, "id")))) == NULL) {
			i++;
			continue;
		}
		fold(r, pkg, b);
		json_array_remove(list, i);
	}
}

void
rootfs_packages(struct rootfs *r)
{
	struct fw_err err;
	const struct catalog *cat = catalog_default(&err);
	json_t *items = json_array();
	char seen_final[sizeof(dbs) / sizeof(dbs[0])][1024];
	size_t i;
	json_t *o;

	if (items == NULL) {
		oom_note();
		return;
	}
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		struct db_read d = { r, &dbs[i], dbs[i].path, NULL, 0, cat };
		const struct fs_entry *e;
		const char *why;
		bool dup = false;
		uint8_t *b;

		seen_final[i][0] = '\0';
		if (fstree_resolve(&r->t, dbs[i].path, true, &e, seen_final[i],
		    sizeof(seen_final[i])) != FSR_OK)
			continue;
		for (size_t k = 0; k < i; k++)
			dup |= strcmp(seen_final[k], seen_final[i]) == 0;
		if (dup || (b = rootfs_read(r, dbs[i].path, &d.len, &why)) == NULL)
			continue;	/* one file by two names, or none */
		d.data = b;
		read_db(&d, items);
		free(b);
	}
	merge_binaries(r, cat, items);
	json_array_foreach(items, i, o)
		esp_fact_append(r->f, "components", json_incref(o), r->in->index, NULL);
	json_decref(items);
}
