/* Reading the store: what it holds, and the records that concern each
 * component, through the same matcher as one record (checks/vuln_match.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/vulndb_int.h"
#include "core/version_cmp.h"

/* How descriptions name a product when its name key alone would not find
 * it as words ("Mbed TLS" is two words; the key is "mbedtls"). FTS5 query
 * text, keyed by ver_name_key of the product. */
static const struct {
	const char *key;
	const char *query;
} prose_names[] = {
	{ "mbedtls", "\"mbed tls\" OR \"mbedtls\" OR \"polarssl\"" },
	{ "espidf", "\"esp idf\" OR \"espidf\"" },
	{ "bluetoothcorespecification", "\"bluetooth core specification\"" },
	{ NULL, NULL }
};

static int
scalar(struct vulndb *db, const char *sql, long long *out, char *text, size_t len,
    struct fw_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
		return vdb_err(db, err, "reading");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out != NULL)
			*out = sqlite3_column_int64(s, 0);
		if (text != NULL) {
			const unsigned char *t = sqlite3_column_text(s, 1);
			snprintf(text, len, "%s", t != NULL ? (const char *)t : "");
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : vdb_err(db, err, "reading");
}

/* The counts: from the summary each import keeps in meta
 * (checks/vulndb_import.c), else (a database written before it was kept)
 * from a pass over the records. */
static int
record_counts(struct vulndb *db, struct vulndb_status *st, struct fw_err *err)
{
	static const char *const sql[2] = {
		"SELECT json_extract(v, '$.records'), json_extract(v, '$.newest'),"
		" json_extract(v, '$.unnamed'), json_extract(v, '$.cve5'),"
		" json_extract(v, '$.osv'), json_extract(v, '$.nvd') FROM meta WHERE k='summary'",
		"SELECT count(*), max(updated), sum(prose), sum(format='cve5'),"
		" sum(format='osv'), sum(format='nvd') FROM records",
	};
	int rc = SQLITE_DONE;

	for (int q = 0; q < 2 && rc == SQLITE_DONE; q++) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(db->db, sql[q], -1, &s, NULL) != SQLITE_OK)
			return vdb_err(db, err, "reading");
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(s, 1);

			st->records = sqlite3_column_int64(s, 0);
			snprintf(st->newest, sizeof(st->newest), "%s", t ? (const char *)t : "");
			st->unnamed = sqlite3_column_int64(s, 2);
			for (int i = 0; i < 3; i++)
				st->by_format[i] = sqlite3_column_int64(s, 3 + i);
		}
		sqlite3_finalize(s);
	}
	return rc == SQLITE_ROW ? 0 : vdb_err(db, err, "reading");
}

int
vulndb_status(struct vulndb *db, struct vulndb_status *st, struct fw_err *err)
{
	memset(st, 0, sizeof(*st));
	if (record_counts(db, st, err) != 0 ||
	    scalar(db, "SELECT at, sources FROM imports ORDER BY rowid DESC LIMIT 1",
	    &st->imported_at, st->sources, sizeof(st->sources), err) != 0 ||
	    scalar(db, "SELECT count(*), '' FROM imports", &st->imports, NULL, 0, err) != 0)
		return -1;
	return 0;
}

int
vulndb_unnamed_count(struct vulndb *db, long long *n, struct fw_err *err)
{
	return scalar(db, "SELECT count(*), '' FROM records WHERE prose=1", n, NULL, 0, err);
}

static int
add_finding(struct vulndb_findings *f, size_t comp, sqlite3_stmt *s,
    const struct vuln_result *res)
{
	struct vulndb_finding *x;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		if ((x = realloc(f->v, cap * sizeof(*x))) == NULL)
			return -1;
		f->v = x;
		f->cap = cap;
	}
	x = &f->v[f->n++];
	x->component = comp;
	snprintf(x->id, sizeof(x->id), "%s", sqlite3_column_text(s, 0));
	snprintf(x->format, sizeof(x->format), "%s", sqlite3_column_text(s, 1));
	snprintf(x->severity, sizeof(x->severity), "%s", sqlite3_column_text(s, 2) ?
	    (const char *)sqlite3_column_text(s, 2) : "");
	x->res = *res;
	return 0;
}

/* Runs the matcher on the record at rowid; keeps what concerns c. */
static int
match_row(struct vulndb *db, sqlite3_stmt *load, sqlite3_int64 rid, size_t comp,
    const struct vuln_component *c, struct vulndb_findings *out, struct fw_err *err)
{
	struct vuln_record r = { 0 };
	struct vuln_result res;
	json_t *pj;
	int rc = 0;

	sqlite3_bind_int64(load, 1, rid);
	if (sqlite3_step(load) != SQLITE_ROW) {
		sqlite3_reset(load);
		return vdb_err(db, err, "reading a record");
	}
	pj = json_loads((const char *)sqlite3_column_text(load, 4), 0, NULL);
	r.description = (char *)sqlite3_column_text(load, 3);
	if (pj == NULL || vuln_products_from_json(pj, &r) != 0) {
		rc = err_set(err, db->path, ERR_NO_OFFSET, "record %s: its stored products are "
		    "not the JSON fwaudit writes", sqlite3_column_text(load, 0));
	} else {
		vuln_match_record(&r, c, &res);
		if (res.status != VS_NOT_APPLICABLE && add_finding(out, comp, load, &res) != 0)
			rc = err_internal(err, NULL, "out of memory");
	}
	r.description = NULL;	/* sqlite's */
	vuln_record_free(&r);
	json_decref(pj);
	sqlite3_reset(load);
	return rc;
}

