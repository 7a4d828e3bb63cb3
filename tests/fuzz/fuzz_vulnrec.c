/* libFuzzer: vulnerability records (formats/cve5.c, osv.c, nvd.c) and the
 * matcher over them (checks/vuln_match.c): whatever parses is matched
 * against a few component versions, and its stored form read back. */
#include <stdint.h>
#include <string.h>

#include "checks/vuln_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void
exercise(const struct vuln_record *r)
{
	static const char *const versions[] = { "5.1.5", "1.1.1w", "v5.2-rc1", "master", "0" };
	struct vuln_record back = { 0 };
	struct vuln_result res;
	json_t *pj;

	for (size_t i = 0; i < r->nproducts; i++)
		for (size_t k = 0; k < sizeof(versions) / sizeof(versions[0]); k++) {
			const struct vuln_product *p = &r->products[i];
			struct vuln_component c = { p->vendor, p->product ? p->product : "x",
				p->ncpes ? p->cpes[0] : NULL, p->purl, versions[k] };

			vuln_match_record(r, &c, &res);
		}
	if ((pj = vuln_products_to_json(r)) != NULL && vuln_products_from_json(pj, &back) == 0)
		(void)back.nproducts;
	vuln_record_free(&back);
	json_decref(pj);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	json_t *doc = json_loadb((const char *)data, len, JSON_ALLOW_NUL, NULL), *x;
	const char *fmt = vuln_doc_format(doc);
	struct vuln_record r;
	struct fw_err err;
	size_t i;

	if (fmt != NULL && strcmp(fmt, "cve5") == 0 && cve5_parse(doc, "f", &r, &err) == 0) {
		exercise(&r);
		vuln_record_free(&r);
	} else if (fmt != NULL && strcmp(fmt, "osv") == 0 && osv_parse(doc, "f", &r, &err) == 0) {
		exercise(&r);
		vuln_record_free(&r);
	} else if (fmt != NULL && strcmp(fmt, "nvd") == 0) {
		json_array_foreach(json_object_get(doc, "vulnerabilities"), i, x)
			if (nvd_parse_item(x, "f", &r, &err) == 0) {
				exercise(&r);
				vuln_record_free(&r);
			}
	}
	json_decref(doc);
	return 0;
}
