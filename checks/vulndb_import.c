/* `vulndb import`: feed files and folders into the store in one
 * transaction. A record that does not parse is skipped and counted; a
 * failure of the database itself rolls the whole import back. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checks/vulndb_int.h"
#include "checks/vulndb_parse.h"

enum { S_FIND, S_DEL_KEYS, S_DEL_PROSE, S_DEL_REC, S_INS_REC, S_INS_KEY, S_INS_PROSE, S_N };

static const char *const stmt_sql[S_N] = {
	[S_FIND] = "SELECT rowid, description, prose FROM records WHERE id=? AND format=?",
	[S_DEL_KEYS] = "DELETE FROM keys WHERE rid=?",
	[S_DEL_PROSE] = "INSERT INTO prose(prose, rowid, description) VALUES('delete', ?, ?)",
	[S_DEL_REC] = "DELETE FROM records WHERE rowid=?",
	/* rowid, id, format, assigner, updated, severity, description, products, prose */
	[S_INS_REC] = "INSERT INTO records VALUES(NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_INS_KEY] = "INSERT OR IGNORE INTO keys(key, rid) VALUES(?,?)",
	[S_INS_PROSE] = "INSERT INTO prose(rowid, description) VALUES(?,?)",
};

struct importer {
	struct vulndb *db;
	sqlite3_stmt *st[S_N];
	struct vulndb_import_stats *stats;
	struct fw_err *err;	/* database failures only */
};

static int
run(struct importer *im, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : vdb_err(im->db, im->err, "writing");
}

/* Drops an older copy of the same (id, format) with its keys and prose. */
static int
drop_old(struct importer *im, const struct vuln_record *r)
{
	sqlite3_stmt *f = im->st[S_FIND];
	int rc;

	sqlite3_bind_text(f, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(f, 2, r->format, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(f)) != SQLITE_ROW) {
		sqlite3_reset(f);
		return rc == SQLITE_DONE ? 0 : vdb_err(im->db, im->err, "reading");
	}
	sqlite3_int64 rid = sqlite3_column_int64(f, 0);
	if (sqlite3_column_int(f, 2)) {
		sqlite3_bind_int64(im->st[S_DEL_PROSE], 1, rid);
		sqlite3_bind_value(im->st[S_DEL_PROSE], 2, sqlite3_column_value(f, 1));
		if (run(im, im->st[S_DEL_PROSE]) != 0)
			return sqlite3_reset(f), -1;
	}
	sqlite3_reset(f);
	sqlite3_bind_int64(im->st[S_DEL_KEYS], 1, rid);
	sqlite3_bind_int64(im->st[S_DEL_REC], 1, rid);
	im->stats->replaced++;
	return run(im, im->st[S_DEL_KEYS]) || run(im, im->st[S_DEL_REC]) ? -1 : 0;
}

static bool
names_no_product(const struct vuln_record *r)
{
	for (size_t i = 0; i < r->nproducts; i++)
		if (!vuln_product_is_na(&r->products[i]))
			return false;
	return true;
}

static int
store(struct importer *im, const struct vuln_record *r)
{
	sqlite3_stmt *s = im->st[S_INS_REC];
	bool prose = names_no_product(r) && r->description != NULL;
	char keys[16][VDB_KEYLEN];
	json_t *pj;
	char *products;

	if (drop_old(im, r) != 0)
		return -1;
	if ((pj = vuln_products_to_json(r)) == NULL ||
	    (products = json_dumps(pj, JSON_COMPACT)) == NULL) {
		json_decref(pj);
		return err_internal(im->err, NULL, "out of memory");
	}
	json_decref(pj);
	const char *v[] = { r->id, r->format, r->assigner, r->updated, r->severity,
		r->description, products };
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, prose);
	int rc = run(im, s);
	free(products);
	if (rc != 0)
		return -1;
	sqlite3_int64 rid = sqlite3_last_insert_rowid(im->db->db);
	for (size_t i = 0; i < r->nproducts; i++) {
		size_t n = vdb_product_keys(&r->products[i], keys, 16);

		for (size_t k = 0; k < n; k++) {
			sqlite3_bind_text(im->st[S_INS_KEY], 1, keys[k], -1, SQLITE_STATIC);
			sqlite3_bind_int64(im->st[S_INS_KEY], 2, rid);
			if (run(im, im->st[S_INS_KEY]) != 0)
				return -1;
		}
	}
	if (prose) {
		sqlite3_bind_int64(im->st[S_INS_PROSE], 1, rid);
		sqlite3_bind_text(im->st[S_INS_PROSE], 2, r->description, -1, SQLITE_STATIC);
		if (run(im, im->st[S_INS_PROSE]) != 0)
			return -1;
	}
	im->stats->records++;
	return 0;
}

/* The items' records into the store, in order; -1 on a failure of the
 * database or of fwaudit itself. */
