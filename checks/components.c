/* ESP images to `components` items: descriptors, catalogue matches in the
 * app's read-only data, versions derived from the ESP-IDF release. */
#include "checks/components.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/component_catalog.h"
#include "checks/idf_releases.h"
#include "util/hex.h"
#include "util/oom.h"
#include "util/reader.h"

#define MAX_EVIDENCE 3
#define DESC_IDF_VER 112	/* esp_app_desc_t.idf_ver */
#define DESC_VERSION 16		/* esp_app_desc_t.version */
#define BL_DESC_IDF_VER 8	/* esp_bootloader_desc_t.idf_ver */

/* What one image showed of one catalogue component. */
struct comp_hit {
	bool present;
	bool have_version;
	char version[40];
	size_t ver_off;			/* from the image start */
	const struct cat_pattern *ver_pat;
	bool ver_before;		/* from a version_before pattern: at ver_off is the version */
	bool problem;			/* a version pattern with no version after it */
	char problem_text[48];
	size_t problem_off;
	unsigned nev;
	size_t ev_off[MAX_EVIDENCE];
	const struct cat_pattern *ev_pat[MAX_EVIDENCE];
};

/* One image searched and hashed: shared by its identical copies. */
struct image_scan {
	const struct esp_image_job *job;	/* the first copy */
	struct comp_hit *hits;			/* one per catalogue component */
	char sha512[129];			/* "" when OpenSSL failed */
};

struct scan_ctx {
	const struct catalog *cat;
	const uint8_t *seg;
	size_t seg_len, seg_off;
	struct comp_hit *hits;
};

/* A version before its marker is weaker than one after a prefix: another
 * string may precede the marker by chance. A prefix's version replaces it. */
static void
version_before(const struct scan_ctx *s, struct comp_hit *h, const struct cat_pattern *p,
    size_t off)
{
	size_t at;

	if (catalog_version_before(s->seg, off, h->version, sizeof(h->version), &at) != 0)
		return;
	h->have_version = true;
	h->ver_before = true;
	h->ver_off = s->seg_off + at;
	h->ver_pat = p;
}

static int
on_match(void *arg, const struct cat_pattern *p, size_t off)
{
	struct scan_ctx *s = arg;
	struct comp_hit *h = &s->hits[p->comp];

	h->present = true;
	if (p->kind == CAT_VERSION_BEFORE && !h->have_version)
		version_before(s, h, p, off);
	if (p->kind == CAT_VERSION && (!h->have_version || h->ver_before)) {
		char v[40];

		if (catalog_version_at(s->seg, s->seg_len, off, p, v, sizeof(v)) == 0) {
			h->have_version = true;
			h->ver_before = false;
			memcpy(h->version, v, sizeof(v));
			h->ver_off = s->seg_off + off;
			h->ver_pat = p;
		} else if (!h->problem && !h->have_version) {
			h->problem = true;
			snprintf(h->problem_text, sizeof(h->problem_text), "%s", v);
			h->problem_off = s->seg_off + off;
			h->ver_pat = p;
		}
	}
	for (unsigned e = 0; e < h->nev; e++)
		if (h->ev_pat[e] == p)
			return 0;	/* one occurrence per pattern says enough */
	if (p->kind == CAT_MARKER && h->nev < MAX_EVIDENCE) {
		h->ev_off[h->nev] = s->seg_off + off;
		h->ev_pat[h->nev++] = p;
	}
	return 0;
}

/* Strings of an app live in flash-mapped read-only data (DROM). */
static void
scan_image(const struct catalog *cat, const struct esp_image_job *j, struct comp_hit *hits)
{
	struct reader r;

	rd_init(&r, j->data, j->len);
	for (unsigned i = 0; i < j->img.nsegments; i++) {
		const struct esp_segment *sg = &j->img.segments[i];
		struct scan_ctx s = { .cat = cat, .hits = hits, .seg_off = sg->offset,
		    .seg_len = sg->len };

		if (!esp_addr_drom(j->img.chip_id, sg->load_addr) ||
		    rd_peek_ptr(&r, sg->offset, &s.seg, sg->len) != 0)
			continue;
		catalog_scan(cat, CAT_PLATFORM_ESP_IDF, s.seg, s.seg_len, on_match, &s);
	}
}

