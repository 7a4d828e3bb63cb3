#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/vuln_match.h"
#include "checks/vuln_range.h"
#include "core/version_cmp.h"

/* Vendors that publish one product under several names (ver_name_key). */
static const char *const vendor_groups[][5] = {
	{ "arm", "mbed", "armmbed", "trustedfirmware", "mbedtls" },
	{ "espressif", "espressifsystems", NULL, NULL, NULL },
	{ "openssl", "opensslproject", NULL, NULL, NULL },
	{ "freertos", "amazon", "aws", NULL, NULL },
	{ "lwip", "lwipproject", "savannah", "nongnu", NULL },
};

/* Pragmatic status order when several entries name the component: the one
 * that asks the most of the reader wins. */
static int
rank(enum vuln_status s)
{
	static const int r[] = { [VS_AFFECTED] = 0, [VS_CANNOT_DECIDE] = 1, [VS_UNKNOWN] = 2,
		[VS_NOT_AFFECTED] = 3, [VS_NOT_APPLICABLE] = 4 };
	return r[s];
}

static bool
same_vendor(const char *a, const char *b)
{
	char ka[64], kb[64];

	ver_name_key(a, ka, sizeof(ka));
	ver_name_key(b, kb, sizeof(kb));
	if (strcmp(ka, kb) == 0)
		return true;
	for (size_t g = 0; g < sizeof(vendor_groups) / sizeof(vendor_groups[0]); g++) {
		bool ha = false, hb = false;

		for (size_t i = 0; i < 5 && vendor_groups[g][i] != NULL; i++) {
			ha |= strcmp(vendor_groups[g][i], ka) == 0;
			hb |= strcmp(vendor_groups[g][i], kb) == 0;
		}
		if (ha && hb)
			return true;
	}
	return false;
}

/* Field n of a CPE 2.3 name (no escapes in vendor and product names that
 * matter here), as a name key. */
static void
cpe_key(const char *cpe, int n, char *out, size_t len)
{
	char raw[128];
	size_t k = 0;

	for (int f = 0; *cpe != '\0' && f <= n; cpe++) {
		if (*cpe == ':')
			f++;
		else if (f == n && k + 1 < sizeof(raw))
			raw[k++] = *cpe;
	}
	raw[k] = '\0';
	ver_name_key(raw, out, len);
}

static bool
same_cpe_product(const char *a, const char *b)
{
	char va[64], vb[64], pa[64], pb[64];

	cpe_key(a, 3, va, sizeof(va));
	cpe_key(b, 3, vb, sizeof(vb));
	cpe_key(a, 4, pa, sizeof(pa));
	cpe_key(b, 4, pb, sizeof(pb));
	return pa[0] != '\0' && strcmp(pa, pb) == 0 && strcmp(va, vb) == 0;
}

static bool
same_purl(const char *a, const char *b)
{
	size_t la = strcspn(a, "@?#"), lb = strcspn(b, "@?#");

	return la == lb && strncasecmp(a, b, la) == 0;
}

bool
vuln_product_is_na(const struct vuln_product *p)
{
	return p->package == NULL && p->purl == NULL && p->ncpes == 0 &&
	    (p->product == NULL || strcasecmp(p->product, "n/a") == 0);
}

const char *
vuln_product_match(const struct vuln_product *p, const struct vuln_component *c)
{
	char kc[64], kp[64], kk[64];

	for (size_t i = 0; c->cpe != NULL && i < p->ncpes; i++)
		if (same_cpe_product(c->cpe, p->cpes[i]))
			return "cpe";
	if (c->purl != NULL && p->purl != NULL && same_purl(c->purl, p->purl))
		return "purl";
	if (c->product == NULL || vuln_product_is_na(p))
		return NULL;
	ver_name_key(c->product, kc, sizeof(kc));
	ver_name_key(p->product, kp, sizeof(kp));
	ver_name_key(p->package, kk, sizeof(kk));
	if (strcmp(kc, kp) != 0 && strcmp(kc, kk) != 0)
		return NULL;
	return c->vendor == NULL || p->vendor == NULL || strcasecmp(p->vendor, "n/a") == 0 ||
	    same_vendor(c->vendor, p->vendor) ? "vendor_product" : NULL;
}

bool
vuln_product_is(const struct vuln_product *p, const struct vuln_component *c)
{
	return vuln_product_match(p, c) != NULL;
}

