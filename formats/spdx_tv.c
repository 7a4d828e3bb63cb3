/* SPDX 2.x tag/value: one "Tag: value" per line, "#" comments, blank
 * lines; a value may be <text>...</text> over several lines (SPDX 2.2
 * spec, chapter "Tag/value format"). */
#include "formats/spdx_tv.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PACKAGES 4096

static const char *
skip_blank_and_comments(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;

		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < end && *q != '\n' && *q != '#')
			return q;
		p = nl ? nl + 1 : end;
	}
	return p;
}

int
spdx_tv_probe(const char *data, size_t len)
{
	const char *p = skip_blank_and_comments(data, data + len);

	return (size_t)(data + len - p) >= 20 && memcmp(p, "SPDXVersion: SPDX-2.", 20) == 0;
}

/* Trims the value in place and handles a <text> value spanning lines:
 * *next is where the following line starts. NULL when <text> never ends. */
static char *
value_of(char *v, char *end, char **next)
{
	char *nl = memchr(v, '\n', (size_t)(end - v));
	char *e;

	*next = nl ? nl + 1 : end;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncmp(v, "<text>", 6) == 0) {
		char *close = NULL;

		for (char *s = v; s + 7 <= end && close == NULL; s++)
			if (memcmp(s, "</text>", 7) == 0)
				close = s;
		if (close == NULL)
			return NULL;
		*close = '\0';
		nl = memchr(close + 1, '\n', (size_t)(end - close - 1));
		*next = nl ? nl + 1 : end;
		return v + 6;
	}
	e = nl ? nl : end;
	while (e > v && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return v;
}

static void
ext_ref(struct spdx_package *p, char *v)
{
	/* "SECURITY cpe23Type cpe:2.3:..." / "PACKAGE-MANAGER purl pkg:..." */
	char *type = strchr(v, ' '), *loc;

	if (type == NULL)
		return;
	type++;
	if ((loc = strchr(type, ' ')) == NULL)
		return;
	*loc++ = '\0';
	while (*loc == ' ')
		loc++;
	if (strcmp(type, "cpe23Type") == 0 && p->cpe == NULL)
		p->cpe = loc;
	else if (strcmp(type, "purl") == 0 && p->purl == NULL)
		p->purl = loc;
}

static int
tag(struct spdx_doc *d, const char *input, unsigned line, const char *t, char *v,
    struct fw_err *err)
{
	struct spdx_package *p = d->npkg ? &d->pkg[d->npkg - 1] : NULL;

	if (strcmp(t, "PackageName") == 0) {
		if (d->npkg == MAX_PACKAGES)
			return err_set_line(err, input, line, 0, "more than %d packages",
			    MAX_PACKAGES);
		p = &d->pkg[d->npkg++];
		memset(p, 0, sizeof(*p));
		p->line = line;
		p->name = v;
	} else if (strcmp(t, "FileName") == 0 || strcmp(t, "SnippetSPDXID") == 0 ||
	    strcmp(t, "LicenseID") == 0) {
		/* past the packages' own lines: their tags are not the package's */
		if (p != NULL)
			p->line = p->line | 0x80000000u;
	} else if (p != NULL && !(p->line & 0x80000000u)) {
		if (strcmp(t, "SPDXID") == 0)
			p->spdxid = v;
		else if (strcmp(t, "PackageVersion") == 0)
			p->version = v;
		else if (strcmp(t, "PackageSupplier") == 0)
			p->supplier = v;
		else if (strcmp(t, "PackageDownloadLocation") == 0)
			p->download = v;
		else if (strcmp(t, "ExternalRef") == 0)
			ext_ref(p, v);
	} else if (p == NULL) {
		if (strcmp(t, "DocumentName") == 0)
			d->name = v;
		else if (strcmp(t, "Created") == 0)
			d->created = v;
		else if (strcmp(t, "Creator") == 0 && d->creators == NULL)
			d->creators = v;
	}
	return 0;
}

int
spdx_tv_parse(const char *input, const char *data, size_t len, struct spdx_doc *d,
    struct fw_err *err)
{
	char *p, *end, *next;
	unsigned line = 1;

	memset(d, 0, sizeof(*d));
	if (len == 0)
		return err_set(err, input, ERR_NO_OFFSET, "empty: no SPDXVersion line");
	if (memchr(data, '\0', len) != NULL)
		return err_set(err, input, (size_t)((const char *)memchr(data, '\0', len) - data),
		    "a NUL byte: an SPDX tag/value document is text");
	if ((d->mem = malloc(len + 1)) == NULL ||
	    (d->pkg = calloc(MAX_PACKAGES, sizeof(*d->pkg))) == NULL) {
		spdx_doc_free(d);
		return err_internal(err, input, "out of memory");
	}
	memcpy(d->mem, data, len);
	d->mem[len] = '\0';
	end = d->mem + len;
	for (p = d->mem; p < end; p = next, line++) {
		char *colon, *q = p, *v;
		unsigned at = line;

		next = memchr(p, '\n', (size_t)(end - p));
		next = next ? next + 1 : end;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == end || *q == '\n' || *q == '#')
			continue;
		colon = memchr(q, ':', (size_t)(next - q));
		if (colon == NULL) {
			err_set_line(err, input, at, 0, "expected 'Tag: value'");
			goto fail;
		}
		*colon = '\0';
		if ((v = value_of(colon + 1, end, &next)) == NULL) {
			err_set_line(err, input, at, 0, "<text> value of '%s' never ends "
			    "(no </text>)", q);
			goto fail;
		}
		for (char *s = colon + 1; s < next; s++)	/* lines a <text> spans */
			line += *s == '\n' && s + 1 < next;
		if (d->version == NULL && strcmp(q, "SPDXVersion") != 0) {
			err_set_line(err, input, at, 0, "expected 'SPDXVersion: SPDX-2.x' "
			    "first, found '%s'", q);
			goto fail;
		}
		if (d->version == NULL) {
			if (strncmp(v, "SPDX-2.", 7) != 0) {
				err_set_line(err, input, at, 0, "SPDX version '%s': only SPDX "
				    "2.x tag/value is read", v);
				goto fail;
			}
			d->version = v;
			continue;
		}
		if (tag(d, input, at, q, v, err) != 0)
			goto fail;
	}
	if (d->version == NULL) {
		spdx_doc_free(d);
		return err_set(err, input, ERR_NO_OFFSET, "empty: no SPDXVersion line");
	}
	for (size_t i = 0; i < d->npkg; i++)
		d->pkg[i].line &= ~0x80000000u;
	return 0;
fail:
	/* the message may quote the text: freed only once it is written */
	spdx_doc_free(d);
	return -1;
}

void
spdx_doc_free(struct spdx_doc *d)
{
	free(d->mem);
	free(d->pkg);
	memset(d, 0, sizeof(*d));
}