static void
sha512_hex(const uint8_t *data, size_t len, char out[129])
{
	unsigned char md[64];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha512(), NULL) == 1 && mdlen == 64)
		hex_encode(md, 64, out);
}

/* The same bytes: by their digest when both have one, else compared (an
 * image without an appended hash has none; memcmp runs at memory speed). */
static bool
same_image(const struct esp_image_job *a, const struct esp_image_job *b)
{
	if (a->role != b->role || a->img.image_len != b->img.image_len)
		return false;
	if (a->img.hash_checked && b->img.hash_checked)
		return memcmp(a->img.hash_calc, b->img.hash_calc, 32) == 0;
	return memcmp(a->data, b->data, a->img.image_len) == 0;
}

static const char *
image_label(const struct esp_image_job *j)
{
	return j->partition ? j->partition : esp_role_name(j->role);
}

static void
bom_ref(char *out, size_t n, const struct input *in, const struct esp_image_job *j,
    const char *id)
{
	snprintf(out, n, "input%d:%s@0x%zx:%s", in->index, image_label(j), j->base, id);
}

/* Where an item was found and what holds it, common to every item. */
static json_t *
item_new(const struct input *in, const struct esp_image_job *j, const struct image_scan *sc,
    const char *id, const char *parent)
{
	char ref[160];
	json_t *o;

	bom_ref(ref, sizeof(ref), in, j, id);
	o = json_pack("{s:s, s:s, s:i, s:s, s:I, s:I}", "bom_ref", ref, "id", id,
	    "input", in->index, "image", image_label(j), "image_offset", (json_int_t)j->base,
	    "image_length", (json_int_t)j->img.image_len);
	if (o == NULL)
		return NULL;
	if (j->partition != NULL)
		json_object_set_new(o, "partition", json_string(j->partition));
	if (in->want_sha512)
		json_object_set_new(o, "sha512", sc->sha512[0] ? json_string(sc->sha512) :
		    json_null());
	if (parent != NULL) {
		bom_ref(ref, sizeof(ref), in, j, parent);
		json_object_set_new(o, "parent", json_string(ref));
	}
	json_object_set_new(o, "evidence", json_array());
	return o;
}

static void
add_evidence(json_t *o, const struct input *in, size_t off, size_t len, const char *kind,
    const char *matched)
{
	char safe[200];

	esp_sanitize(safe, sizeof(safe), matched);
	json_array_append_new(json_object_get(o, "evidence"), json_pack("{s:i, s:I, s:I, s:s, "
	    "s:s}", "input", in->index, "offset", (json_int_t)off, "length", (json_int_t)len,
	    "kind", kind, "matched", safe));
}

void
component_set_identity(json_t *o, const struct cat_component *c, const char *version)
{
	char buf[256];

	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "version", version ? json_string(version) : json_null());
	json_object_set_new(o, "type", json_string(c->type));
	if (c->supplier != NULL)
		json_object_set_new(o, "supplier", json_string(c->supplier));
	if (c->license != NULL)
		json_object_set_new(o, "license", json_string(c->license));
	if (c->source != NULL)
		json_object_set_new(o, "source_url", json_string(c->source));
	if (version != NULL && c->purl != NULL && catalog_expand(c->purl, version, buf,
	    sizeof(buf)) == 0)
		json_object_set_new(o, "purl", json_string(buf));
	if (version != NULL && c->cpe != NULL && catalog_expand(c->cpe, version, buf,
	    sizeof(buf)) == 0)
		json_object_set_new(o, "cpe", json_string(buf));
}

