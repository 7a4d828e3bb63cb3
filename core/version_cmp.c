#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/version_cmp.h"

/* Products whose versions carry letters after the numbers as later
 * releases rather than pre-releases. Keyed by ver_name_key. */
static const struct ver_scheme generic = { "generic", VT_PRERELEASE };
static const struct ver_scheme letter = { "letter-release", VT_LETTER };
static const struct {
	const char *product;
	const struct ver_scheme *scheme;
} product_schemes[] = {
	{ "openssl", &letter },		/* 1.1.1w, 1.0.2zj */
	{ "ntp", &letter },		/* 4.2.8p15 */
	{ NULL, NULL }
};

/* Pre-release words in release order; other words sort by their letters. */
static const char *const pre_words[] = { "dev", "alpha", "beta", "pre", "rc", NULL };

#define VER_MAXNUM 12

enum tail { T_PRE, T_NONE, T_POST };

struct vparse {
	uint64_t num[VER_MAXNUM];
	size_t nnum;
	enum tail kind;
	const char *tail;	/* the words of a pre- or post-release tail */
};

void
ver_name_key(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0' && n + 1 < len; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	if (len > 0)
		out[n] = '\0';
}

const struct ver_scheme *
ver_scheme_for(const char *product)
{
	char key[64];

	ver_name_key(product, key, sizeof(key));
	for (size_t i = 0; product_schemes[i].product != NULL; i++)
		if (strcmp(product_schemes[i].product, key) == 0)
			return product_schemes[i].scheme;
	return &generic;
}

const struct ver_scheme *
ver_scheme_named(const char *name)
{
	if (name != NULL && strcmp(name, letter.name) == 0)
		return &letter;
	return &generic;
}

static const char *
skip_v(const char *s)
{
	if ((s[0] == 'v' || s[0] == 'V') && isdigit((unsigned char)s[1]))
		return s + 1;
	return s;
}

bool
ver_valid(const char *s)
{
	return s != NULL && isdigit((unsigned char)*skip_v(s));
}

/* "45-g1a2b3c4" (git describe: commits after the tag) is later than the
 * tag; "dirty" says nothing about the order. */
static enum tail
dash_tail(const char *t, const char **words)
{
	const char *p = t;

	*words = t;
	if (strcasecmp(t, "dirty") == 0)
		return T_NONE;
	while (isdigit((unsigned char)*p))
		p++;
	if (p > t && p[0] == '-' && p[1] == 'g' && isxdigit((unsigned char)p[2]))
		return T_POST;
	return T_PRE;
}

static void
ver_parse(const char *s, const struct ver_scheme *sc, struct vparse *v)
{
	const char *p = skip_v(s);

	memset(v, 0, sizeof(*v));
	v->kind = T_NONE;
	while (isdigit((unsigned char)*p)) {
		uint64_t n = 0;

		for (; isdigit((unsigned char)*p); p++)
			n = n > UINT64_MAX / 10 - 9 ? UINT64_MAX : n * 10 + (uint64_t)(*p - '0');
		if (v->nnum < VER_MAXNUM)
			v->num[v->nnum++] = n;
		if (p[0] != '.' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	if (*p == '\0' || *p == '+')
		return;
	if (isalpha((unsigned char)*p)) {
		v->kind = sc->glued == VT_LETTER ? T_POST : T_PRE;
		v->tail = p;
		return;
	}
	v->kind = dash_tail(p + 1, &v->tail);
}

static int
word_rank(const char *w, size_t len)
{
	for (int i = 0; pre_words[i] != NULL; i++)
		if (strlen(pre_words[i]) == len && strncasecmp(pre_words[i], w, len) == 0)
			return i + 1;
	return 0;
}

/* One run of digits or of letters from *p; 0 at the end (or '+'). */
static size_t
next_run(const char **p, bool *num)
{
	const char *s = *p, *e;

	while (*s != '\0' && *s != '+' && !isalnum((unsigned char)*s))
		s++;
	*num = isdigit((unsigned char)*s);
	for (e = s; *e != '\0' && isalnum((unsigned char)*e) &&
	    (isdigit((unsigned char)*e) != 0) == *num; e++)
		;
	*p = s;
	return (size_t)(e - s);
}

static int
cmp_runs(const char *a, size_t la, bool na, const char *b, size_t lb, bool nb)
{
	if (na && nb) {
		while (la > 1 && *a == '0')
			a++, la--;
		while (lb > 1 && *b == '0')
			b++, lb--;
		if (la != lb)
			return la < lb ? -1 : 1;
		int c = strncmp(a, b, la);
		return (c > 0) - (c < 0);
	}
	if (na != nb)		/* numbers before words, as in semver */
		return na ? -1 : 1;
	int ra = word_rank(a, la), rb = word_rank(b, lb);
	if (ra != 0 && rb != 0 && ra != rb)
		return ra < rb ? -1 : 1;
	int c = strncasecmp(a, b, la < lb ? la : lb);
	if (c != 0)
		return (c > 0) - (c < 0);
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int
cmp_tails(const char *a, const char *b)
{
	for (;;) {
		bool na, nb;
		size_t la = next_run(&a, &na), lb = next_run(&b, &nb);
		int c;

		if (la == 0 || lb == 0)
			return la == lb ? 0 : (la == 0 ? -1 : 1);
		if ((c = cmp_runs(a, la, na, b, lb, nb)) != 0)
			return c;
		a += la;
		b += lb;
	}
}

static int
cmp_nums(const struct vparse *a, const struct vparse *b)
{
	size_t n = a->nnum > b->nnum ? a->nnum : b->nnum;

	for (size_t i = 0; i < n; i++) {
		uint64_t x = i < a->nnum ? a->num[i] : 0, y = i < b->nnum ? b->num[i] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int
ver_cmp(const char *a, const char *b, const struct ver_scheme *sc)
{
	struct vparse x, y;
	int c;

	ver_parse(a, sc, &x);
	ver_parse(b, sc, &y);
	if ((c = cmp_nums(&x, &y)) != 0)
		return c;
	if (x.kind != y.kind)
		return x.kind < y.kind ? -1 : 1;
	if (x.kind == T_NONE)
		return 0;
	return cmp_tails(x.tail, y.tail);
}

int
ver_cmp_sure(const char *a, const char *b)
{
	struct vparse x, y;
	int c;

	ver_parse(a, &generic, &x);
	ver_parse(b, &generic, &y);
	if ((c = cmp_nums(&x, &y)) != 0)
		return c;
	return x.tail == NULL && y.tail == NULL ? 0 : VER_UNSURE;
}
