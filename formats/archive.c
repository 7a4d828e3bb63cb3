#include "formats/archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"

#define TAR_BLOCK 512

struct membuf {
	const uint8_t *buf;
	size_t len;
};

static int
mem_read(const struct fstree *t, const struct fs_entry *e, size_t max, uint8_t **out,
    size_t *len, struct fw_err *err)
{
	const struct membuf *m = t->ctx;
	struct reader r;
	const uint8_t *p;
	uint8_t *b;

	rd_init(&r, m->buf, m->len);
	if (e->size > max || rd_seek(&r, (size_t)e->where) != 0 || rd_ptr(&r, &p, (size_t)e->size) != 0)
		return err_set(err, t->src, (size_t)e->where, "%s: member data runs past the "
		    "end of the archive", e->path);
	if ((b = malloc((size_t)e->size + 1)) == NULL)
		return err_internal(err, t->src, "out of memory");
	memcpy(b, p, (size_t)e->size);
	b[e->size] = '\0';
	*out = b;
	*len = (size_t)e->size;
	return 0;
}

static int
mem_head(const struct fstree *t, const struct fs_entry *e, uint8_t *buf, size_t n, size_t *got,
    struct fw_err *err)
{
	const struct membuf *m = t->ctx;
	struct reader r;
	const uint8_t *p;
	size_t k = e->size < n ? (size_t)e->size : n;

	rd_init(&r, m->buf, m->len);
	if (rd_seek(&r, (size_t)e->where) != 0 || rd_ptr(&r, &p, k) != 0)
		return err_set(err, t->src, (size_t)e->where, "%s: member data runs past the "
		    "end of the archive", e->path);
	memcpy(buf, p, k);
	*got = k;
	return 0;
}

static int
use_membuf(struct fstree *t, const uint8_t *buf, size_t len, struct fw_err *err)
{
	struct membuf *m = malloc(sizeof(*m));

	if (m == NULL)
		return err_internal(err, t->src, "out of memory");
	m->buf = buf;
	m->len = len;
	t->ctx = m;
	t->read = mem_read;
	t->head = mem_head;
	t->release = free;
	return 0;
}

/* Octal (NUL/space ended), or GNU base-256 when the top bit is set. */
static bool
tar_num(const uint8_t *p, size_t n, uint64_t *v)
{
	size_t i = 0;

	*v = 0;
	if (n && (p[0] & 0x80)) {
		if ((p[0] & 0x7f) != 0)
			return false;
		for (i = 1; i < n; i++) {
			if (*v >> 56)
				return false;
			*v = *v << 8 | p[i];
		}
		return true;
	}
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (*v >> 60)
			return false;
		*v = *v << 3 | (uint64_t)(p[i] - '0');
	}
	return i == n || p[i] == '\0' || p[i] == ' ';
}