static const struct cat_component *
cat_find(const struct catalog *cat, const char *id)
{
	for (size_t i = 0; cat != NULL && i < cat->ncomp; i++)
		if (strcmp(cat->comp[i].id, id) == 0)
			return &cat->comp[i];
	return NULL;
}

/* The app (its descriptor) and the ESP-IDF it names. */
static void
emit_app(struct facts *f, const struct input *in, const struct catalog *cat,
    const struct image_scan *sc, const struct esp_image_job *j)
{
	const struct esp_app_desc *a = &j->img.app;
	const struct cat_component *idf = cat_find(cat, "esp-idf");
	char name[80], ver[80], idfv[80], tag[80], elf[65];
	bool exact;
	json_t *o = item_new(in, j, sc, "app", NULL);

	if (o == NULL)
		return;
	json_object_set_new(o, "type", json_string("firmware"));
	if (!j->img.has_app_desc) {
		snprintf(name, sizeof(name), "app in %s", image_label(j));
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "version", json_null());
		json_object_set_new(o, "confidence", json_string("low"));
		json_object_set_new(o, "version_problem", json_string("no app descriptor "
		    "(esp_app_desc_t) in the image: no project name or version"));
		esp_fact_append(f, "components", o, in->index, NULL);
		return;
	}
	esp_sanitize(name, sizeof(name), a->project_name);
	esp_sanitize(ver, sizeof(ver), a->version);
	esp_sanitize(idfv, sizeof(idfv), a->idf_ver);
	hex_encode(a->app_elf_sha256, 32, elf);
	if (name[0] == '\0')
		snprintf(name, sizeof(name), "app in %s", image_label(j));
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "version", ver[0] ? json_string(ver) : json_null());
	if (ver[0] == '\0')
		json_object_set_new(o, "version_problem", json_string("the app descriptor's "
		    "version is empty"));
	json_object_set_new(o, "confidence", json_string("high"));
	json_object_set_new(o, "version_from", json_string("app descriptor"));
	json_object_set_new(o, "idf_version", json_string(idfv));
	json_object_set_new(o, "build_date", json_sprintf("%.16s %.16s", a->date, a->time));
	json_object_set_new(o, "elf_sha256", json_string(elf));
	json_object_set_new(o, "secure_version", json_integer(a->secure_version));
	add_evidence(o, in, j->base + ESP_APP_DESC_OFFSET, ESP_APP_DESC_LEN, "descriptor",
	    "esp_app_desc_t (magic 0xABCD5432)");
	esp_fact_append(f, "components", o, in->index, NULL);

	if (idf == NULL || (o = item_new(in, j, sc, "esp-idf", "app")) == NULL)
		return;
	/* "v5.5.1-dirty" is v5.5.1 with local changes: the release's version,
	 * the raw string kept. */
	if (idf_release_tag(idfv, tag, sizeof(tag), &exact) != 0) {
		snprintf(tag, sizeof(tag), "%s", idfv[0] == 'v' ? idfv + 1 : idfv);
		exact = false;
		component_set_identity(o, idf, tag);
	} else {
		component_set_identity(o, idf, tag + 1);
	}
	json_object_set_new(o, "confidence", json_string(exact ? "high" : "medium"));
	if (!exact)
		json_object_set_new(o, "version_note", json_sprintf("the descriptor says '%s': "
		    "not a release tag as such (commits after it, a fork's build)", idfv));
	json_object_set_new(o, "version_from", json_string("app descriptor"));
	json_object_set_new(o, "idf_version", json_string(idfv));
	add_evidence(o, in, j->base + ESP_APP_DESC_OFFSET + DESC_IDF_VER, 32, "descriptor", idfv);
	esp_fact_append(f, "components", o, in->index, NULL);
}