bool
vuln_text_mentions(const char *text, const char *product)
{
	char want[64], buf[4096];

	ver_name_key(product, want, sizeof(want));
	if (text == NULL || strlen(want) < 3)
		return false;
	ver_name_key(text, buf, sizeof(buf));
	return strstr(buf, want) != NULL;
}

struct entry_eval {
	enum vuln_status strict, status;
	unsigned flags;
	const char *matched_by;	/* vuln_product_match's answer */
	char reason[400];
	char conflict[400];
};

static bool
git_only_elsewhere(const struct vuln_product *p, const struct vuln_range *r)
{
	if (r->version_type == NULL || strcmp(r->version_type, "osv:GIT") != 0)
		return false;
	for (size_t i = 0; i < p->nranges; i++)
		if (p->ranges[i].version_type == NULL ||
		    strcmp(p->ranges[i].version_type, "osv:GIT") != 0)
			return true;	/* OSV's release ranges say it for GIT ones */
	return false;
}

static void
no_match_status(const struct vuln_product *p, const char *v, struct entry_eval *e)
{
	if (p->default_status >= 0) {
		e->status = (enum vuln_status)p->default_status;
		snprintf(e->reason, sizeof(e->reason), "%s is in no listed range: defaultStatus %s",
		    v, vuln_status_name(e->status));
	} else {
		e->status = VS_UNKNOWN;
		snprintf(e->reason, sizeof(e->reason), "%s is in no listed range and the entry "
		    "has no defaultStatus: not listed as affected", v);
	}
}

static void
note_flags(struct entry_eval *e, const struct ver_scheme *sc)
{
	size_t n = strlen(e->reason);

	if (e->flags & VF_PARSED_TEXT)
		n += (size_t)snprintf(e->reason + n, sizeof(e->reason) - n,
		    "; text constraint parsed as a range");
	if ((e->flags & VF_ASSUMED_ORDER) && n < sizeof(e->reason))
		snprintf(e->reason + n, sizeof(e->reason) - n, "; versions ordered as %s "
		    "(the versionType gives no ordering to execute)", sc->name);
}

static void
eval_entry(const struct vuln_product *p, const char *v, struct entry_eval *e)
{
	const struct ver_scheme *sc = ver_scheme_for(p->product ? p->product : p->package);
	const struct vuln_range *hit = NULL;
	int strict = -1, rep = -1;
	bool unsure = false, unusable = false;
	char rt[200], rt2[200];

	if (p->nranges == 0) {
		e->strict = e->status = p->default_status >= 0 ?
		    (enum vuln_status)p->default_status : VS_CANNOT_DECIDE;
		snprintf(e->reason, sizeof(e->reason), p->default_status >= 0 ?
		    "the entry lists no versions: defaultStatus" : "the entry lists no versions "
		    "and no defaultStatus");
		return;
	}
	for (size_t i = 0; i < p->nranges; i++) {
		const struct vuln_range *r = &p->ranges[i];
		unsigned f = 0;
		enum rmatch m;
		int st = -1;

		if (git_only_elsewhere(p, r))
			continue;
		if (strict < 0 && !unsure) {
			m = range_strict(r, v, sc);
			strict = m == RM_IN ? range_status_at(r, v, sc, true) : -1;
			unsure = m == RM_UNSURE || (m == RM_IN && strict < 0);
		}
		m = range_reported(r, v, sc, &f);
		if (m == RM_IN && (st = range_status_at(r, v, sc, false)) < 0)
			m = RM_UNUSABLE;
		if (m == RM_UNUSABLE) {
			unusable = true;
			range_text(r, rt2, sizeof(rt2));
		}
		if (m != RM_IN)
			continue;
		range_text(r, rt, sizeof(rt));
		if (rep < 0) {
			rep = st;
			hit = r;
			e->flags |= f;
			snprintf(e->reason, sizeof(e->reason), "%s is in %s%s: %s", v, rt,
			    r->nchanges ? " after its changes" : "", vuln_status_name(st));
		} else if (st != rep && !(e->flags & VF_CONFLICT)) {
			e->flags |= VF_CONFLICT;
			snprintf(e->conflict, sizeof(e->conflict), "%s is also in %s, which says %s",
			    v, rt, vuln_status_name(st));
		}
	}
	if (strict >= 0)
		e->strict = (enum vuln_status)strict;
	else if (unsure)
		e->strict = VS_CANNOT_DECIDE;
	else
		e->strict = p->default_status >= 0 ? (enum vuln_status)p->default_status : VS_UNKNOWN;
	if (rep >= 0) {
		e->status = (enum vuln_status)rep;
		note_flags(e, sc);
		if (hit->less_than != NULL || hit->less_equal != NULL) {
			size_t n = strlen(e->reason);
			if (!ver_valid(hit->version) && n < sizeof(e->reason))
				snprintf(e->reason + n, sizeof(e->reason) - n, "; lower bound \"%s\" "
				    "read as none", hit->version);
		}
	} else if (unusable) {
		e->status = VS_CANNOT_DECIDE;
		snprintf(e->reason, sizeof(e->reason), "%s is in no range that can be read, and "
		    "%s cannot be read as versions", v, rt2);
	} else {
		no_match_status(p, v, e);
	}
}

