#include "formats/sdkconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"

#define SDK_MAX_LINE 4096
#define SDK_MAX_OPTIONS 100000

void
sdkconfig_free(struct sdkconfig *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->opts[i].name);
		free(c->opts[i].s);
	}
	free(c->opts);
	memset(c, 0, sizeof(*c));
}

static int
is_name_char(uint8_t ch)
{
	return ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9');
}

/* CONFIG_ followed by name characters; returns the name length or 0. */
static size_t
name_len(const uint8_t *p, size_t n)
{
	size_t k = 7;

	if (n < 8 || memcmp(p, "CONFIG_", 7) != 0)
		return 0;
	while (k < n && is_name_char(p[k]))
		k++;
	return k > 7 ? k : 0;
}

static int
add_opt(struct sdkconfig *c, const uint8_t *name, size_t nlen, unsigned line,
    bool deprecated, struct sdk_option **out)
{
	struct sdk_option *grown, *o;

	if (c->n == SDK_MAX_OPTIONS)
		return -1;
	if ((c->n & (c->n - 1)) == 0 || c->n == 0) {
		size_t cap = c->n ? c->n * 2 : 64;

		if ((grown = realloc(c->opts, cap * sizeof(*grown))) == NULL)
			return -1;
		c->opts = grown;
	}
	o = &c->opts[c->n];
	memset(o, 0, sizeof(*o));
	if ((o->name = strndup((const char *)name, nlen)) == NULL)
		return -1;
	o->line = line;
	o->deprecated = deprecated;
	c->n++;
	*out = o;
	return 0;
}

/* "quoted \"string\"" with \" and \\ escapes, nothing after the quote. */
static int
parse_string(const uint8_t *p, size_t n, char **out)
{
	char *s = malloc(n + 1);
	size_t k = 1, j = 0;

	if (s == NULL)
		return -1;
	while (k < n && p[k] != '"') {
		if (p[k] == '\\' && k + 1 < n)
			k++;
		s[j++] = (char)p[k++];
	}
	if (k != n - 1) {
		free(s);
		return -1;
	}
	s[j] = '\0';
	*out = s;
	return 0;
}

