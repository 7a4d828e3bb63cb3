#include "formats/fstree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_BUF 4096
#define MAX_LINKS 40	/* as Linux's path walk (ELOOP) */

void
fstree_init(struct fstree *t, const char *src)
{
	memset(t, 0, sizeof(*t));
	t->src = src;
}

void
fstree_free(struct fstree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].path);
		free(t->e[i].link);
	}
	for (size_t i = 0; i < t->nprob; i++)
		free(t->prob[i].path);
	free(t->e);
	free(t->prob);
	if (t->release != NULL)
		t->release(t->ctx);
	t->ctx = NULL;
	t->release = NULL;
	t->e = NULL;
	t->prob = NULL;
	t->n = t->nprob = 0;
}

static char *
dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

int
fstree_problem(struct fstree *t, const char *path, const char *what, uint64_t offset)
{
	struct fs_problem *p;

	if (t->nprob >= FSTREE_MAX_PROBLEMS) {
		t->prob_dropped++;
		return 0;
	}
	if (t->nprob == t->capprob) {
		size_t c = t->capprob ? t->capprob * 2 : 16;

		if ((p = realloc(t->prob, c * sizeof(*p))) == NULL)
			return -1;
		t->prob = p;
		t->capprob = c;
	}
	p = &t->prob[t->nprob];
	if ((p->path = strdup(path)) == NULL)
		return -1;
	p->what = what;
	p->offset = offset;
	t->nprob++;
	return 0;
}

/* name without "." components, a leading "/" or "./"; 1 if it holds "..",
 * 2 if it was absolute; -1 when too long. */
static int
normalise(const char *name, size_t len, char *out, size_t outsz)
{
	size_t o = 0, i = 0;
	int rc = len > 0 && name[0] == '/' ? 2 : 0;

	while (i < len) {
		size_t j = i;

		while (j < len && name[j] != '/')
			j++;
		if (j - i == 2 && name[i] == '.' && name[i + 1] == '.')
			return 1;
		if (j > i && !(j - i == 1 && name[i] == '.')) {
			if (o + (o ? 1 : 0) + (j - i) + 1 > outsz)
				return -1;
			if (o)
				out[o++] = '/';
			memcpy(out + o, name + i, j - i);
			o += j - i;
		}
		i = j + 1;
	}
	out[o] = '\0';
	return rc;
}

int
fstree_add(struct fstree *t, const char *name, size_t namelen, enum fs_type type,
    uint32_t mode, uint32_t uid, uint32_t gid, uint64_t size, const char *link,
    size_t linklen, uint64_t where, uint64_t offset)
{
	char path[PATH_BUF];
	struct fs_entry *e;
	int n = normalise(name, namelen, path, sizeof(path));

	if (memchr(name, '\0', namelen) != NULL)
		n = -1;
	if (n != 0) {
		char shown[256];
		size_t k = namelen < sizeof(shown) - 1 ? namelen : sizeof(shown) - 1;

		memcpy(shown, name, k);
		shown[k] = '\0';
		if (fstree_problem(t, shown, n == 1 ? "name climbs out of the root (\"..\"); left out" :
		    n == 2 ? "absolute name; read relative to the root" :
		    "name too long or holds a NUL byte; left out", offset) != 0)
			return -1;
		if (n != 2)
			return 0;
	}
	if (t->n >= FSTREE_MAX_ENTRIES)
		return -1;
	if (t->n == t->cap) {
		size_t c = t->cap ? t->cap * 2 : 256;

		if ((e = realloc(t->e, c * sizeof(*e))) == NULL)
			return -1;
		t->e = e;
		t->cap = c;
	}
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	if ((e->path = strdup(path)) == NULL)
		return -1;
	if (link != NULL && (e->link = dup_n(link, linklen)) == NULL) {
		free(e->path);
		return -1;
	}
	e->type = (uint8_t)type;
	e->mode = mode & 07777;
	e->uid = uid;
	e->gid = gid;
	e->size = size;
	e->where = where;
	t->n++;
	if (type == FS_REG)
		t->file_bytes += size;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct fs_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	/* stable on ties: the later one last */
	return c ? c : (x < y ? -1 : x > y);
}

void
fstree_finish(struct fstree *t)
{
	size_t w = 0;

	if (t->n == 0)
		return;
	qsort(t->e, t->n, sizeof(*t->e), cmp_entry);
	for (size_t i = 0; i < t->n; i++) {
		if (i + 1 < t->n && strcmp(t->e[i].path, t->e[i + 1].path) == 0) {
			free(t->e[i].path);
			free(t->e[i].link);
			continue;
		}
		t->e[w++] = t->e[i];
	}
	t->n = w;
}