static void
emit_bootloader(struct facts *f, const struct input *in, const struct image_scan *sc,
    const struct esp_image_job *j)
{
	const struct esp_bootloader_desc *b = &j->img.bl;
	char idfv[80], ver[24];
	json_t *o = item_new(in, j, sc, "bootloader", NULL);

	if (o == NULL)
		return;
	json_object_set_new(o, "name", json_string("ESP-IDF 2nd-stage bootloader"));
	json_object_set_new(o, "type", json_string("firmware"));
	json_object_set_new(o, "supplier", json_string("Espressif Systems (Shanghai) Co., Ltd."));
	if (!j->img.has_bootloader_desc) {
		json_object_set_new(o, "version", json_null());
		json_object_set_new(o, "confidence", json_string("low"));
		json_object_set_new(o, "version_problem", json_string("no bootloader descriptor "
		    "(esp_bootloader_desc_t, ESP-IDF 5.2 and later) in the image"));
		esp_fact_append(f, "components", o, in->index, NULL);
		return;
	}
	esp_sanitize(idfv, sizeof(idfv), b->idf_ver);
	snprintf(ver, sizeof(ver), "%u", (unsigned)b->version);
	json_object_set_new(o, "version", json_string(ver));
	json_object_set_new(o, "confidence", json_string("high"));
	json_object_set_new(o, "version_from", json_string("bootloader descriptor"));
	json_object_set_new(o, "secure_version", json_integer(b->secure_version));
	json_object_set_new(o, "idf_version", json_string(idfv));
	add_evidence(o, in, j->base + ESP_APP_DESC_OFFSET, ESP_BOOTLOADER_DESC_LEN,
	    "descriptor", "esp_bootloader_desc_t (magic 0x50)");
	esp_fact_append(f, "components", o, in->index, NULL);
}

/* A version after its prefix is the component saying it; one before its
 * marker only sits there (medium). */
static void
version_confidence(json_t *o, const struct comp_hit *h)
{
	json_object_set_new(o, "confidence", json_string(h->ver_before ? "medium" : "high"));
	json_object_set_new(o, "version_from", json_string(h->ver_before ?
	    "version string before its marker" : "version string"));
	if (h->ver_before)
		json_object_set_new(o, "version_marker", json_stringn((const char *)h->ver_pat->lit,
		    h->ver_pat->len));
}

/* The bytes that gave the version, at their offset: prefix and version, or
 * the version alone when it precedes its marker. */
static void
version_evidence(json_t *o, const struct input *in, size_t base, const struct comp_hit *h)
{
	char text[120];

	if (h->ver_before)
		snprintf(text, sizeof(text), "%s", h->version);
	else
		snprintf(text, sizeof(text), "%.*s%s", (int)h->ver_pat->len,
		    (const char *)h->ver_pat->lit, h->version);
	add_evidence(o, in, base + h->ver_off, strlen(text), "version", text);
}

/* The version a library has: its own string, else the one the ESP-IDF
 * release bundles; with the confidence that gives. */
static void
library_version(json_t *o, const struct cat_component *c, const struct comp_hit *h,
    const char *idfv, struct facts *f)
{
	struct idf_bundled b;
	struct fw_err err;
	int rc = c->idf != NULL && idfv[0] ? idf_release_bundled(idfv, c->idf, &b, &err) : 1;

	if (rc < 0)
		facts_warn(f, "%s", err.msg);
	if (h->have_version) {
		component_set_identity(o, c, h->version);
		version_confidence(o, h);
		if (rc == 0 && b.version != NULL && strcmp(b.version, h->version) != 0)
			json_object_set_new(o, "version_note", json_sprintf("ESP-IDF %s bundles %s; "
			    "the image says %s (a component replaced or patched?)", b.release,
			    b.version, h->version));
		return;
	}
	if (rc == 0 && b.version != NULL) {
		component_set_identity(o, c, b.version);
		json_object_set_new(o, "confidence", json_string(b.exact ? "medium" : "low"));
		json_object_set_new(o, "version_from", json_sprintf("ESP-IDF %s release table",
		    b.release));
		json_object_set_new(o, "derived_from", json_sprintf("ESP-IDF %s", b.release));
		json_object_set_new(o, "derivation", json_sprintf("%s%s", b.how ? b.how : "",
		    b.exact ? "" : "; the app is built from commits after the tag: the "
		    "version may differ"));
	} else {
		component_set_identity(o, c, NULL);
		json_object_set_new(o, "confidence", json_string("low"));
	}
	if (rc == 0 && b.commit != NULL)
		json_object_set_new(o, "idf_submodule_commit", json_string(b.commit));
}

