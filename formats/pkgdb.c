/* Package databases; see formats/pkgdb.h. */
#include "formats/pkgdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parse {
	enum pkgdb_kind kind;
	const char *input;
	struct pkgdb *db;
	size_t cap;
	struct pkgdb_pkg cur;
	bool in_stanza;
	bool have_status;
};

static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* The stanza ends: kept when it names a package. */
static int
flush(struct parse *p, struct fw_err *err)
{
	if (p->in_stanza && p->cur.name != NULL && p->cur.name[0] != '\0') {
		if (p->db->n == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 64;
			struct pkgdb_pkg *np = realloc(p->db->pkg, cap * sizeof(*np));

			if (np == NULL)
				return err_oom(err, p->input, ERR_NO_OFFSET);
			p->db->pkg = np;
			p->cap = cap;
		}
		if (p->kind == PKGDB_APK)
			p->cur.installed = true;
		p->db->pkg[p->db->n++] = p->cur;
	}
	memset(&p->cur, 0, sizeof(p->cur));
	p->in_stanza = false;
	return 0;
}

/* dpkg and opkg: "installed" is the last word of Status ("install user
 * installed"; "deinstall ok config-files" is not). */
static bool
status_installed(const char *v)
{
	const char *w = strrchr(v, ' ');

	return strcmp(w != NULL ? w + 1 : v, "installed") == 0;
}

static void
field(struct parse *p, const char *key, char *value, unsigned line, size_t off, size_t len)
{
	bool apk = p->kind == PKGDB_APK;

	if (strcmp(key, apk ? "P" : "Package") == 0) {
		p->cur.name = value;
		p->cur.line = line;
		p->cur.offset = off;
		p->cur.length = len;
	} else if (strcmp(key, apk ? "V" : "Version") == 0) {
		p->cur.version = value;
	} else if (strcmp(key, apk ? "A" : "Architecture") == 0) {
		p->cur.arch = value;
	} else if (!apk && strcmp(key, "Status") == 0) {
		p->cur.installed = status_installed(value);
	}
}

/* One line (NUL-terminated in place); off is where it starts in the file. */
static int
parse_line(struct parse *p, char *s, unsigned line, size_t off, struct fw_err *err)
{
	size_t len = strlen(s);
	char *colon;

	if (len > 0 && s[len - 1] == '\r')
		s[--len] = '\0';
	if (len == 0)
		return flush(p, err);
	if (s[0] == ' ' || s[0] == '\t')
		return 0;	/* a continuation (Conffiles, Description) */
	if ((colon = strchr(s, ':')) == NULL || colon == s)
		return err_set_line(err, p->input, line, 0, "expected a field '%s' of the %s "
		    "database, found no colon", p->kind == PKGDB_APK ? "X:value" : "Field: value",
		    p->kind == PKGDB_APK ? "apk" : p->kind == PKGDB_OPKG ? "opkg" : "dpkg");
	*colon = '\0';
	p->in_stanza = true;
	field(p, s, trim(colon + 1), line, off, len);
	return 0;
}

int
pkgdb_parse(enum pkgdb_kind kind, const char *input, const uint8_t *data, size_t len,
    struct pkgdb *db, struct fw_err *err)
{
	struct parse p = { .kind = kind, .input = input, .db = db };
	const uint8_t *nul = memchr(data, '\0', len);
	unsigned line = 1;
	size_t start = 0;

	memset(db, 0, sizeof(*db));
	if (nul != NULL)
		return err_set(err, input, (size_t)(nul - data), "a NUL byte: not a text "
		    "package database");
	if ((db->mem = malloc(len + 1)) == NULL)
		return err_oom(err, input, ERR_NO_OFFSET);
	memcpy(db->mem, data, len);
	db->mem[len] = '\0';
	for (size_t i = 0; i <= len; i++) {
		if (i < len && db->mem[i] != '\n')
			continue;
		db->mem[i] = '\0';
		if (parse_line(&p, db->mem + start, line, start, err) != 0) {
			pkgdb_free(db);
			return -1;
		}
		start = i + 1;
		line++;
	}
	if (flush(&p, err) != 0) {
		pkgdb_free(db);
		return -1;
	}
	return 0;
}

void
pkgdb_free(struct pkgdb *db)
{
	free(db->pkg);
	free(db->mem);
	memset(db, 0, sizeof(*db));
}

static bool
all_of(const char *s, const char *set)
{
	return *s != '\0' && s[strspn(s, set)] == '\0';
}

void
pkgdb_upstream(enum pkgdb_kind kind, const char *version, char *out, size_t outlen)
{
	const char *v = version, *dash;
	size_t n;

	if (v[strspn(v, "0123456789")] == ':' && v[0] != ':')
		v += strspn(v, "0123456789") + 1;	/* epoch */
	n = strlen(v);
	dash = strrchr(v, '-');
	if (dash != NULL && dash != v) {
		bool release = kind == PKGDB_DPKG ? dash[1] != '\0' :
		    kind == PKGDB_APK ? dash[1] == 'r' && all_of(dash + 2, "0123456789") :
		    all_of(dash + 1, "0123456789.");

		if (release)
			n = (size_t)(dash - v);
	}
	snprintf(out, outlen, "%.*s", (int)n, v);
}
