/* The SQLite file: opening it, its schema, the keys records are found by. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/vulndb_int.h"
#include "core/version_cmp.h"

/* records: one row per (id, format), so that a CVE from cvelistV5 and the
 * same CVE from NVD both stay and both show; products is the normalised
 * JSON of formats/vuln_record.c, not the feed document. keys: how a
 * component finds its records. prose: the descriptions of records that
 * name no product, for "cannot decide" on the products they mention. */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);"
	"CREATE TABLE IF NOT EXISTS records(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL,"
	" format TEXT NOT NULL, assigner TEXT, updated TEXT, severity TEXT,"
	" description TEXT, products TEXT NOT NULL, prose INTEGER NOT NULL,"
	" UNIQUE(id, format));"
	"CREATE TABLE IF NOT EXISTS keys(key TEXT NOT NULL, rid INTEGER NOT NULL,"
	" PRIMARY KEY(key, rid)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS keys_rid ON keys(rid);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS prose USING fts5(description,"
	" content='records', content_rowid='rowid');"
	"CREATE TABLE IF NOT EXISTS imports(at INTEGER, sources TEXT, records INTEGER,"
	" skipped INTEGER);"
	"INSERT OR IGNORE INTO meta VALUES('schema', '" VULNDB_SCHEMA "');";

int
vdb_err(struct vulndb *db, struct fw_err *err, const char *what)
{
	int code = sqlite3_errcode(db->db);

	/* A full disk or a broken file is the environment's; a file that is
	 * no database is the user's input. */
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_CANTOPEN ||
	    code == SQLITE_READONLY)
		return err_set(err, db->path, ERR_NO_OFFSET, "%s: %s", what,
		    sqlite3_errmsg(db->db));
	return err_internal(err, db->path, "%s: %s", what, sqlite3_errmsg(db->db));
}

void
vulndb_default_path(char *buf, size_t len)
{
	const char *x = getenv("XDG_DATA_HOME"), *h = getenv("HOME");

	if (x != NULL && x[0] == '/')
		snprintf(buf, len, "%s/fwaudit/vulndb.sqlite", x);
	else if (h != NULL && h[0] != '\0')
		snprintf(buf, len, "%s/.local/share/fwaudit/vulndb.sqlite", h);
	else
		snprintf(buf, len, "%s", "");
}

/* mkdir -p of path's folder. */
static int
make_parent(const char *path, struct fw_err *err)
{
	char d[1024];

	snprintf(d, sizeof(d), "%s", path);
	for (char *p = d + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0755) != 0 && errno != EEXIST)
			return err_set(err, d, ERR_NO_OFFSET, "cannot create the folder: %s",
			    strerror(errno));
		*p = '/';
	}
	return 0;
}

static int
check_schema(struct vulndb *db, struct fw_err *err)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(db->db, "SELECT v FROM meta WHERE k='schema'", -1, &st, NULL) != 0)
		return sqlite3_errcode(db->db) == SQLITE_ERROR ?
		    err_set(err, db->path, ERR_NO_OFFSET, "not a fwaudit vulnerability database "
		    "(no meta table)") : vdb_err(db, err, "reading the schema");
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), VULNDB_SCHEMA) == 0;
	sqlite3_finalize(st);
	if (!ok)
		return err_set(err, db->path, ERR_NO_OFFSET, "database schema is not version "
		    VULNDB_SCHEMA " (import into a new file)");
	return 0;
}

/* An SQLite file of something else: tables, none of them ours. Never add
 * ours to it. */
static int
foreign(struct vulndb *db, struct fw_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(db->db, "SELECT count(*), sum(name = 'meta') FROM sqlite_master",
	    -1, &st, NULL) != SQLITE_OK)
		return vdb_err(db, err, "reading");
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = vdb_err(db, err, "reading");
	else if (sqlite3_column_int(st, 0) > 0 && sqlite3_column_int(st, 1) == 0)
		rc = err_set(err, db->path, ERR_NO_OFFSET, "an SQLite file that is not a fwaudit "
		    "vulnerability database: not importing into it");
	sqlite3_finalize(st);
	return rc;
}