static void
emit_libraries(struct facts *f, const struct input *in, const struct catalog *cat,
    const struct image_scan *sc, const struct esp_image_job *j)
{
	char idfv[80] = "";

	if (j->img.has_app_desc)
		esp_sanitize(idfv, sizeof(idfv), j->img.app.idf_ver);
	for (size_t k = 0; k < cat->ncomp; k++) {
		const struct comp_hit *h = &sc->hits[k];
		const struct cat_component *c = &cat->comp[k];
		char text[120];
		json_t *o;

		if (!h->present || (o = item_new(in, j, sc, c->id, "app")) == NULL)
			continue;
		library_version(o, c, h, idfv, f);
		if (h->have_version) {
			version_evidence(o, in, j->base, h);
		} else if (h->problem) {
			json_object_set_new(o, "version_problem", json_sprintf("'%.*s' at 0x%zx is "
			    "followed by '%s', not a version (digits and dots)",
			    (int)h->ver_pat->len, (const char *)h->ver_pat->lit,
			    j->base + h->problem_off, h->problem_text));
		}
		for (unsigned e = 0; e < h->nev; e++) {
			snprintf(text, sizeof(text), "%.*s", (int)h->ev_pat[e]->len,
			    (const char *)h->ev_pat[e]->lit);
			add_evidence(o, in, j->base + h->ev_off[e], h->ev_pat[e]->len, "marker", text);
		}
		esp_fact_append(f, "components", o, in->index, NULL);
	}
}

void
components_from_images(struct facts *f, const struct input *in,
    const struct esp_image_job *jobs, size_t n)
{
	struct fw_err err;
	const struct catalog *cat = catalog_default(&err);
	struct image_scan *scans = calloc(n + 1, sizeof(*scans));
	size_t nscans = 0;

	if (cat == NULL)
		facts_warn(f, "%s: components were not identified: %s", in->path, err.msg);
	if (scans == NULL)
		oom_note();	/* no components: the run is incomplete, not clean */
	for (size_t k = 0; scans != NULL && k < n; k++) {
		const struct esp_image_job *j = &jobs[k];
		struct image_scan *sc = NULL;

		if (j->status != 0)
			continue;
		for (size_t s = 0; s < nscans && sc == NULL; s++)
			if (same_image(scans[s].job, j))
				sc = &scans[s];
		if (sc == NULL) {
			sc = &scans[nscans++];
			sc->job = j;
			if (in->want_sha512)
				sha512_hex(j->data, j->img.image_len, sc->sha512);
			if (cat != NULL && j->role == ESP_ROLE_APP) {
				if ((sc->hits = calloc(cat->ncomp + 1, sizeof(*sc->hits))) == NULL)
					oom_note();
				else
					scan_image(cat, j, sc->hits);
			}
		}
		if (j->role == ESP_ROLE_BOOTLOADER) {
			emit_bootloader(f, in, sc, j);
			continue;
		}
		emit_app(f, in, cat, sc, j);
		if (sc->hits != NULL)
			emit_libraries(f, in, cat, sc, j);
	}
	for (size_t s = 0; s < nscans; s++)
		free(scans[s].hits);
	free(scans);
}

/* A file of a Linux root file system: its catalogue matches. */
struct file_hits {
	const struct catalog *cat;
	struct comp_hit *hits;
	size_t len;
};

