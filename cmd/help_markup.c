#include "cmd/help_markup.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Where a link's target is, as a reader finds it: pages live under docs/. */
static const char *
link_dir(const char *u, size_t n)
{
	return n > 4 && (strncmp(u, "http:", 5) == 0 || strncmp(u, "https:", 6) == 0) ? "" :
	    "docs/";
}

/* Calls text/code/link on each piece of s. */
struct marks {
	void (*text)(FILE *out, const char *s, size_t n);
	void (*code)(FILE *out, const char *s, size_t n);
	void (*link)(FILE *out, const char *t, size_t tn, const char *u, size_t un);
};

static void
markup_walk(FILE *out, const char *s, const struct marks *m)
{
	while (*s != '\0') {
		size_t n = strcspn(s, "`[");
		const char *end, *close, *u;

		m->text(out, s, n);
		s += n;
		if (*s == '`' && (end = strchr(s + 1, '`')) != NULL) {
			m->code(out, s + 1, (size_t)(end - s - 1));
			s = end + 1;
		} else if (*s == '[' && (close = strstr(s, "](")) != NULL &&
		    (end = strchr(close, ')')) != NULL && memchr(s, '\n', (size_t)(end - s)) == NULL) {
			u = close + 2;
			m->link(out, s + 1, (size_t)(close - s - 1), u, (size_t)(end - u));
			s = end + 1;
		} else if (*s != '\0') {
			m->text(out, s, 1);
			s++;
		}
	}
}

static void
plain_text(FILE *out, const char *s, size_t n)
{
	fwrite(s, 1, n, out);
}

static void
plain_link(FILE *out, const char *t, size_t tn, const char *u, size_t un)
{
	const char *dir = link_dir(u, un);
	size_t dn = strlen(dir);
	/* [docs/x.md](x.md) reads as docs/x.md, not twice */
	bool named = !(tn == dn + un && memcmp(t, dir, dn) == 0 && memcmp(t + dn, u, un) == 0) &&
	    !(tn == un && memcmp(t, u, un) == 0);

	if (named) {
		fwrite(t, 1, tn, out);
		fputs(" (", out);
	}
	fputs(dir, out);
	fwrite(u, 1, un, out);
	if (named)
		fputc(')', out);
}

char *
markup_plain(const char *s)
{
	static const struct marks m = { plain_text, plain_text, plain_link };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (out == NULL)
		return NULL;
	markup_walk(out, s, &m);
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
man_chars(FILE *out, const char *s, size_t n, bool literal)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\')
			fputs("\\e", out);
		else if (c == '-' && (literal || (i + 1 < n && s[i + 1] == '-') ||
		    (i > 0 && s[i - 1] == '-') || i == 0 || s[i - 1] == ' ' || s[i - 1] == '('))
			fputs("\\-", out);	/* an option or a minus, not a hyphen */
		else if (c == '\n')
			fputc(' ', out);
		else
			fputc(c, out);
	}
}

static void
man_text(FILE *out, const char *s, size_t n)
{
	man_chars(out, s, n, false);
}

static void
man_code(FILE *out, const char *s, size_t n)
{
	fputs("\\fB", out);
	man_chars(out, s, n, true);
	fputs("\\fR", out);
}

static void
man_link(FILE *out, const char *t, size_t tn, const char *u, size_t un)
{
	char *p = NULL;
	size_t pn = 0;
	FILE *f = open_memstream(&p, &pn);

	if (f == NULL)
		return;
	plain_link(f, t, tn, u, un);
	fclose(f);
	man_chars(out, p, pn, false);
	free(p);
}

void
markup_man(FILE *fp, const char *s, const char *para)
{
	static const struct marks m = { man_text, man_code, man_link };
	const char *brk;

	for (;;) {
		char *one;

		if (s[0] == '.' || s[0] == '\'')
			fputs("\\&", fp);
		brk = strstr(s, "\n\n");
		if ((one = strndup(s, brk ? (size_t)(brk - s) : strlen(s))) == NULL)
			return;
		markup_walk(fp, one, &m);
		free(one);
		if (brk == NULL)
			return;
		fprintf(fp, "\n%s\n", para);
		s = brk + 2;
	}
}

void
man_literal(FILE *fp, const char *s)
{
	if (s[0] == '.' || s[0] == '\'')
		fputs("\\&", fp);
	man_chars(fp, s, strlen(s), true);
}
