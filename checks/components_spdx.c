/* The vendor's SPDX SBOM (spdx.packages) against the components the
 * binaries show: which package is which component (CPE vendor:product,
 * purl without its version, or the name), and where the two disagree. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/component_catalog.h"
#include "checks/components.h"

/* "Mbed TLS", "mbed_tls", "mbedtls" -> "mbedtls" */
static void
norm(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (; s != NULL && *s && o + 1 < n; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
	out[o] = '\0';
}

/* Fields 3 and 4 (vendor:product) of a CPE 2.3 string, into out. */
static void
cpe_vp(const char *cpe, char *out, size_t n)
{
	const char *p = cpe;
	int field = 0;
	size_t o = 0;

	out[0] = '\0';
	for (; p != NULL && *p && o + 1 < n; p++) {
		if (*p == ':' && ++field == 5)
			break;
		if (field >= 3)
			out[o++] = *p;
	}
	out[o] = '\0';
}

static bool
same_until(const char *a, const char *b, char stop)
{
	size_t n = strcspn(a, (char[]){ stop, 0 }), m = strcspn(b, (char[]){ stop, 0 });

	return n == m && n > 0 && strncasecmp(a, b, n) == 0;
}

/* The catalogue id a package is, or NULL. */
static const char *
package_id(const struct catalog *cat, const json_t *pkg)
{
	char a[128], b[128];

	for (size_t i = 0; cat != NULL && i < cat->ncomp; i++) {
		const struct cat_component *c = &cat->comp[i];

		if (c->cpe != NULL && json_object_get(pkg, "cpe") != NULL) {
			cpe_vp(c->cpe, a, sizeof(a));
			cpe_vp(json_string_value(json_object_get(pkg, "cpe")), b, sizeof(b));
			if (a[0] && strcasecmp(a, b) == 0)
				return c->id;
		}
		if (c->purl != NULL && json_object_get(pkg, "purl") != NULL &&
		    same_until(c->purl, json_string_value(json_object_get(pkg, "purl")), '@'))
			return c->id;
		norm(json_string_value(json_object_get(pkg, "name")), a, sizeof(a));
		norm(c->id, b, sizeof(b));
		if (a[0] && strcmp(a, b) == 0)
			return c->id;
	}
	return NULL;
}

static const char *
bare(const char *v)
{
	return v != NULL && v[0] == 'v' && isdigit((unsigned char)v[1]) ? v + 1 : v;
}

/* Compares one package with the binary components of id: the status, and
 * each component marked with what the SPDX says. */
static const char *
compare(json_t *comps, const char *id, const json_t *pkg, json_t *seen, json_t **shown)
{
	const char *pv = bare(json_string_value(json_object_get(pkg, "version")));
	bool any = false, known = false, agree = false;
	json_t *c;
	size_t i;

	json_array_foreach(comps, i, c) {
		const char *cv = bare(json_string_value(json_object_get(c, "version")));

		if (strcmp(json_string_value(json_object_get(c, "id")), id) != 0)
			continue;
		any = true;
		if (cv != NULL && (*shown == NULL || (pv != NULL && strcmp(cv, pv) == 0)))
			*shown = c;
		known = known || cv != NULL;
		agree = agree || (cv != NULL && pv != NULL && strcmp(cv, pv) == 0);
		json_object_set_new(c, "spdx", json_pack("{s:I, s:I, s:s?}", "input",
		    json_integer_value(json_object_get(pkg, "input")), "line",
		    json_integer_value(json_object_get(pkg, "line")), "version", pv));
	}
	if (any)
		json_object_set_new(seen, id, json_true());
	if (!any)
		return "not_found_in_binaries";
	if (pv == NULL)
		return "spdx_version_unknown";
	if (!known)
		return "binary_version_unknown";
	return agree ? "agree" : "disagree";
}

void
components_spdx_merge(struct facts *f)
{
	json_t *pkgs = json_object_get(fact_record(f, "spdx.packages"), "value");
	json_t *comps = json_object_get(fact_record(f, "components"), "value");
	const struct catalog *cat = catalog_default(NULL);
	json_t *out, *seen, *pkg, *c;
	size_t i, j;

	if (!json_is_array(pkgs) || !json_is_array(comps))
		return;
	out = json_array();
	seen = json_object();
	json_array_foreach(pkgs, i, pkg) {
		const char *id = package_id(cat, pkg);
		json_t *o = json_pack("{s:O, s:O, s:O*, s:s?}", "input", json_object_get(pkg, "input"),
		    "line", json_object_get(pkg, "line"), "spdx_version",
		    json_object_get(pkg, "version"), "package", json_string_value(json_object_get(pkg,
		    "name")));

		/* the app itself: the package named as its descriptor names it */
		json_array_foreach(comps, j, c)
			if (id == NULL && !strcmp(json_string_value(json_object_get(c, "id")), "app") &&
			    !strcmp(json_string_value(json_object_get(c, "name")),
			    json_string_value(json_object_get(pkg, "name"))))
				id = "app";
		json_t *shown = NULL;
		const char *st = id ? compare(comps, id, pkg, seen, &shown) : "not_in_catalogue";

		json_object_set_new(o, "component", id ? json_string(id) : json_null());
		json_object_set_new(o, "status", json_string(st));
		if (shown != NULL) {
			json_object_set_new(o, "binary_version", json_deep_copy(json_object_get(shown,
			    "version")));
			json_object_set_new(o, "binary_version_from", json_deep_copy(
			    json_object_get(shown, "version_from")));
		}
		if (!strcmp(st, "disagree"))
			facts_warn(f, "%s:%lld: the SBOM says %s %s; the binaries show %s (%s, %s)",
			    facts_input_path(f, (int)json_integer_value(json_object_get(pkg, "input"))),
			    json_integer_value(json_object_get(pkg, "line")),
			    json_string_value(json_object_get(pkg, "name")),
			    json_string_value(json_object_get(pkg, "version")),
			    json_string_value(json_object_get(shown, "version")),
			    json_string_value(json_object_get(shown, "version_from")),
			    json_string_value(json_object_get(shown, "bom_ref")));
		json_array_append_new(out, o);
	}
	/* what the binaries show and the SPDX does not name */
	json_array_foreach(comps, i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));

		if (strcmp(id, "bootloader") == 0 || json_object_get(seen, id) != NULL)
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append_new(out, json_pack("{s:s, s:O, s:s}", "component", id,
		    "binary_version", json_object_get(c, "version"), "status", "not_in_spdx"));
	}
	json_decref(seen);
	fact_set(f, "components.spdx_merge", out, (int)json_integer_value(json_object_get(
	    fact_record(f, "spdx.packages"), "input")), NULL);
}
