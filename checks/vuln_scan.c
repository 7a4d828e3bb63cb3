/* scan --vulndb: components matched against the vulnerability database
 * (checks/vuln_scan.h). */
#include "checks/vuln_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/vulndb.h"
#include "checks/vulns.h"
#include "core/engine.h"

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* checks/vulns.h's words for the matcher's statuses. */
static const char *
status_word(enum vuln_status s)
{
	switch (s) {
	case VS_AFFECTED: return "affected";
	case VS_NOT_AFFECTED: return "unaffected";
	case VS_UNKNOWN: return "unknown";
	default: return "cannot_decide";
	}
}

static bool
decides(enum vuln_status s)
{
	return s == VS_AFFECTED || s == VS_NOT_AFFECTED;
}

static const char *
source_word(const char *format)
{
	return strcmp(format, "cve5") == 0 ? "cvelistV5" : format;
}

/* The store keeps a record's rating as one string: "HIGH 7.2 (CVSS 4.0)",
 * "Low (CNA's own rating)" or, from OSV, a CVSS vector. Into the
 * severity word and cvss{version, score, vector} where they can be read. */
static void
put_severity(json_t *o, const char *rating)
{
	static const char *const words[] = { "critical", "high", "medium", "low", "none" };
	char word[16] = "", ver[8];
	double score;
	size_t n = strcspn(rating, " (");
	const char *sev = "unknown";

	if (n < sizeof(word)) {
		for (size_t i = 0; i < n; i++)
			word[i] = (char)(rating[i] | 0x20);	/* ASCII letters only */
		word[n] = '\0';
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(word, words[i]) == 0)
			sev = words[i];
	json_object_set_new(o, "severity", json_string(sev));
	if (sscanf(rating + n, " %lf (CVSS %7[0-9.])", &score, ver) == 2)
		json_object_set_new(o, "cvss", json_pack("{s:s, s:f}", "version", ver,
		    "score", score));
	else if (strncmp(rating, "CVSS:", 5) == 0)
		json_object_set_new(o, "cvss", json_pack("{s:s}", "vector", rating));
	if (rating[0] != '\0')
		json_object_set_new(o, "rating", json_string(rating));
}

/* A components item as the matcher reads it: catalogue items by their id
 * (the product key: "mbedtls", "esp-idf"), the app and bootloader by their
 * name; a null version stays NULL, which the matcher answers with cannot
 * decide for every record naming the product. */
static bool
to_vuln_component(const json_t *c, struct vuln_component *out)
{
	const char *id = str(c, "id");
	bool own = *id == '\0' || strcmp(id, "app") == 0 || strcmp(id, "bootloader") == 0;

	memset(out, 0, sizeof(*out));
	out->product = own ? json_string_value(json_object_get(c, "name")) : id;
	out->cpe = json_string_value(json_object_get(c, "cpe"));
	out->purl = json_string_value(json_object_get(c, "purl"));
	out->version = json_string_value(json_object_get(c, "version"));
	return out->product != NULL && *out->product != '\0';
}

/* One components.vulnerabilities item. `affected` is there only when the
 * record decides (true or false): rules read its absence as unknown, so
 * an undecided record is never a silent pass. */
static json_t *
finding_item(const struct vulndb_finding *x, const json_t *comp)
{
	const struct vuln_result *r = &x->res;
	json_t *o = json_pack("{s:s, s:s, s:s}", "component", str(comp, "bom_ref"),
	    "id", x->id, "status", status_word(r->status));

	if (o == NULL)
		return NULL;
	if (decides(r->status))
		json_object_set_new(o, "affected", json_boolean(r->status == VS_AFFECTED));
	json_object_set_new(o, "strict", json_string(status_word(r->strict)));
	json_object_set_new(o, "reason", json_string(r->reason));
	if (r->flags & VF_CONFLICT)
		json_object_set_new(o, "conflict", json_string(r->conflict));
	json_object_set_new(o, "matched_by", json_string(r->matched_by));
	json_object_set_new(o, "container", json_string(r->container));
	json_object_set_new(o, "source", json_string(source_word(x->format)));
	put_severity(o, x->severity);
	if (json_is_integer(json_object_get(comp, "input")))
		json_object_set(o, "input", json_object_get(comp, "input"));
	return o;
}

/* One CVE from two feeds is two findings (docs/vulndb.md). Where one feed
 * cannot decide (MITRE's "n/a" records) and another decides for the same
 * component (NVD's CPE configurations), the undecided one names the
 * deciding one: it is answered, not left open. Findings are sorted by
 * component, so the search stays within the component's own. */
