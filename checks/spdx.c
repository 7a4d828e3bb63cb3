/* An SPDX 2.x tag/value SBOM given as an input (Espressif's esp-idf-sbom
 * writes one from the build): spdx.document and spdx.packages, merged with
 * what the binaries show after every input is read (components_spdx.c). */
#include <string.h>

#include "checks/esp_common.h"
#include "core/input.h"
#include "formats/spdx_tv.h"
#include "util/json_out.h"

static int
detect_spdx(const uint8_t *data, size_t len)
{
	return spdx_tv_probe((const char *)data, len) ? 90 : 0;
}

static void
set_opt(json_t *o, const char *key, const char *v)
{
	json_set_string(o, key, v != NULL && *v != '\0' && strcmp(v, "NOASSERTION") != 0 &&
	    strcmp(v, "NONE") != 0 ? v : NULL);
}

static int
collect_spdx(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct spdx_doc d;
	json_t *doc;

	if (spdx_tv_parse(in->path, (const char *)in->data, in->len, &d, err) != 0)
		return -1;
	doc = json_pack("{s:i, s:s}", "input", in->index, "spdx_version", d.version);
	set_opt(doc, "name", d.name);
	set_opt(doc, "created", d.created);
	set_opt(doc, "creator", d.creators);
	json_object_set_new(doc, "packages", json_integer((json_int_t)d.npkg));
	esp_fact_append(f, "spdx.documents", doc, in->index, NULL);
	for (size_t i = 0; i < d.npkg; i++) {
		const struct spdx_package *p = &d.pkg[i];
		json_t *o = json_pack("{s:i, s:i, s:s}", "input", in->index, "line", (int)p->line,
		    "name", p->name);

		set_opt(o, "spdxid", p->spdxid);
		set_opt(o, "version", p->version);
		set_opt(o, "supplier", p->supplier);
		set_opt(o, "cpe", p->cpe);
		set_opt(o, "purl", p->purl);
		set_opt(o, "download_location", p->download);
		esp_fact_append(f, "spdx.packages", o, in->index, NULL);
	}
	spdx_doc_free(&d);
	return 0;
}

const struct collector collector_spdx = {
	.kind = "spdx",
	.what = "SPDX 2.x tag/value SBOM (esp-idf-sbom)",
	.detect = detect_spdx,
	.collect = collect_spdx,
	.max_len = (size_t)64 << 20,
};
