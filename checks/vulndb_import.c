/* `vulndb import`: feed files and folders into the store in one
 * transaction. A record that does not parse is skipped and counted; a
 * failure of the database itself rolls the whole import back. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "checks/vulndb_int.h"
#include "core/fileio.h"

/* Feed files: NVD's API pages run to tens of MiB; none reaches this. */
#define FEED_FILE_MAX (512u << 20)

enum { S_FIND, S_DEL_KEYS, S_DEL_PROSE, S_DEL_REC, S_INS_REC, S_INS_KEY, S_INS_PROSE, S_N };

static const char *const stmt_sql[S_N] = {
	[S_FIND] = "SELECT rowid, description, prose FROM records WHERE id=? AND format=?",
	[S_DEL_KEYS] = "DELETE FROM keys WHERE rid=?",
	[S_DEL_PROSE] = "INSERT INTO prose(prose, rowid, description) VALUES('delete', ?, ?)",
	[S_DEL_REC] = "DELETE FROM records WHERE rowid=?",
	[S_INS_REC] = "INSERT INTO records(id, format, assigner, updated, severity, description,"
	    " products, prose) VALUES(?,?,?,?,?,?,?,?)",
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

static void
skip(struct importer *im, const char *msg)
{
	if (im->stats->skipped++ == 0)
		snprintf(im->stats->first_error, sizeof(im->stats->first_error), "%s", msg);
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

/* One record of a known format; -1 only for a database failure. */
static int
one_record(struct importer *im, const json_t *doc, const char *fmt, const char *input)
{
	struct vuln_record r;
	struct fw_err e;
	int rc;

	if (strcmp(fmt, "cve5") == 0)
		rc = cve5_parse(doc, input, &r, &e);
	else if (strcmp(fmt, "osv") == 0)
		rc = osv_parse(doc, input, &r, &e);
	else
		rc = nvd_parse_item(doc, input, &r, &e);
	if (rc != 0) {
		if (e.internal)
			return err_internal(im->err, input, "%s", e.msg);
		skip(im, e.msg);
		return 0;
	}
	if (r.rejected)
		im->stats->rejected++;
	else
		rc = store(im, &r);
	vuln_record_free(&r);
	return rc;
}

/* A document: one CVE or OSV record, an NVD API page, or an array of them. */
static int
one_doc(struct importer *im, const json_t *doc, const char *input, int depth)
{
	const char *fmt = vuln_doc_format(doc);
	char msg[ERR_MSG_MAX];
	size_t i;
	json_t *x;

	if (json_is_array(doc) && depth == 0) {
		json_array_foreach(doc, i, x)
			if (one_doc(im, x, input, 1) != 0)
				return -1;
		return 0;
	}
	if (fmt == NULL) {
		snprintf(msg, sizeof(msg), "%s: expected a CVE JSON 5 record (cveMetadata), an OSV "
		    "record (id, modified) or an NVD API 2.0 page (vulnerabilities)", input);
		skip(im, msg);
		return 0;
	}
	if (strcmp(fmt, "nvd") != 0)
		return one_record(im, doc, fmt, input);
	json_array_foreach(json_object_get(doc, "vulnerabilities"), i, x)
		if (one_record(im, x, "nvd", input) != 0)
			return -1;
	return 0;
}

static int
one_file(struct importer *im, const char *path)
{
	char *buf, msg[ERR_MSG_MAX];
	struct fw_err e;
	json_error_t je;
	json_t *doc;
	size_t len;
	int rc;

	im->stats->files++;
	if (file_read(path, FEED_FILE_MAX, &buf, &len, &e) != 0) {
		skip(im, e.msg);
		return 0;
	}
	doc = json_loadb(buf, len, JSON_ALLOW_NUL, &je);
	free(buf);
	if (doc == NULL) {
		snprintf(msg, sizeof(msg), "%s: line %d, column %d (offset %d): %s", path, je.line,
		    je.column, je.position, je.text);
		skip(im, msg);
		return 0;
	}
	rc = one_doc(im, doc, path, 0);
	json_decref(doc);
	return rc;
}

static int
ends_with_json(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Every *.json below dir, in name order (reproducible skips and errors). */
static int
one_dir(struct importer *im, const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;

	if (n < 0) {
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s: cannot read the folder", dir);
		skip(im, msg);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		char p[4096];
		struct stat sb;

		if (rc == 0 && ents[i]->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
			if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
				rc = one_dir(im, p);
			else if (ends_with_json(ents[i]->d_name))
				rc = one_file(im, p);
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
log_import(struct importer *im, char *const *paths, size_t n)
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

int
vulndb_import(struct vulndb *db, char *const *paths, size_t n,
    struct vulndb_import_stats *st, struct fw_err *err)
{
	struct importer im = { db, { NULL }, st, err };
	struct timespec t0, t1;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sqlite3_exec(db->db, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;"
	    " PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return vdb_err(db, err, "starting the import");
	rc = prepare(&im);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = one_dir(&im, paths[i]);
		else
			rc = one_file(&im, paths[i]);
	}
	if (rc == 0)
		rc = log_import(&im, paths, n);
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(im.st[i]);
	if (rc == 0 && sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = vdb_err(db, err, "committing");
	if (rc != 0)
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}
