/* NVD API 2.0 CVE items (`vulnerabilities[].cve`): the CPE match
 * configurations become product entries with NVD's ranges. NVD lists every
 * vulnerable CPE, so a version outside them is not affected
 * (default_status). An AND configuration's non-vulnerable parts (the
 * platform) become the entry's condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/vuln_record.h"

/* Field n (0-based) of a CPE 2.3 name, honouring "\:" escapes. */
static void
cpe_field(const char *cpe, int n, char *out, size_t len)
{
	size_t k = 0;

	for (int f = 0; *cpe != '\0'; cpe++) {
		if (*cpe == '\\' && cpe[1] != '\0') {
			if (f == n && k + 1 < len)
				out[k++] = cpe[1];
			cpe++;
			continue;
		}
		if (*cpe == ':') {
			if (++f > n)
				break;
			continue;
		}
		if (f == n && k + 1 < len)
			out[k++] = *cpe;
	}
	out[k] = '\0';
}

static struct vuln_product *
product_for(struct vuln_record *r, const char *vendor, const char *product, const char *cpe)
{
	struct vuln_product *p;

	for (size_t i = 0; i < r->nproducts; i++)
		if (strcmp(r->products[i].vendor, vendor) == 0 &&
		    strcmp(r->products[i].product, product) == 0)
			return &r->products[i];
	if ((p = vr_add_product(r)) == NULL)
		return NULL;
	p->container = strdup("nvd");
	p->vendor = strdup(vendor);
	p->product = strdup(product);
	p->default_status = VS_NOT_AFFECTED;
	if (p->container == NULL || p->vendor == NULL || p->product == NULL ||
	    vr_add_cpe(p, cpe) != 0)
		return NULL;
	return p;
}

static int
add_match(struct vuln_record *r, const json_t *m, const char *input, const char *path,
    struct fw_err *err)
{
	const char *cpe = json_string_value(json_object_get(m, "criteria"));
	char vendor[128], product[128], ver[128];
	struct vuln_product *p;
	struct vuln_range *v;

	if (cpe == NULL || strncmp(cpe, "cpe:2.3:", 8) != 0)
		return err_set(err, input, ERR_NO_OFFSET, "%s.criteria: expected a CPE 2.3 name",
		    path);
	cpe_field(cpe, 3, vendor, sizeof(vendor));
	cpe_field(cpe, 4, product, sizeof(product));
	cpe_field(cpe, 5, ver, sizeof(ver));
	if ((p = product_for(r, vendor, product, cpe)) == NULL || (v = vr_add_range(p)) == NULL)
		return err_internal(err, input, "out of memory");
	v->version_type = strdup("nvd");
	v->less_than = vr_strdup(m, "versionEndExcluding");
	v->less_equal = vr_strdup(m, "versionEndIncluding");
	if ((v->version = vr_strdup(m, "versionStartIncluding")) == NULL &&
	    (v->version = vr_strdup(m, "versionStartExcluding")) != NULL)
		v->lower_excl = true;
	if (v->version == NULL)
		v->version = strdup(v->less_than || v->less_equal || strcmp(ver, "*") == 0 ?
		    "0" : ver);
	if (v->less_than == NULL && v->less_equal == NULL && strcmp(ver, "*") == 0)
		v->less_than = strdup("*");
	return 0;
}

/* "only with cpe:...": the parts of an AND configuration that are not the
 * vulnerable software. */
static void
note_condition(struct vuln_record *r, size_t from, const json_t *cfg)
{
	const json_t *n, *m;
	char buf[512] = "only with";
	size_t i, j, len = strlen(buf);

	json_array_foreach(json_object_get(cfg, "nodes"), i, n)
		json_array_foreach(json_object_get(n, "cpeMatch"), j, m)
			if (!json_is_true(json_object_get(m, "vulnerable")) && len < sizeof(buf) - 2)
				len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
				    json_string_value(json_object_get(m, "criteria")));
	if (len == strlen("only with"))
		return;
	for (size_t k = from; k < r->nproducts; k++)
		if (r->products[k].condition == NULL)
			r->products[k].condition = strdup(buf);
}

static int
parse_configs(struct vuln_record *r, const json_t *cfgs, const char *input,
    struct fw_err *err)
{
	const json_t *cfg, *n, *m;
	char path[96];
	size_t i, j, k;

	json_array_foreach(cfgs, i, cfg) {
		const char *op = json_string_value(json_object_get(cfg, "operator"));
		size_t from = r->nproducts;

		json_array_foreach(json_object_get(cfg, "nodes"), j, n) {
			if (json_is_true(json_object_get(n, "negate")))
				continue;
			json_array_foreach(json_object_get(n, "cpeMatch"), k, m) {
				snprintf(path, sizeof(path), "configurations[%zu].nodes[%zu]"
				    ".cpeMatch[%zu]", i, j, k);
				if (json_is_true(json_object_get(m, "vulnerable")) &&
				    add_match(r, m, input, path, err) != 0)
					return -1;
			}
		}
		if (op != NULL && strcmp(op, "AND") == 0)
			note_condition(r, from, cfg);
	}
	return 0;
}

static char *
nvd_severity(const json_t *metrics)
{
	static const char *const keys[][2] = {
		{ "cvssMetricV40", "4.0" }, { "cvssMetricV31", "3.1" },
		{ "cvssMetricV30", "3.0" }, { "cvssMetricV2", "2.0" },
	};
	char buf[96];

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const json_t *m = json_array_get(json_object_get(metrics, keys[k][0]), 0);
		const json_t *d = json_object_get(m, "cvssData");
		const char *sev = json_string_value(json_object_get(d, "baseSeverity"));

		if (sev == NULL)
			sev = json_string_value(json_object_get(m, "baseSeverity"));
		if (json_is_number(json_object_get(d, "baseScore"))) {
			snprintf(buf, sizeof(buf), "%s %.1f (CVSS %s)", sev ? sev : "?",
			    json_number_value(json_object_get(d, "baseScore")), keys[k][1]);
			return strdup(buf);
		}
	}
	return NULL;
}

int
nvd_parse_item(const json_t *item, const char *input, struct vuln_record *r,
    struct fw_err *err)
{
	const json_t *cve = json_object_get(item, "cve"), *d;
	char where[512];
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_string(json_object_get(cve, "id")))
		return err_set(err, input, ERR_NO_OFFSET, "cve.id: expected a string");
	r->id = vr_strdup(cve, "id");
	r->format = strdup("nvd");
	r->assigner = vr_strdup(cve, "sourceIdentifier");
	r->updated = vr_strdup(cve, "lastModified");
	r->rejected = json_is_string(json_object_get(cve, "vulnStatus")) &&
	    strcmp(json_string_value(json_object_get(cve, "vulnStatus")), "Rejected") == 0;
	json_array_foreach(json_object_get(cve, "descriptions"), i, d)
		if (r->description == NULL && json_is_string(json_object_get(d, "lang")) &&
		    strcmp(json_string_value(json_object_get(d, "lang")), "en") == 0)
			r->description = vr_strdup(d, "value");
	r->severity = nvd_severity(json_object_get(cve, "metrics"));
	snprintf(where, sizeof(where), "%s: %s", input ? input : "-", r->id);
	if (parse_configs(r, json_object_get(cve, "configurations"), where, err) != 0) {
		vuln_record_free(r);
		return -1;
	}
	return 0;
}