static const struct vulndb_finding *
decided_elsewhere(const struct vulndb_findings *f, size_t i)
{
	const struct vulndb_finding *x = &f->v[i];
	size_t lo = i, hi = i;

	if (decides(x->res.status))
		return NULL;
	while (lo > 0 && f->v[lo - 1].component == x->component)
		lo--;
	while (hi < f->n && f->v[hi].component == x->component)
		hi++;
	for (size_t k = lo; k < hi; k++)
		if (decides(f->v[k].res.status) && strcmp(f->v[k].id, x->id) == 0)
			return &f->v[k];
	return NULL;
}

/* vulndb.*: which database, how much it holds, how old it is. */
static int
db_facts(struct facts *f, struct vulndb *db, const char *path, long long *records, int in,
    struct fw_err *err)
{
	struct vulndb_status st;
	char when[32] = "";
	time_t t;
	struct tm tm;
	long long age;

	if (vulndb_status(db, &st, err) != 0)
		return -1;
	*records = st.records;
	t = (time_t)st.imported_at;
	if (st.imported_at > 0 && gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Against the report's time (SOURCE_DATE_EPOCH): a report dated
	 * before the import says 0 rather than a negative age. */
	age = ((long long)report_time() - st.imported_at) / 86400;
	fact_set_str(f, "vulndb.path", path, in, NULL);
	fact_set_int(f, "vulndb.records", st.records, in, NULL);
	fact_set(f, "vulndb.records_by_feed", json_pack("{s:I, s:I, s:I}", "cve5",
	    (json_int_t)st.by_format[0], "osv", (json_int_t)st.by_format[1], "nvd",
	    (json_int_t)st.by_format[2]), in, NULL);
	fact_set(f, "vulndb.records_naming_no_product", json_integer(st.unnamed), in, NULL);
	fact_set(f, "vulndb.newest_record", st.newest[0] ? json_string(st.newest) : json_null(),
	    in, NULL);
	fact_set(f, "vulndb.last_import", when[0] ? json_string(when) : json_null(), in, NULL);
	fact_set(f, "vulndb.import_age_days", st.imported_at > 0 ?
	    json_integer(age > 0 ? age : 0) : json_null(), in, NULL);
	return 0;
}

/* The matcher over every components item; the findings as items. */
static int
match_components(struct facts *f, struct vulndb *db, int in, struct fw_err *err)
{
	json_t *comps = json_object_get(fact_record(f, "components"), "value");
	struct vuln_component *cs = calloc(json_array_size(comps) + 1, sizeof(*cs));
	const json_t **of = calloc(json_array_size(comps) + 1, sizeof(*of));
	struct vulndb_findings found = { 0 };
	const json_t *c;
	size_t i, n = 0;
	int rc = 0;

	if (cs == NULL || of == NULL)
		rc = err_internal(err, "--vulndb", "out of memory");
	json_array_foreach(comps, i, c)
		if (rc == 0 && to_vuln_component(c, &cs[n]))
			of[n++] = c;
	fact_set_int(f, "vulndb.components_checked", (long long)n, in, NULL);
	if (rc == 0 && n > 0)
		rc = vulndb_match_components(db, cs, n, &found, err);
	for (i = 0; rc == 0 && i < found.n; i++) {
		const struct vulndb_finding *by = decided_elsewhere(&found, i);
		json_t *item = finding_item(&found.v[i], of[found.v[i].component]);

		if (item != NULL && by != NULL)
			json_object_set_new(item, "decided_by", json_pack("{s:s, s:s}", "source",
			    source_word(by->format), "status", status_word(by->res.status)));
		if (item == NULL || components_vuln_add(f, item) != 0)
			rc = err_internal(err, "--vulndb", "out of memory");
	}
	/* Components matched and nothing found: an empty list, which is
	 * evidence (no record concerns them); no components: no list. */
	if (rc == 0 && n > 0 && found.n == 0)
		fact_set(f, "components.vulnerabilities", json_array(), in, NULL);
	vulndb_findings_free(&found);
	free(cs);
	free(of);
	return rc;
}

int
vuln_scan(struct facts *f, const char *path, struct fw_err *err)
{
	struct vulndb *db;
	char source[1100];
	long long records = 0;
	int in, rc;

	if (vulndb_open(&db, path, VULNDB_READ, err) != 0)
		return -1;
	snprintf(source, sizeof(source), "vulndb:%s", path);
	if ((in = facts_add_live(f, source, "vulndb")) < 0) {
		vulndb_close(db);
		return err_internal(err, path, "out of memory");
	}
	rc = db_facts(f, db, path, &records, in, err);
	/* An empty database knows nothing: no list, so no rule passes on it. */
	if (rc == 0 && records == 0)
		facts_warn(f, "%s: the vulnerability database holds no records: nothing was "
		    "matched (fwaudit vulndb import FEEDS fills it)", path);
	else if (rc == 0)
		rc = match_components(f, db, in, err);
	vulndb_close(db);
	return rc;
}
