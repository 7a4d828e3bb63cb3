#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/vulndb_parse.h"
#include "util/fileio.h"
#include "util/jobs.h"

/* Feed files: NVD's API pages run to tens of MiB; none reaches this. */
#define FEED_FILE_MAX (512u << 20)

static void
skip(struct feed_item *it, const char *msg)
{
	if (it->nskips++ == 0 && it->first_skip == NULL)
		it->first_skip = strdup(msg);
}

static int
add(struct feed_item *it, const struct vuln_record *r)
{
	if (it->nrecs == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 1;
		struct vuln_record *v = realloc(it->recs, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		it->recs = v;
		it->cap = cap;
	}
	it->recs[it->nrecs++] = *r;
	return 0;
}

/* One record of a known format; -1 only for fwaudit's own failure. */
static int
one_record(struct feed_item *it, const json_t *doc, const char *fmt)
{
	struct vuln_record r;
	struct fw_err e;
	int rc;

	if (strcmp(fmt, "cve5") == 0)
		rc = cve5_parse(doc, it->path, &r, &e);
	else if (strcmp(fmt, "osv") == 0)
		rc = osv_parse(doc, it->path, &r, &e);
	else
		rc = nvd_parse_item(doc, it->path, &r, &e);
	if (rc != 0 && e.internal) {
		it->internal = strdup(e.msg);
		return -1;
	}
	if (rc != 0) {
		skip(it, e.msg);
		return 0;
	}
	if (add(it, &r) != 0) {
		vuln_record_free(&r);
		it->internal = strdup("out of memory");
		return -1;
	}
	return 0;
}

/* A document: one CVE or OSV record, an NVD API page, or an array of them. */
static int
one_doc(struct feed_item *it, const json_t *doc, int depth)
{
	const char *fmt = vuln_doc_format(doc);
	char msg[ERR_MSG_MAX];
	size_t i;
	json_t *x;

	if (json_is_array(doc) && depth == 0) {
		json_array_foreach(doc, i, x)
			if (one_doc(it, x, 1) != 0)
				return -1;
		return 0;
	}
	if (fmt == NULL) {
		snprintf(msg, sizeof(msg), "%s: expected a CVE JSON 5 record (cveMetadata), an OSV "
		    "record (id, modified) or an NVD API 2.0 page (vulnerabilities)", it->path);
		skip(it, msg);
		return 0;
	}
	if (strcmp(fmt, "nvd") != 0)
		return one_record(it, doc, fmt);
	json_array_foreach(json_object_get(doc, "vulnerabilities"), i, x)
		if (one_record(it, x, "nvd") != 0)
			return -1;
	return 0;
}

static void
one_file(struct feed_item *it)
{
	char *buf, msg[ERR_MSG_MAX];
	struct fw_err e;
	json_error_t je;
	json_t *doc;
	size_t len;

	if (file_read(it->path, FEED_FILE_MAX, &buf, &len, &e) != 0) {
		skip(it, e.msg);
		return;
	}
	doc = json_loadb(buf, len, JSON_ALLOW_NUL, &je);
	free(buf);
	if (doc == NULL) {
		snprintf(msg, sizeof(msg), "%s: line %d, column %d (offset %d): %s", it->path,
		    je.line, je.column, je.position, je.text);
		skip(it, msg);
		return;
	}
	one_doc(it, doc, 0);
	json_decref(doc);
}

struct work {
	struct feed_item *items;
	size_t n;
	atomic_size_t next;
};

/* One thread's loop (a job of util/jobs.h): files taken in turn. */
static void
worker(void *arg, size_t job)
{
	struct work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
		if (w->items[i].is_file)
			one_file(&w->items[i]);
}

void
feed_parse(struct feed_item *items, size_t n, int threads)
{
	struct work w = { items, n, 0 };
	size_t loops = threads < 1 ? 1 : threads > 8 ? 8 : (size_t)threads;

	/* The calling thread is one of them; a loop no thread could take runs
	 * on the caller after its own, finding nothing left. */
	jobs_run(loops, (unsigned)loops, worker, &w);
}

void
feed_item_clear(struct feed_item *it)
{
	for (size_t i = 0; i < it->nrecs; i++)
		vuln_record_free(&it->recs[i]);
	free(it->recs);
	free(it->path);
	free(it->first_skip);
	free(it->internal);
	memset(it, 0, sizeof(*it));
}