static int
store_items(struct importer *im, struct feed_item *items, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct feed_item *it = &items[i];

		if (rc == 0 && it->internal != NULL)
			rc = err_internal(im->err, it->path, "%s", it->internal);
		if (rc == 0) {
			im->stats->files += it->is_file;
			if (it->nskips > 0 && im->stats->skipped == 0)
				snprintf(im->stats->first_error, sizeof(im->stats->first_error),
				    "%s", it->first_skip ? it->first_skip : "out of memory");
			im->stats->skipped += it->nskips;
		}
		for (size_t k = 0; rc == 0 && k < it->nrecs; k++) {
			if (it->recs[k].rejected)
				im->stats->rejected++;
			else
				rc = store(im, &it->recs[k]);
		}
		feed_item_clear(it);
	}
	return rc;
}

struct item_list {
	struct feed_item *v;
	size_t n, cap;
};

static int
push(struct item_list *l, const char *path, bool is_file)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct feed_item *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	if ((l->v[l->n].path = strdup(path)) == NULL)
		return -1;
	l->v[l->n].is_file = is_file;
	if (!is_file) {
		l->v[l->n].nskips = 1;
		if (asprintf(&l->v[l->n].first_skip, "%s: cannot read the folder", path) < 0)
			l->v[l->n].first_skip = NULL;
	}
	l->n++;
	return 0;
}

static int
ends_with_json(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Every *.json below dir, in name order (reproducible skips and errors). */
static int
list_dir(struct item_list *l, const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;

	if (n < 0)
		return push(l, dir, false);
	for (int i = 0; i < n; i++) {
		char p[4096];
		struct stat sb;

		if (rc == 0 && ents[i]->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
			if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
				rc = list_dir(l, p);
			else if (ends_with_json(ents[i]->d_name))
				rc = push(l, p, true);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static int
prepare(struct importer *im)
{
	for (int i = 0; i < S_N; i++)
		if (sqlite3_prepare_v2(im->db->db, stmt_sql[i], -1, &im->st[i], NULL) != SQLITE_OK)
			return vdb_err(im->db, im->err, "preparing");
	return 0;
}

static int
log_import(struct importer *im, const char *const *paths, size_t n)
{
	char src[1024] = "", sql[160];
	size_t len = 0;
	sqlite3_stmt *s;
	int rc;

	for (size_t i = 0; i < n && len < sizeof(src) - 1; i++)
		len += (size_t)snprintf(src + len, sizeof(src) - len, "%s%s", i ? " " : "", paths[i]);
	snprintf(sql, sizeof(sql), "INSERT INTO imports VALUES(%lld, ?, %zu, %zu)",
	    (long long)time(NULL), im->stats->records, im->stats->skipped);
	if (sqlite3_prepare_v2(im->db->db, sql, -1, &s, NULL) != SQLITE_OK)
		return vdb_err(im->db, im->err, "preparing");
	sqlite3_bind_text(s, 1, src, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vdb_err(im->db, im->err, "writing");
	sqlite3_finalize(s);
	return rc;
}

/* What vulndb_status reports, kept in meta by each import (in its
 * transaction) so that a scan reads it without a pass over the records:
 * that pass costs ~7 ms per 10,000 records. */
static int
save_summary(struct importer *im)
{
	static const char sql[] = "INSERT OR REPLACE INTO meta SELECT 'summary',"
	    " json_object('records', count(*), 'newest', max(updated), 'unnamed', sum(prose),"
	    " 'cve5', sum(format='cve5'), 'osv', sum(format='osv'), 'nvd', sum(format='nvd'))"
	    " FROM records";

	return sqlite3_exec(im->db->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    vdb_err(im->db, im->err, "writing");
}

/* Files per parsing round: enough to keep the threads busy, few enough
 * that the parsed records of one round stay small. */
#define BATCH 1024

int
vulndb_import(struct vulndb *db, const char *const *paths, size_t n,
    struct vulndb_import_stats *st, struct fw_err *err)
{
	struct importer im = { db, { NULL }, st, err };
	struct item_list l = { NULL, 0, 0 };
	struct timespec t0, t1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rc = 0;

	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = list_dir(&l, paths[i]);
		else
			rc = push(&l, paths[i], true);
	}
	if (rc != 0) {
		rc = err_internal(err, NULL, "out of memory");
		goto out;
	}
	sqlite3_exec(db->db, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;"
	    " PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = vdb_err(db, err, "starting the import");
		goto out;
	}
	json_object_seed(0);	/* before the threads: jansson seeds its hashes once */
	rc = prepare(&im);
	for (size_t b = 0; rc == 0 && b < l.n; b += BATCH) {
		size_t k = l.n - b < BATCH ? l.n - b : BATCH;

		feed_parse(l.v + b, k, cpus > 1 ? (int)(cpus < 4 ? cpus : 4) : 1);
		rc = store_items(&im, l.v + b, k);
	}
	if (rc == 0)
		rc = log_import(&im, paths, n);
	if (rc == 0)
		rc = save_summary(&im);
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(im.st[i]);
	if (rc == 0 && sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = vdb_err(db, err, "committing");
	if (rc != 0)
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
out:
	for (size_t i = 0; i < l.n; i++)
		feed_item_clear(&l.v[i]);
	free(l.v);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}