int
vulndb_open(struct vulndb **out, const char *path, int mode, struct fw_err *err)
{
	struct vulndb *db = calloc(1, sizeof(*db));
	int flags = mode == VULNDB_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE :
	    SQLITE_OPEN_READONLY;

	*out = NULL;
	if (db == NULL)
		return err_internal(err, path, "out of memory");
	snprintf(db->path, sizeof(db->path), "%s", path);
	if (mode == VULNDB_READ && access(path, R_OK) != 0) {
		free(db);
		return err_set(err, path, ERR_NO_OFFSET, "no vulnerability database here "
		    "(`fwaudit vulndb import FILES` creates it): %s", strerror(errno));
	}
	if ((mode == VULNDB_WRITE && make_parent(path, err) != 0))
		goto fail_nodb;
	if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
		vdb_err(db, err, "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(db->db, 5000);
	/* Matching reads pages all over the file: map it rather than copy
	 * each page through read(). */
	sqlite3_exec(db->db, "PRAGMA mmap_size=4294967296", NULL, NULL, NULL);
	if (mode == VULNDB_WRITE && foreign(db, err) != 0)
		goto fail;
	if (mode == VULNDB_WRITE && sqlite3_exec(db->db, schema_sql, NULL, NULL, NULL) != 0) {
		vdb_err(db, err, "cannot create the tables");
		goto fail;
	}
	if (check_schema(db, err) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db->db);
fail_nodb:
	free(db);
	return -1;
}

void
vulndb_close(struct vulndb *db)
{
	if (db == NULL)
		return;
	sqlite3_close(db->db);
	free(db);
}

/* Field n of a CPE name as a name key. */
static void
cpe_part(const char *cpe, int n, char *out, size_t len)
{
	char raw[128];
	size_t k = 0;

	for (int f = 0; *cpe != '\0' && f <= n; cpe++) {
		if (*cpe == '\\' && cpe[1] != '\0')
			cpe++;
		else if (*cpe == ':') {
			f++;
			continue;
		}
		if (f == n && k + 1 < sizeof(raw))
			raw[k++] = *cpe;
	}
	raw[k] = '\0';
	ver_name_key(raw, out, len);
}

static size_t
add_key(char (*keys)[VDB_KEYLEN], size_t n, size_t max, const char *kind, const char *a,
    const char *b)
{
	char k[VDB_KEYLEN];

	if (a == NULL || a[0] == '\0' || n >= max)
		return n;
	snprintf(k, sizeof(k), "%s:%s%s%s", kind, a, b ? ":" : "", b ? b : "");
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], k) == 0)
			return n;
	memcpy(keys[n], k, sizeof(k));
	return n + 1;
}

static size_t
cpe_key(const char *cpe, char (*keys)[VDB_KEYLEN], size_t n, size_t max)
{
	char v[64], p[64];

	cpe_part(cpe, 3, v, sizeof(v));
	cpe_part(cpe, 4, p, sizeof(p));
	return p[0] ? add_key(keys, n, max, "c", v, p) : n;
}

static size_t
purl_key(const char *purl, char (*keys)[VDB_KEYLEN], size_t n, size_t max)
{
	char u[VDB_KEYLEN - 4];
	size_t len = strcspn(purl, "@?#");

	if (len >= sizeof(u))
		len = sizeof(u) - 1;
	for (size_t i = 0; i < len; i++)
		u[i] = (char)(purl[i] >= 'A' && purl[i] <= 'Z' ? purl[i] + 32 : purl[i]);
	u[len] = '\0';
	return add_key(keys, n, max, "u", u, NULL);
}

size_t
vdb_product_keys(const struct vuln_product *p, char (*keys)[VDB_KEYLEN], size_t max)
{
	char k[64];
	size_t n = 0;

	if (vuln_product_is_na(p))
		return 0;	/* found by its description instead */
	ver_name_key(p->product, k, sizeof(k));
	n = add_key(keys, n, max, "p", k, NULL);
	ver_name_key(p->package, k, sizeof(k));
	n = add_key(keys, n, max, "p", k, NULL);
	for (size_t i = 0; i < p->ncpes; i++)
		n = cpe_key(p->cpes[i], keys, n, max);
	if (p->purl != NULL)
		n = purl_key(p->purl, keys, n, max);
	return n;
}

size_t
vdb_component_keys(const struct vuln_component *c, char (*keys)[VDB_KEYLEN], size_t max)
{
	char k[64];
	size_t n = 0;

	ver_name_key(c->product, k, sizeof(k));
	n = add_key(keys, n, max, "p", k, NULL);
	if (c->cpe != NULL)
		n = cpe_key(c->cpe, keys, n, max);
	if (c->purl != NULL)
		n = purl_key(c->purl, keys, n, max);
	return n;
}
