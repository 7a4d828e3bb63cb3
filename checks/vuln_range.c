#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/vuln_match.h"
#include "checks/vuln_range.h"

/* versionTypes whose ordering is defined well enough to execute: semver by
 * CVE JSON 5; NVD's and OSV's ranges by those feeds, which compute them
 * from release numbers. */
static const char *const executable_types[] = {
	"semver", "nvd", "osv:SEMVER", "osv:ECOSYSTEM", NULL
};

/* Words that mark a sentence of a description as naming fixed versions. */
static const char *const fix_cues[] = {
	"fixed", "patched", "has added", "have added", "addressed", "resolved",
	"starting in", "starting with", "upgrade to", NULL
};

static bool
executable(const struct vuln_range *r)
{
	for (size_t i = 0; r->version_type != NULL && executable_types[i] != NULL; i++)
		if (strcmp(r->version_type, executable_types[i]) == 0)
			return true;
	return false;
}

static bool
no_lower(const char *s)
{
	return s == NULL || strcmp(s, "0") == 0;
}

static bool
is_range(const struct vuln_range *r)
{
	return r->less_than != NULL || r->less_equal != NULL;
}

static const char *
upper(const struct vuln_range *r)
{
	return r->less_than != NULL ? r->less_than : r->less_equal;
}

/* v against [lo, hi) or [lo, hi] with a comparison; RM_UNSURE where cmp
 * says VER_UNSURE and nothing else rules v out. */
static enum rmatch
in_bounds(const struct vuln_range *r, const char *lo, const char *v,
    int (*cmp)(const char *, const char *, const struct ver_scheme *),
    const struct ver_scheme *sc)
{
	const char *hi = upper(r);
	bool unsure = false;
	int c;

	if (lo != NULL) {
		c = cmp(v, lo, sc);
		if (c == VER_UNSURE)
			unsure = true;
		else if (c < 0 || (c == 0 && r->lower_excl))
			return RM_OUT;
	}
	if (hi != NULL && strcmp(hi, "*") != 0) {
		c = cmp(v, hi, sc);
		if (c == VER_UNSURE)
			unsure = true;
		else if (c > 0 || (c == 0 && r->less_than != NULL))
			return RM_OUT;
	}
	return unsure ? RM_UNSURE : RM_IN;
}

static int
cmp_sure(const char *a, const char *b, const struct ver_scheme *sc)
{
	(void)sc;
	return ver_valid(b) ? ver_cmp_sure(a, b) : VER_UNSURE;
}

enum rmatch
range_strict(const struct vuln_range *r, const char *v, const struct ver_scheme *sc)
{
	const char *lo = no_lower(r->version) ? NULL : r->version;
	bool valid = ver_valid(r->version) && (upper(r) == NULL || strcmp(upper(r), "*") == 0 ||
	    ver_valid(upper(r)));

	if (!is_range(r)) {
		if (strcmp(r->version, v) == 0)
			return RM_IN;
		if (!ver_valid(r->version))
			return RM_OUT;	/* "< 5.0.8" is, to the schema, one odd version */
		int c = executable(r) ? ver_cmp(v, r->version, sc) : ver_cmp_sure(v, r->version);
		return c == 0 ? RM_IN : c == VER_UNSURE ? RM_UNSURE : RM_OUT;
	}
	if (executable(r) && valid)
		return in_bounds(r, lo, v, ver_cmp, sc);
	/* Not executable: only a sure "outside" decides. An unreadable lower
	 * bound ("unspecified") rules nothing out. */
	return in_bounds(r, ver_valid(lo) ? lo : NULL, v, cmp_sure, sc) == RM_OUT ?
	    RM_OUT : RM_UNSURE;
}

static const char *
skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* One clause of a text constraint: ">= 5.1", "< 5.0.8", "= 5.4.1"; a bare
 * version is "=". */
static enum rmatch
clause(const char *s, size_t n, const char *v, const struct ver_scheme *sc)
{
	static const struct { const char *op; int lt, eq, gt; } ops[] = {
		{ ">=", 0, 1, 1 }, { "<=", 1, 1, 0 }, { "==", 0, 1, 0 }, { "!=", 1, 0, 1 },
		{ ">", 0, 0, 1 }, { "<", 1, 0, 0 }, { "=", 0, 1, 0 }, { "", 0, 1, 0 },
	};
	const char *end = s + n, *p;
	char ver[64];
	size_t i, len;
	int c, in;

	s = skip_ws(s);
	for (i = 0; strncmp(s, ops[i].op, strlen(ops[i].op)) != 0; i++)
		;
	p = skip_ws(s + strlen(ops[i].op));
	len = p < end ? (size_t)(end - p) : 0;
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(ver))
		return RM_UNUSABLE;
	memcpy(ver, p, len);
	ver[len] = '\0';
	if (!ver_valid(ver) || strchr(ver, ' ') != NULL)
		return RM_UNUSABLE;
	c = ver_cmp(v, ver, sc);
	in = c < 0 ? ops[i].lt : c == 0 ? ops[i].eq : ops[i].gt;
	return in ? RM_IN : RM_OUT;
}