static bool
tar_checksum_ok(const uint8_t *h)
{
	uint64_t want;
	unsigned sum = 0;

	if (!tar_num(h + 148, 8, &want))
		return false;
	for (int i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

bool
tar_probe(const uint8_t *p, size_t n)
{
	return n >= TAR_BLOCK && p[0] != '\0' && tar_checksum_ok(p);
}

static enum fs_type
tar_type(uint8_t c)
{
	switch (c) {
	case '1': return FS_HARDLINK;
	case '2': return FS_LNK;
	case '3': return FS_CHR;
	case '4': return FS_BLK;
	case '5': return FS_DIR;
	case '6': return FS_FIFO;
	}
	return FS_REG;
}

/* pax records "LEN key=value\n": path, linkpath and size override the header. */
static void
pax_parse(const uint8_t *p, size_t n, char *path, size_t psz, char *link, size_t lsz,
    uint64_t *size, bool *have_size)
{
	size_t i = 0;

	while (i < n) {
		size_t len = 0, j = i;
		const uint8_t *kv, *eq;

		while (j < n && p[j] >= '0' && p[j] <= '9' && len < n)
			len = len * 10 + (size_t)(p[j++] - '0');
		if (j >= n || p[j] != ' ' || len <= j - i + 1 || len > n - i)
			return;
		kv = p + j + 1;
		eq = memchr(kv, '=', (size_t)(p + i + len - kv));
		if (eq != NULL) {
			size_t kl = (size_t)(eq - kv), vl = (size_t)(p + i + len - 1 - (eq + 1));

			if (kl == 4 && memcmp(kv, "path", 4) == 0 && vl < psz)
				snprintf(path, psz, "%.*s", (int)vl, (const char *)eq + 1);
			else if (kl == 8 && memcmp(kv, "linkpath", 8) == 0 && vl < lsz)
				snprintf(link, lsz, "%.*s", (int)vl, (const char *)eq + 1);
			else if (kl == 4 && memcmp(kv, "size", 4) == 0) {
				uint64_t v = 0;

				for (size_t k = 0; k < vl && eq[1 + k] >= '0' && eq[1 + k] <= '9'; k++)
					v = v * 10 + (uint64_t)(eq[1 + k] - '0');
				*size = v;
				*have_size = true;
			}
		}
		i += len;
	}
}

struct tar_next {
	char path[4096], link[4096];
	uint64_t size;
	bool have_size;
};

static void
tar_field(char *dst, size_t dsz, const uint8_t *p, size_t n)
{
	size_t k = strnlen((const char *)p, n);

	snprintf(dst, dsz, "%.*s", (int)k, (const char *)p);
}

/* One header at off; 1 at the end of the archive. */
/* The archive cannot be read past off: a problem, and the tree is
 * incomplete (what it lacks is unknown, never absent). 1, or -1 when out of
 * memory. */
static int
archive_stops(struct fstree *t, const char *what, size_t off)
{
	t->incomplete = true;
	return fstree_problem(t, "(archive)", what, off) ? -1 : 1;
}

static int
tar_member(struct fstree *t, struct reader *r, struct tar_next *nx, struct fw_err *err)
{
	const uint8_t *h, *data;
	uint64_t size, mode, uid, gid;
	size_t off = r->off, padded;
	char name[4096], link[4096];

	if (rd_ptr(r, &h, TAR_BLOCK) != 0)
		return archive_stops(t, "ends inside a header (truncated)", off);
	if (bytes_all(h, TAR_BLOCK, 0))
		return 1;
	if (!tar_checksum_ok(h) || !tar_num(h + 124, 12, &size) || !tar_num(h + 100, 8, &mode))
		return archive_stops(t, "header checksum or size field damaged; "
		    "the rest is not read", off);
	if (!tar_num(h + 108, 8, &uid))
		uid = 0;
	if (!tar_num(h + 116, 8, &gid))
		gid = 0;
	if (nx->have_size)
		size = nx->size;
	padded = (size_t)((size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK);
	if (size > rd_left(r) || padded > rd_left(r)) {
		if (size > rd_left(r))
			return archive_stops(t, "member data runs past the end "
			    "(truncated)", off);
		padded = rd_left(r);
	}
	rd_ptr(r, &data, padded);
	if (h[156] == 'L' || h[156] == 'K' || h[156] == 'x' || h[156] == 'g') {
		if (h[156] == 'L')
			snprintf(nx->path, sizeof(nx->path), "%.*s", (int)strnlen((const char *)data,
			    (size_t)size), (const char *)data);
		else if (h[156] == 'K')
			snprintf(nx->link, sizeof(nx->link), "%.*s", (int)strnlen((const char *)data,
			    (size_t)size), (const char *)data);
		else if (h[156] == 'x')
			pax_parse(data, (size_t)size, nx->path, sizeof(nx->path), nx->link,
			    sizeof(nx->link), &nx->size, &nx->have_size);
		return 0;
	}
	if (nx->path[0])
		snprintf(name, sizeof(name), "%s", nx->path);
	else if (memcmp(h + 257, "ustar", 5) == 0 && h[345]) {
		char pre[156], nm[101];

		tar_field(pre, sizeof(pre), h + 345, 155);
		tar_field(nm, sizeof(nm), h, 100);
		snprintf(name, sizeof(name), "%s/%s", pre, nm);
	} else
		tar_field(name, sizeof(name), h, 100);
	if (nx->link[0])
		snprintf(link, sizeof(link), "%s", nx->link);
	else
		tar_field(link, sizeof(link), h + 157, 100);
	memset(nx, 0, sizeof(*nx));
	{
		enum fs_type ty = tar_type(h[156]);
		bool has_link = ty == FS_LNK || ty == FS_HARDLINK;

		if (fstree_add(t, name, strlen(name), ty, (uint32_t)mode, (uint32_t)uid, (uint32_t)gid,
		    ty == FS_REG ? size : has_link ? strlen(link) : 0, has_link ? link : NULL,
		    strlen(link), (uint64_t)(data - r->base), off) != 0)
			return err_internal(err, t->src, "out of memory or more than %d entries",
			    FSTREE_MAX_ENTRIES);
	}
	return 0;
}

int
tar_index(struct fstree *t, const uint8_t *buf, size_t len, struct fw_err *err)
{
	struct reader r;
	struct tar_next *nx = calloc(1, sizeof(*nx));
	int rc;

	if (nx == NULL || use_membuf(t, buf, len, err) != 0) {
		free(nx);
		return err_internal(err, t->src, "out of memory");
	}
	rd_init(&r, buf, len);
	while ((rc = tar_member(t, &r, nx, err)) == 0)
		;
	free(nx);
	if (rc < 0)
		return -1;
	fstree_finish(t);
	return 0;
}

bool
cpio_probe(const uint8_t *p, size_t n)
{
	return n >= 110 && (memcmp(p, "070701", 6) == 0 || memcmp(p, "070702", 6) == 0);
}

static bool
hex8(const uint8_t *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 8; i++) {
		int c = p[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
		    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return false;
		*v = *v << 4 | (uint32_t)d;
	}
	return true;
}

static enum fs_type
mode_type(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0040000: return FS_DIR;
	case 0120000: return FS_LNK;
	case 0020000: return FS_CHR;
	case 0060000: return FS_BLK;
	case 0010000: return FS_FIFO;
	case 0140000: return FS_SOCK;
	}
	return FS_REG;
}

/* One newc member; 1 at TRAILER!!! or the end. */
static int
cpio_member(struct fstree *t, struct reader *r, struct fw_err *err)
{
	const uint8_t *h, *name, *data;
	uint32_t f[13];
	size_t off = r->off;
	enum fs_type ty;

	if (rd_left(r) == 0)
		return 1;
	if (rd_ptr(r, &h, 110) != 0 || !cpio_probe(h, 110))
		return archive_stops(t, "not a newc header (damaged or truncated); "
		    "the rest is not read", off);
	for (int i = 0; i < 13; i++)
		if (!hex8(h + 6 + 8 * i, &f[i]))
			return archive_stops(t, "header field not hexadecimal", off);
	/* f: ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj rdevmin namesize check */
	if (f[11] == 0 || rd_ptr(r, &name, f[11]) != 0 ||
	    rd_skip(r, (4 - (110 + f[11]) % 4) % 4) != 0 || rd_ptr(r, &data, f[6]) != 0)
		return archive_stops(t, "member runs past the end (truncated)", off);
	rd_skip(r, (4 - f[6] % 4) % 4);
	if (f[11] == 11 && memcmp(name, "TRAILER!!!", 10) == 0)
		return 1;
	ty = mode_type(f[1]);
	if (fstree_add(t, (const char *)name, strnlen((const char *)name, f[11]), ty, f[1], f[2],
	    f[3], ty == FS_REG || ty == FS_LNK ? f[6] : 0, ty == FS_LNK ? (const char *)data : NULL,
	    f[6], (uint64_t)(data - r->base), off) != 0)
		return err_internal(err, t->src, "out of memory or more than %d entries",
		    FSTREE_MAX_ENTRIES);
	return 0;
}

int
cpio_index(struct fstree *t, const uint8_t *buf, size_t len, struct fw_err *err)
{
	struct reader r;
	int rc;

	if (use_membuf(t, buf, len, err) != 0)
		return -1;
	rd_init(&r, buf, len);
	while ((rc = cpio_member(t, &r, err)) == 0)
		;
	if (rc < 0)
		return -1;
	fstree_finish(t);
	return 0;
}