static void
prose_query(const char *product, char *q, size_t len)
{
	char key[64], words[128];
	size_t n = 0;

	ver_name_key(product, key, sizeof(key));
	for (size_t i = 0; prose_names[i].key != NULL; i++)
		if (strcmp(prose_names[i].key, key) == 0) {
			snprintf(q, len, "%s", prose_names[i].query);
			return;
		}
	/* "FreeRTOS+TCP" -> "freertos tcp"; and the key as one word. */
	for (const char *p = product; *p != '\0' && n + 2 < sizeof(words); p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'))
			words[n++] = *p;
		else if (n > 0 && words[n - 1] != ' ')
			words[n++] = ' ';
	while (n > 0 && words[n - 1] == ' ')
		n--;
	words[n] = '\0';
	if (strcmp(words, key) == 0)
		snprintf(q, len, "\"%s\"", key);
	else
		snprintf(q, len, "\"%s\" OR \"%s\"", words, key);
}

/* Row ids of the records found by keys (s[0]), then those whose
 * description names the product (s[1]); duplicates dropped. */
static int
candidates(struct vulndb *db, sqlite3_stmt **s, const struct vuln_component *c,
    sqlite3_int64 **ids, size_t *n, size_t *cap, struct fw_err *err)
{
	char keys[8][VDB_KEYLEN], q[256], key[64];
	size_t nk = vdb_component_keys(c, keys, 8);
	int rc = 0;

	*n = 0;
	prose_query(c->product ? c->product : "", q, sizeof(q));
	ver_name_key(c->product, key, sizeof(key));
	for (size_t k = 0; k <= nk && rc == 0; k++) {
		sqlite3_stmt *x = k < nk ? s[0] : s[1];

		if (k == nk && strlen(key) < 3)
			break;	/* too short a name to look for in prose */
		sqlite3_bind_text(x, 1, k < nk ? keys[k] : q, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(x)) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(x, 0);
			size_t i;

			for (i = 0; i < *n && (*ids)[i] != id; i++)
				;
			if (i < *n)
				continue;
			if (*n == *cap) {
				sqlite3_int64 *m = realloc(*ids, (*cap ? *cap * 2 : 64) * sizeof(*m));
				if (m == NULL)
					break;
				*ids = m;
				*cap = *cap ? *cap * 2 : 64;
			}
			(*ids)[(*n)++] = id;
		}
		rc = rc == SQLITE_DONE ? 0 : vdb_err(db, err, "searching");
		sqlite3_reset(x);
	}
	return rc;
}

static int
rank(enum vuln_status s)
{
	static const int r[] = { [VS_AFFECTED] = 0, [VS_CANNOT_DECIDE] = 1, [VS_UNKNOWN] = 2,
		[VS_NOT_AFFECTED] = 3, [VS_NOT_APPLICABLE] = 4 };
	return r[s];
}

static int
cmp_finding(const void *a, const void *b)
{
	const struct vulndb_finding *x = a, *y = b;
	int c;

	if (x->component != y->component)
		return x->component < y->component ? -1 : 1;
	if (rank(x->res.status) != rank(y->res.status))
		return rank(x->res.status) - rank(y->res.status);
	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return strcmp(x->format, y->format);
}

int
vulndb_match_components(struct vulndb *db, const struct vuln_component *cs, size_t n,
    struct vulndb_findings *out, struct fw_err *err)
{
	static const char *const sql[3] = {
		"SELECT rid FROM keys WHERE key=?",
		"SELECT rowid FROM prose WHERE prose MATCH ?",
		"SELECT id, format, severity, description, products FROM records WHERE rowid=?",
	};
	sqlite3_stmt *s[3] = { NULL, NULL, NULL };
	sqlite3_int64 *ids = NULL;
	size_t nid, cap = 0;
	int rc = 0;

	/* One read transaction: one lock for all the lookups, not one each. */
	if (sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return vdb_err(db, err, "reading");
	for (int i = 0; i < 3 && rc == 0; i++)
		if (sqlite3_prepare_v2(db->db, sql[i], -1, &s[i], NULL) != SQLITE_OK)
			rc = vdb_err(db, err, "preparing");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = candidates(db, s, &cs[i], &ids, &nid, &cap, err)) != 0)
			break;
		for (size_t k = 0; k < nid && rc == 0; k++)
			rc = match_row(db, s[2], ids[k], i, &cs[i], out, err);
	}
	free(ids);
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(s[i]);
	sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
	if (rc == 0 && out->n > 1)
		qsort(out->v, out->n, sizeof(out->v[0]), cmp_finding);
	return rc;
}

void
vulndb_findings_free(struct vulndb_findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}