struct file_hits *
components_file_scan(const uint8_t *data, size_t len)
{
	struct fw_err err;
	const struct catalog *cat = catalog_default(&err);
	struct file_hits *fh;
	struct scan_ctx s = { .seg = data, .seg_len = len };

	if (cat == NULL || (fh = calloc(1, sizeof(*fh))) == NULL)
		return NULL;
	if ((fh->hits = calloc(cat->ncomp + 1, sizeof(*fh->hits))) == NULL) {
		free(fh);
		return NULL;
	}
	fh->cat = cat;
	fh->len = len;
	s.cat = cat;
	s.hits = fh->hits;
	catalog_scan(cat, CAT_PLATFORM_LINUX, data, len, on_match, &s);
	return fh;
}

/* An item per component whose version string the file holds; a pattern
 * with no version after it ("OpenSSL error") names nothing. */
void
components_file_emit(struct facts *f, const struct input *in, const char *path,
    struct file_hits *fh)
{
	for (size_t k = 0; fh != NULL && k < fh->cat->ncomp; k++) {
		const struct comp_hit *h = &fh->hits[k];
		const struct cat_component *c = &fh->cat->comp[k];
		char ref[512];
		json_t *o;

		if (!h->have_version)
			continue;
		snprintf(ref, sizeof(ref), "input%d:%s:%s", in->index, path, c->id);
		o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:I, s:I, s:[]}", "bom_ref", ref, "id",
		    c->id, "input", in->index, "path", path, "image", path, "image_offset",
		    (json_int_t)0, "image_length", (json_int_t)fh->len, "evidence");
		if (o == NULL)
			continue;
		component_set_identity(o, c, h->version);
		version_confidence(o, h);
		version_evidence(o, in, 0, h);
		json_object_set_new(json_array_get(json_object_get(o, "evidence"), 0), "path",
		    json_string(path));
		esp_fact_append(f, "components", o, in->index, NULL);
	}
}

void
components_file_free(struct file_hits *fh)
{
	if (fh != NULL)
		free(fh->hits);
	free(fh);
}

void
components_from_file(struct facts *f, const struct input *in, const char *path,
    const uint8_t *data, size_t len)
{
	struct file_hits *fh = components_file_scan(data, len);

	components_file_emit(f, in, path, fh);
	components_file_free(fh);
}

void
components_add_kernel(struct facts *f, const struct input *in, const char *version,
    const char *version_from, const char *image, size_t image_off, size_t image_len,
    json_t *evidence)
{
	struct fw_err err;
	const struct catalog *cat = catalog_default(&err);
	const struct cat_component *c = cat_find(cat, "linux");
	char ref[160];
	json_t *o;

	snprintf(ref, sizeof(ref), "input%d:kernel:linux", in->index);
	o = json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:o}", "bom_ref", ref, "id", "linux",
	    "input", in->index, "image", image, "image_offset", (json_int_t)image_off,
	    "image_length", (json_int_t)image_len, "evidence", evidence);
	if (o == NULL)
		return;
	if (strcmp(image, "kernel") != 0)
		json_object_set_new(o, "path", json_string(image));
	if (c != NULL) {
		component_set_identity(o, c, version);
	} else {
		/* The catalogue is the single place for identifiers: without it
		 * the kernel is named, not identified (no cpe, no purl). */
		facts_warn(f, "%s: the Linux kernel's identifiers are not known: %s", in->path,
		    cat == NULL ? err.msg : "no 'linux' entry in the component catalogue");
		json_object_set_new(o, "name", json_string("Linux kernel"));
		json_object_set_new(o, "version", json_string(version));
		json_object_set_new(o, "type", json_string("operating-system"));
	}
	json_object_set_new(o, "confidence", json_string("high"));
	json_object_set_new(o, "version_from", json_string(version_from));
	esp_fact_append(f, "components", o, in->index, NULL);
}