const struct fs_entry *
fstree_get(const struct fstree *t, const char *path)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, t->e[mid].path);

		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Replaces the work list with prefix + "/" + rest. */
static bool
splice(char *work, const char *prefix, const char *rest)
{
	char tmp[PATH_BUF];
	int n = snprintf(tmp, sizeof(tmp), "%s/%s", prefix, rest);

	if (n < 0 || (size_t)n >= sizeof(tmp))
		return false;
	memcpy(work, tmp, (size_t)n + 1);
	return true;
}

static void
pop(char *res)
{
	char *s = strrchr(res, '/');

	if (s != NULL)
		*s = '\0';
	else
		res[0] = '\0';
}

enum fs_resolve
fstree_resolve(const struct fstree *t, const char *path, bool follow,
    const struct fs_entry **out, char *final, size_t finalsz)
{
	char work[PATH_BUF], res[PATH_BUF] = "";
	const char *p;
	int links = 0;

	*out = NULL;
	if (strlen(path) >= sizeof(work))
		return FSR_TOO_LONG;
	strcpy(work, path);
	p = work;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *rest = end ? end + 1 : "";
		const struct fs_entry *e;
		size_t rl = strlen(res);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			p = rest;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			pop(res);
			p = rest;
			continue;
		}
		if (rl + 1 + n + 1 > sizeof(res))
			return FSR_TOO_LONG;
		if (rl)
			res[rl++] = '/';
		memcpy(res + rl, p, n);
		res[rl + n] = '\0';
		if ((e = fstree_get(t, res)) == NULL) {
			if (final)
				snprintf(final, finalsz, "%s", res);
			return FSR_MISSING;
		}
		if ((e->type == FS_LNK && (*rest || follow)) || e->type == FS_HARDLINK) {
			char target[PATH_BUF];

			if (++links > MAX_LINKS)
				return FSR_LOOP;
			snprintf(target, sizeof(target), "%s", e->link ? e->link : "");
			pop(res);
			if (target[0] == '/' || e->type == FS_HARDLINK)
				res[0] = '\0';
			if (!splice(work, target, rest))
				return FSR_TOO_LONG;
			p = work;
			continue;
		}
		if (*rest && e->type != FS_DIR) {
			if (final)
				snprintf(final, finalsz, "%s", res);
			return FSR_MISSING;
		}
		p = rest;
	}
	if (final)
		snprintf(final, finalsz, "%s", res);
	*out = fstree_get(t, res);
	return FSR_OK;
}

const char *
fstree_resolve_str(enum fs_resolve r)
{
	switch (r) {
	case FSR_OK: return "found";
	case FSR_MISSING: return "not in the image";
	case FSR_LOOP: return "symbolic link loop";
	case FSR_TOO_LONG: return "path too long";
	}
	return "?";
}

static const char *
type_name(uint8_t type)
{
	static const char *const names[] = { "regular file", "directory", "symbolic link",
		"character device", "block device", "FIFO", "socket", "hard link" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "special file";
}

int
fstree_read(const struct fstree *t, const char *path, size_t max, uint8_t **out,
    size_t *len, const char **why, struct fw_err *err)
{
	const struct fs_entry *e;
	enum fs_resolve r = fstree_resolve(t, path, true, &e, NULL, 0);

	*out = NULL;
	*len = 0;
	if (r != FSR_OK || e == NULL) {
		*why = r == FSR_OK ? "not in the image" : fstree_resolve_str(r);
		return 1;
	}
	if (e->type != FS_REG) {
		*why = type_name(e->type);
		return 1;
	}
	if (e->size > max) {
		*why = "larger than fwaudit reads";
		return 1;
	}
	return t->read(t, e, max, out, len, err) == 0 ? 0 : -1;
}

int
fstree_head(const struct fstree *t, const struct fs_entry *e, uint8_t *buf, size_t n,
    size_t *got, struct fw_err *err)
{
	uint8_t *b;
	size_t len;

	*got = 0;
	if (t->head != NULL)
		return t->head(t, e, buf, n, got, err);
	if (t->read(t, e, (size_t)e->size, &b, &len, err) != 0)
		return -1;
	*got = len < n ? len : n;
	memcpy(buf, b, *got);
	free(b);
	return 0;
}
