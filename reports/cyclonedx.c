/* CycloneDX 1.6 JSON SBOM from the `components` fact (docs/sbom.md): per
 * image a firmware component with its SHA-512, the libraries inside it
 * nested, with what BSI TR-03183-2 asks of each (supplier, version,
 * identifiers, licence, file name, hash, executable/archive/structured).
 * No vulnerability data: that is --format cyclonedx-vex. Deterministic:
 * the serial number is derived from the inputs, the time is the report's
 * (SOURCE_DATE_EPOCH). */
#include <openssl/evp.h>
#include <string.h>

#include "core/facts.h"
#include "reports/cyclonedx.h"
#include "reports/report.h"

/* A name-based (version 5 style) UUID from a SHA-256: the same inputs and
 * tool give the same serial number. */
void
cdx_serial(const json_t *report, const char *kind, char out[46])
{
	const json_t *in;
	size_t i;
	unsigned char md[32];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	const json_t *tool = json_object_get(report, "tool");

	memset(md, 0, sizeof(md));
	if (c != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(c, kind, strlen(kind) + 1);
		EVP_DigestUpdate(c, jstr(tool, "version"), strlen(jstr(tool, "version")) + 1);
		json_array_foreach(json_object_get(report, "inputs"), i, in)
			EVP_DigestUpdate(c, jstr(in, "sha256"), strlen(jstr(in, "sha256")) + 1);
		EVP_DigestFinal_ex(c, md, &n);
	}
	EVP_MD_CTX_free(c);
	md[6] = (md[6] & 0x0F) | 0x50;
	md[8] = (md[8] & 0x3F) | 0x80;
	snprintf(out, 46, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2], md[3], md[4], md[5], md[6],
	    md[7], md[8], md[9], md[10], md[11], md[12], md[13], md[14], md[15]);
}

const json_t *
cdx_components(const json_t *report)
{
	const json_t *rec = json_object_get(json_object_get(report, "facts"), "components");
	const json_t *v = json_object_get(rec, "value");

	return json_is_array(v) ? v : NULL;
}