/* GitHub advisories' ">= 5.1.0, < 5.1.6": every clause must hold. */
static enum rmatch
text_constraint(const char *s, const char *v, const struct ver_scheme *sc)
{
	enum rmatch all = RM_IN;

	if (strstr(s, "||") != NULL)
		return RM_UNUSABLE;
	while (*s != '\0') {
		size_t n = strcspn(s, ",");
		enum rmatch m = clause(s, n, v, sc);

		if (m == RM_UNUSABLE)
			return m;
		if (m == RM_OUT)
			all = RM_OUT;
		s += n + (s[n] == ',');
	}
	return all;
}

static bool
looks_like_constraint(const char *s)
{
	s = skip_ws(s);
	return *s == '<' || *s == '>' || *s == '=' || *s == '!';
}

enum rmatch
range_reported(const struct vuln_range *r, const char *v, const struct ver_scheme *sc,
    unsigned *flags)
{
	if (!is_range(r)) {
		if (looks_like_constraint(r->version)) {
			*flags |= VF_PARSED_TEXT;
			return text_constraint(r->version, v, sc);
		}
		if (!ver_valid(r->version))
			return RM_UNUSABLE;
		return ver_cmp(v, r->version, sc) == 0 ? RM_IN : RM_OUT;
	}
	if (upper(r) == NULL || (strcmp(upper(r), "*") != 0 && !ver_valid(upper(r))))
		return RM_UNUSABLE;
	if (!executable(r))
		*flags |= VF_ASSUMED_ORDER;
	return in_bounds(r, ver_valid(r->version) && !no_lower(r->version) ? r->version : NULL,
	    v, ver_cmp, sc);
}

int
range_status_at(const struct vuln_range *r, const char *v, const struct ver_scheme *sc,
    bool strict)
{
	int st = (int)r->status;

	for (size_t i = 0; i < r->nchanges; i++) {
		const char *at = r->changes[i].at;
		int c;

		if (!ver_valid(at))
			return -1;
		c = strict && !executable(r) ? ver_cmp_sure(v, at) : ver_cmp(v, at, sc);
		if (c == VER_UNSURE)
			return -1;
		if (c >= 0)
			st = (int)r->changes[i].status;
	}
	return st;
}

void
range_text(const struct vuln_range *r, char *buf, size_t len)
{
	const char *t = r->version_type ? r->version_type : "no versionType";

	if (!is_range(r))
		snprintf(buf, len, "%s\"%s\" (%s)", ver_valid(r->version) ? "= " : "",
		    r->version, looks_like_constraint(r->version) ? "text constraint" : t);
	else
		snprintf(buf, len, "%s %s v %s %s (%s)", r->version, r->lower_excl ? "<" : "<=",
		    r->less_than ? "<" : "<=", upper(r), t);
}

/* Versions ("5.1.6", "v5.3") in text[0..n) equal to v. */
static bool
span_names(const char *s, size_t n, const char *v, const struct ver_scheme *sc)
{
	char tok[32];

	for (size_t i = 0; i < n; i++) {
		size_t j = i, k = 0;

		if (!isdigit((unsigned char)s[i]) || (i > 0 && isalnum((unsigned char)s[i - 1]) &&
		    s[i - 1] != 'v'))
			continue;
		while (j < n && (isdigit((unsigned char)s[j]) ||
		    (s[j] == '.' && j + 1 < n && isdigit((unsigned char)s[j + 1]))) && k + 1 < sizeof(tok))
			tok[k++] = s[j++];
		tok[k] = '\0';
		if (strchr(tok, '.') != NULL && ver_cmp(tok, v, sc) == 0)
			return true;
		i = j;
	}
	return false;
}

bool
text_names_fixed(const char *desc, const char *v, const struct ver_scheme *sc,
    char *quote, size_t len)
{
	const char *s = desc;

	while (s != NULL && *s != '\0') {
		const char *e = strstr(s, ". ");
		size_t n = e != NULL ? (size_t)(e - s) + 1 : strlen(s);
		char low[1024];
		size_t m = n < sizeof(low) ? n : sizeof(low) - 1;
		bool cue = false;

		for (size_t i = 0; i < m; i++)
			low[i] = (char)tolower((unsigned char)s[i]);
		low[m] = '\0';
		for (size_t i = 0; fix_cues[i] != NULL && !cue; i++)
			cue = strstr(low, fix_cues[i]) != NULL;
		if (cue && span_names(s, n, v, sc)) {
			snprintf(quote, len, "%.*s%s", n > 160 ? 157 : (int)n, s, n > 160 ? "..." : "");
			return true;
		}
		s = e != NULL ? skip_ws(e + 1) : NULL;
	}
	return false;
}