static void
take(struct vuln_result *out, const struct vuln_product *p, const struct entry_eval *e)
{
	snprintf(out->container, sizeof(out->container), "%s", p->container ? p->container : "");
	snprintf(out->matched_by, sizeof(out->matched_by), "%s", e->matched_by);
	out->status = e->status;
	out->flags = e->flags;
	/* NVD's platform condition only matters where the entry says affected. */
	bool cond = p->condition != NULL && e->status == VS_AFFECTED;
	snprintf(out->reason, sizeof(out->reason), "%s%s%s", e->reason, cond ? "; " : "",
	    cond ? p->condition : "");
	snprintf(out->conflict, sizeof(out->conflict), "%s", e->conflict);
}

static void
merge(struct vuln_result *out, const struct vuln_product *p, const struct entry_eval *e,
    bool first)
{
	if (first || rank(e->strict) < rank(out->strict))
		out->strict = e->strict;
	if (first) {
		take(out, p, e);
		return;
	}
	bool clash = (out->status == VS_AFFECTED && e->status == VS_NOT_AFFECTED) ||
	    (out->status == VS_NOT_AFFECTED && e->status == VS_AFFECTED);
	if (rank(e->status) < rank(out->status))
		take(out, p, e);
	if (clash && !(out->flags & VF_CONFLICT)) {
		out->flags |= VF_CONFLICT;
		snprintf(out->conflict, sizeof(out->conflict), "the %s entry says %s",
		    p->container ? p->container : "other", vuln_status_name(e->status));
	}
}

static void
prose_conflict(const struct vuln_record *r, const struct vuln_component *c,
    struct vuln_result *out)
{
	char quote[200];

	if (out->status != VS_AFFECTED || r->description == NULL || (out->flags & VF_CONFLICT))
		return;
	if (text_names_fixed(r->description, c->version, ver_scheme_for(c->product),
	    quote, sizeof(quote))) {
		out->flags |= VF_CONFLICT;
		snprintf(out->conflict, sizeof(out->conflict), "the description names %s among "
		    "the fixed versions: \"%s\"", c->version, quote);
	}
}

void
vuln_match_record(const struct vuln_record *r, const struct vuln_component *c,
    struct vuln_result *out)
{
	bool na = false, any = false;
	struct entry_eval e;

	memset(out, 0, sizeof(*out));
	out->status = out->strict = VS_NOT_APPLICABLE;
	for (size_t i = 0; i < r->nproducts; i++) {
		const struct vuln_product *p = &r->products[i];

		if (vuln_product_is_na(p)) {
			na = true;
			continue;
		}
		memset(&e, 0, sizeof(e));
		if ((e.matched_by = vuln_product_match(p, c)) == NULL)
			continue;
		if (!ver_valid(c->version)) {
			e.strict = e.status = VS_CANNOT_DECIDE;
			snprintf(e.reason, sizeof(e.reason), "the component's version \"%s\" cannot "
			    "be read as a version", c->version ? c->version : "");
		} else {
			eval_entry(p, c->version, &e);
		}
		merge(out, p, &e, !any);
		any = true;
	}
	if (!any && na) {
		out->status = out->strict = VS_CANNOT_DECIDE;
		out->flags = VF_PROSE_ONLY;
		snprintf(out->container, sizeof(out->container), "cna");
		snprintf(out->matched_by, sizeof(out->matched_by), "description");
		snprintf(out->reason, sizeof(out->reason), "the record names no product (\"n/a\"): "
		    "which versions are affected is only in its description%s",
		    vuln_text_mentions(r->description, c->product) ?
		    ", which names this product" : "");
	}
	if (any)
		prose_conflict(r, c, out);
}