/* The file an item was read from: the input's name without its directory. */
static const char *
input_name(const json_t *report, const json_t *item)
{
	const json_t *in = json_array_get(json_object_get(report, "inputs"),
	    (size_t)jint(item, "input"));
	const char *p = jstr(in, "path"), *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

static void
prop(json_t *props, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		json_array_append_new(props, json_pack("{s:s, s:s}", "name", name, "value", value));
}

static json_t *
properties(const json_t *report, const json_t *item)
{
	json_t *p = json_array();
	const char *type = jstr(item, "type");
	char buf[64];

	/* BSI TR-03183-2 file properties: an image or a library linked into
	 * one is executable code, never an archive, and not structured data;
	 * the certificate bundle is data. */
	prop(p, "bsi:component:filename", input_name(report, item));
	prop(p, "bsi:component:executable", strcmp(type, "data") ? "executable" :
	    "non-executable");
	prop(p, "bsi:component:archive", "no archive");
	prop(p, "bsi:component:structured", strcmp(type, "data") ? "unstructured" : "structured");
	prop(p, "fwaudit:partition", jstr(item, "partition"));
	snprintf(buf, sizeof(buf), "0x%llx", jint(item, "image_offset"));
	prop(p, "fwaudit:image_offset", buf);
	snprintf(buf, sizeof(buf), "%lld", jint(item, "image_length"));
	prop(p, "fwaudit:image_length", buf);
	prop(p, "fwaudit:confidence", jstr(item, "confidence"));
	prop(p, "fwaudit:version_from", jstr(item, "version_from"));
	prop(p, "fwaudit:derived_from", jstr(item, "derived_from"));
	prop(p, "fwaudit:derivation", jstr(item, "derivation"));
	prop(p, "fwaudit:idf_submodule_commit", jstr(item, "idf_submodule_commit"));
	prop(p, "fwaudit:version_problem", jstr(item, "version_problem"));
	prop(p, "fwaudit:version_note", jstr(item, "version_note"));
	prop(p, "fwaudit:idf_version", jstr(item, "idf_version"));
	prop(p, "fwaudit:build_date", jstr(item, "build_date"));
	prop(p, "fwaudit:elf_sha256", jstr(item, "elf_sha256"));
	if (json_object_get(item, "spdx") != NULL) {
		const json_t *sp = json_object_get(item, "spdx");

		prop(p, "fwaudit:spdx_version", *jstr(sp, "version") ? jstr(sp, "version") :
		    "(none given)");
		snprintf(buf, sizeof(buf), "line %lld", jint(sp, "line"));
		prop(p, "fwaudit:spdx_line", buf);
	}
	if (json_is_integer(json_object_get(item, "secure_version"))) {
		snprintf(buf, sizeof(buf), "%lld", jint(item, "secure_version"));
		prop(p, "fwaudit:secure_version", buf);
	}
	return p;
}

/* The evidence: where in which file, and how sure the identity is. */
static json_t *
evidence(const json_t *report, const json_t *item)
{
	static const struct { const char *word; double v; } conf[] = {
		{ "high", 0.9 }, { "medium", 0.6 }, { "low", 0.3 } };
	json_t *occ = json_array(), *methods = json_array();
	const json_t *e;
	double c = 0.3;
	size_t i;

	for (i = 0; i < sizeof(conf) / sizeof(conf[0]); i++)
		if (!strcmp(jstr(item, "confidence"), conf[i].word))
			c = conf[i].v;
	json_array_foreach(json_object_get(item, "evidence"), i, e)
		json_array_append_new(occ, json_pack("{s:s, s:I, s:s}", "location",
		    input_name(report, item), "offset", (json_int_t)jint(e, "offset"),
		    "additionalContext", jstr(e, "matched")));
	json_array_append_new(methods, json_pack("{s:s, s:f, s:s}", "technique",
	    strncmp(jstr(item, "version_from"), "version string", 14) == 0 ? "binary-analysis" :
	    json_object_get(item, "derived_from") ? "other" : "manifest-analysis",
	    "confidence", c, "value", *jstr(item, "version_from") ? jstr(item, "version_from") :
	    "present (markers), version unknown"));
	return json_pack("{s:[{s:s, s:f, s:o}], s:o}", "identity", "field", "version",
	    "confidence", c, "methods", methods, "occurrences", occ);
}

static json_t *
external_refs(const json_t *report, const json_t *item)
{
	json_t *refs = json_array(), *dist;

	if (*jstr(item, "source_url"))
		json_array_append_new(refs, json_pack("{s:s, s:s}", "type", "source-distribution",
		    "url", jstr(item, "source_url")));
	/* The deployable form is the image in the input file, hashed. */
	if (*jstr(item, "sha512") && json_object_get(item, "parent") == NULL) {
		dist = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "type", "distribution", "url",
		    input_name(report, item), "hashes", "alg", "SHA-512", "content",
		    jstr(item, "sha512"));
		json_array_append_new(refs, dist);
	}
	return refs;
}

json_t *
cdx_component(const json_t *report, const json_t *item)
{
	const char *type = jstr(item, "type");
	json_t *c = json_pack("{s:s, s:s, s:s}", "type", *type ? type : "library",
	    "bom-ref", jstr(item, "bom_ref"), "name", jstr(item, "name"));

	if (c == NULL)
		return NULL;
	if (*jstr(item, "supplier"))
		json_object_set_new(c, "supplier", json_pack("{s:s}", "name",
		    jstr(item, "supplier")));
	if (*jstr(item, "version"))
		json_object_set_new(c, "version", json_string(jstr(item, "version")));
	/* A library linked into an image has no bytes of its own to hash: the
	 * image it is nested in carries the hash. */
	if (*jstr(item, "sha512") && json_object_get(item, "parent") == NULL)
		json_object_set_new(c, "hashes", json_pack("[{s:s, s:s}]", "alg", "SHA-512",
		    "content", jstr(item, "sha512")));
	if (*jstr(item, "license"))
		json_object_set_new(c, "licenses", json_pack("[{s:s, s:s}]", "expression",
		    jstr(item, "license"), "acknowledgement", "declared"));
	if (*jstr(item, "cpe"))
		json_object_set_new(c, "cpe", json_string(jstr(item, "cpe")));
	if (*jstr(item, "purl"))
		json_object_set_new(c, "purl", json_string(jstr(item, "purl")));
	json_object_set_new(c, "externalReferences", external_refs(report, item));
	json_object_set_new(c, "properties", properties(report, item));
	json_object_set_new(c, "evidence", evidence(report, item));
	return c;
}