static int
parse_value(struct sdk_option *o, const uint8_t *p, size_t n)
{
	char buf[32];
	char *end;

	if (n == 1 && (p[0] == 'y' || p[0] == 'n')) {
		o->type = SDK_BOOL;
		o->b = p[0] == 'y';
		return 0;
	}
	if (n > 0 && p[0] == '"') {
		o->type = SDK_STRING;
		return parse_string(p, n, &o->s);
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	errno = 0;
	o->i = strtoll(buf, &end, 0);
	if (*end != '\0' || errno != 0)
		return -1;
	o->type = SDK_INT;
	return 0;
}

static int
starts(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(p, s, k) == 0;
}

/* What the lines so far say about the ones to come. */
struct sdk_state {
	bool deprecated;	/* inside the deprecated-options block */
	int menu_state;		/* menu headers: 1 after a lone "#", 2 after "#" then "# Title" */
	long menus_open;
};

/* A comment line: menu structure, the generator's header lines, the
 * ESP-IDF version, and "# CONFIG_X is not set" (a bool that is off).
 * 0, or -1 when the option cannot be added. */
static int
comment_line(struct sdkconfig *out, struct sdk_state *st, const uint8_t *line,
    size_t n, size_t lineno)
{
	const char *idf = "# Espressif IoT Development Framework (ESP-IDF) ";
	struct sdk_option *o;
	size_t nl;

	if (n == 1) {
		st->menus_open += st->menu_state == 2;
		st->menu_state = 1;
	} else if (starts(line, n, "# end of ")) {
		st->menus_open--;
		st->menu_state = 0;
	} else {
		st->menu_state = st->menu_state == 1 && line[1] == ' ' ? 2 : 0;
	}
	if (starts(line, n, "# Deprecated options for backward compatibility"))
		st->deprecated = true;
	else if (starts(line, n, "# End of deprecated options"))
		st->deprecated = false;
	else if (starts(line, n, "# Automatically generated file. DO NOT EDIT."))
		out->generated = true;
	else if (starts(line, n, "# This file was generated using idf.py save-defconfig"))
		out->minimal = true;
	if (starts(line, n, idf)) {
		size_t v = strlen(idf), e = v;

		while (e < n && line[e] != ' ')
			e++;
		if (e - v < sizeof(out->idf_version)) {
			memcpy(out->idf_version, line + v, e - v);
			out->idf_version[e - v] = '\0';
		}
	}
	if (n > 2 && (nl = name_len(line + 2, n - 2)) > 0 &&
	    n - 2 - nl == strlen(" is not set") &&
	    memcmp(line + 2 + nl, " is not set", strlen(" is not set")) == 0) {
		if (add_opt(out, line + 2, nl, (unsigned)lineno, st->deprecated, &o) != 0)
			return -1;
		o->type = SDK_BOOL;
		o->b = false;
	}
	return 0;
}

int
sdkconfig_parse(const uint8_t *data, size_t len, const char *name,
    struct sdkconfig *out, struct fw_err *err)
{
	struct reader r;
	const uint8_t *line;
	size_t n, lineno = 0;
	struct sdk_state st = { false, 0, 0 };

	memset(out, 0, sizeof(*out));
	rd_init(&r, data, len);
	while (rd_line(&r, &line, &n) == 0) {
		size_t at = (size_t)(line - data), k;
		struct sdk_option *o;

		lineno++;
		if (n > SDK_MAX_LINE) {
			sdkconfig_free(out);
			return err_set(err, name, at, "line %zu: %zu characters; an sdkconfig "
			    "line is at most %d", lineno, n, SDK_MAX_LINE);
		}
		for (k = 0; k < n; k++)
			if (line[k] < 0x20 && line[k] != '\t') {
				sdkconfig_free(out);
				return err_set(err, name, at + k, "line %zu: control byte 0x%02x: "
				    "expected sdkconfig text (CONFIG_NAME=value lines)",
				    lineno, line[k]);
			}
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		if (line[0] == '#') {
			if (comment_line(out, &st, line, n, lineno) != 0)
				goto oom;
			continue;
		}
		st.menu_state = 0;
		if ((k = name_len(line, n)) == 0 || k >= n || line[k] != '=') {
			sdkconfig_free(out);
			return err_set(err, name, at, "line %zu: expected CONFIG_NAME=value, "
			    "'# CONFIG_NAME is not set' or a comment", lineno);
		}
		if (add_opt(out, line, k, (unsigned)lineno, st.deprecated, &o) != 0)
			goto oom;
		if (parse_value(o, line + k + 1, n - k - 1) != 0) {
			sdkconfig_free(out);
			return err_set(err, name, at + k + 1, "line %zu: value of %.*s is not "
			    "y, n, a number or a quoted string", lineno, (int)k, line);
		}
	}
	out->complete = st.menus_open == 0 && len > 0 && data[len - 1] == '\n';
	if (out->n == 0 && !out->generated && !out->minimal) {
		sdkconfig_free(out);
		return err_set(err, name, ERR_NO_OFFSET, "no CONFIG_ options: not an sdkconfig");
	}
	return 0;
oom:
	sdkconfig_free(out);
	return err_set(err, name, ERR_NO_OFFSET, "out of memory or more than %d options",
	    SDK_MAX_OPTIONS);
}

const struct sdk_option *
sdkconfig_get(const struct sdkconfig *c, const char *name)
{
	const struct sdk_option *dep = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->opts[i].name, name) == 0) {
			if (!c->opts[i].deprecated)
				return &c->opts[i];
			dep = &c->opts[i];
		}
	return dep;
}

int
sdkconfig_detect(const uint8_t *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	struct reader r;
	const uint8_t *line;
	size_t ll;
	int assignments = 0;

	if (memchr(data, '\0', n) != NULL)
		return 0;
	rd_init(&r, data, n);
	while (rd_line(&r, &line, &ll) == 0) {
		if (starts(line, ll, "# Automatically generated file. DO NOT EDIT.") ||
		    starts(line, ll, "# This file was generated using idf.py save-defconfig"))
			return 95;
		if (name_len(line, ll) > 0 || (ll > 2 && name_len(line + 2, ll - 2) > 0))
			assignments++;
	}
	return assignments >= 1 ? 60 : 0;
}
