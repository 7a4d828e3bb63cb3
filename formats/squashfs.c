#include "formats/squashfs.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/decomp.h"
#include "util/reader.h"

#define META_SIZE 8192
#define META_MAX_BYTES ((size_t)256 << 20)	/* decompressed inode or directory table */
#define MAX_DEPTH 128
#define SQFS_MAGIC 0x73717368u
#define INVALID_FRAG 0xFFFFFFFFu
#define BLOCK_UNCOMPRESSED (1u << 24)
/* Decompressed fragment blocks kept for the other files that share them */
#define FRAG_CACHE_MAX ((size_t)64 << 20)

/* A metadata table decompressed whole, with where each block began. */
struct meta {
	uint8_t *buf;
	size_t len;
	uint64_t *cpos;		/* block's position relative to the table start */
	size_t *upos;		/* and where its bytes are in buf */
	size_t nblk;
};

struct sqfs {
	struct reader img;	/* from the superblock to the input's end */
	size_t base;		/* of the superblock in the input */
	struct sqfs_super sb;
	enum decomp_kind comp;
	struct meta inodes, dirs;
	uint64_t *frag_start;
	uint32_t *frag_size;
	/* Each fragment block decompressed once: many small files share one,
	 * and the readers run on several threads, so the first to finish
	 * publishes it (compare-and-swap) and a loser frees its copy. */
	struct frag { uint8_t *buf; size_t len; } *_Atomic *frag_cache;
	atomic_size_t frag_cached;	/* bytes, against FRAG_CACHE_MAX */
	uint32_t *ids;
	size_t visited;		/* inodes walked, against a hostile directory graph */
};

bool
sqfs_probe(const uint8_t *p, size_t n, struct sqfs_super *sb)
{
	struct reader r;

	rd_init(&r, p, n);
	if (n < SQFS_SUPER_LEN || ld_le32(p) != SQFS_MAGIC)
		return false;
	rd_skip(&r, 4);
	rd_u32le(&r, &sb->inodes);
	rd_u32le(&r, &sb->mkfs_time);
	rd_u32le(&r, &sb->block_size);
	rd_u32le(&r, &sb->fragments);
	rd_u16le(&r, &sb->compression);
	rd_u16le(&r, &sb->block_log);
	rd_u16le(&r, &sb->flags);
	rd_u16le(&r, &sb->ids);
	rd_u16le(&r, &sb->major);
	rd_u16le(&r, &sb->minor);
	rd_u64le(&r, &sb->root_inode);
	rd_u64le(&r, &sb->bytes_used);
	rd_u64le(&r, &sb->id_table);
	rd_u64le(&r, &sb->xattr_table);
	rd_u64le(&r, &sb->inode_table);
	rd_u64le(&r, &sb->dir_table);
	rd_u64le(&r, &sb->frag_table);
	rd_u64le(&r, &sb->export_table);
	return sb->major == 4 && sb->minor == 0 && sb->block_log >= 12 && sb->block_log <= 20 &&
	    sb->block_size == 1u << sb->block_log && sb->inode_table >= SQFS_SUPER_LEN &&
	    sb->inode_table < sb->dir_table && sb->dir_table <= sb->bytes_used &&
	    sb->id_table < sb->bytes_used;
}

const char *
sqfs_compression_name(uint16_t id)
{
	static const char *const names[] = { "?", "gzip", "lzma", "lzo", "xz", "lz4", "zstd" };

	return id < sizeof(names) / sizeof(names[0]) ? names[id] : "unknown";
}

static int
fail(struct sqfs *s, struct fw_err *err, const char *src, uint64_t pos, const char *what)
{
	return err_set(err, src, (size_t)(s->base + pos), "SquashFS: %s", what);
}

/* One metadata block at pos: its bytes into dst (META_SIZE), *next after it. */
static int
meta_block(struct sqfs *s, uint64_t pos, uint8_t *dst, size_t *got, uint64_t *next,
    const char *src, struct fw_err *err)
{
	struct reader r = s->img;
	uint16_t h;
	const uint8_t *p;
	size_t n;
	const char *why = NULL;

	if (pos > s->img.len || rd_seek(&r, (size_t)pos) != 0 || rd_u16le(&r, &h) != 0)
		return fail(s, err, src, pos, "metadata block header past the end of the image");
	n = h & 0x7FFF;
	if (n == 0 || n > META_SIZE || rd_ptr(&r, &p, n) != 0)
		return fail(s, err, src, pos, "metadata block length runs past the end or is out of range");
	*next = pos + 2 + n;
	if (h & 0x8000) {
		memcpy(dst, p, n);
		*got = n;
		return 0;
	}
	if (decomp_buf(s->comp, p, n, dst, META_SIZE, got, &why) != 0) {
		char m[160];

		snprintf(m, sizeof(m), "metadata block: %s", why);
		return fail(s, err, src, pos, m);
	}
	return 0;
}

static int
meta_table(struct sqfs *s, struct meta *m, uint64_t start, uint64_t end, const char *src,
    struct fw_err *err)
{
	uint64_t pos = start;
	size_t cap = 0, bcap = 0;

	while (pos < end) {
		uint64_t next;
		size_t got;

		if (m->len + META_SIZE > cap) {
			size_t c = cap ? cap * 2 : 64 * 1024;
			uint8_t *b;

			if (c > META_MAX_BYTES + META_SIZE || (b = realloc(m->buf, c)) == NULL)
				return fail(s, err, src, pos, "metadata table larger than fwaudit reads");
			m->buf = b;
			cap = c;
		}
		if (m->nblk == bcap) {
			size_t c = bcap ? bcap * 2 : 64;
			uint64_t *cp = realloc(m->cpos, c * sizeof(*cp));
			size_t *up;

			if (cp == NULL)
				return err_internal(err, src, "out of memory");
			m->cpos = cp;
			if ((up = realloc(m->upos, c * sizeof(*up))) == NULL)
				return err_internal(err, src, "out of memory");
			m->upos = up;
			bcap = c;
		}
		if (meta_block(s, pos, m->buf + m->len, &got, &next, src, err) != 0)
			return -1;
		m->cpos[m->nblk] = pos - start;
		m->upos[m->nblk++] = m->len;
		m->len += got;
		pos = next;
	}
	return 0;
}

/* The byte in a table a (block, offset) reference names, with at least
 * need bytes after it; NULL if none. */
static const uint8_t *
meta_at(const struct meta *m, uint64_t block, size_t offset, size_t need, size_t *avail)
{
	size_t lo = 0, hi = m->nblk, u;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->cpos[mid] == block) {
			lo = mid;
			goto found;
		}
		if (m->cpos[mid] < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
found:
	u = m->upos[lo] + offset;
	if (u > m->len || m->len - u < need)
		return NULL;
	*avail = m->len - u;
	return m->buf + u;
}

/* An array of n entries of size es stored in metadata blocks that an
 * array of u64 pointers at table lists (fragment and id tables). */
static int
indexed_table(struct sqfs *s, uint64_t table, size_t n, size_t es, uint8_t **out,
    const char *src, struct fw_err *err)
{
	size_t bytes = n * es, nptr = (bytes + META_SIZE - 1) / META_SIZE, have = 0;
	uint8_t *buf = malloc(nptr * META_SIZE + 1);
	struct reader r = s->img;

	*out = buf;
	if (buf == NULL)
		return err_internal(err, src, "out of memory");
	if (table > s->img.len || rd_seek(&r, (size_t)table) != 0 || rd_left(&r) / 8 < nptr)
		return fail(s, err, src, table, "lookup table past the end of the image");
	for (size_t i = 0; i < nptr; i++) {
		uint64_t ptr, next;
		size_t got;

		rd_u64le(&r, &ptr);
		if (meta_block(s, ptr, buf + have, &got, &next, src, err) != 0)
			return -1;
		have += got;
	}
	if (have < bytes)
		return fail(s, err, src, table, "lookup table shorter than its entry count");
	return 0;
}

static int
load_tables(struct sqfs *s, const char *src, struct fw_err *err)
{
	uint64_t dir_end = s->sb.bytes_used;
	uint8_t *raw;
	struct reader r = s->img;
	uint64_t first;

	/* The directory table ends where the next table's blocks begin. */
	if (s->sb.fragments > 0 && s->sb.frag_table < s->img.len &&
	    rd_seek(&r, (size_t)s->sb.frag_table) == 0 && rd_u64le(&r, &first) == 0 &&
	    first > s->sb.dir_table && first < dir_end)
		dir_end = first;
	r = s->img;
	if (rd_seek(&r, (size_t)s->sb.id_table) == 0 && rd_u64le(&r, &first) == 0 &&
	    first > s->sb.dir_table && first < dir_end)
		dir_end = first;
	if (s->sb.export_table != UINT64_MAX && s->sb.export_table > s->sb.dir_table &&
	    s->sb.export_table < dir_end)
		dir_end = s->sb.export_table;
	if (s->sb.frag_table != UINT64_MAX && s->sb.frag_table > s->sb.dir_table &&
	    s->sb.frag_table < dir_end)
		dir_end = s->sb.frag_table;
	if (meta_table(s, &s->inodes, s->sb.inode_table, s->sb.dir_table, src, err) != 0 ||
	    meta_table(s, &s->dirs, s->sb.dir_table, dir_end, src, err) != 0)
		return -1;
	if (indexed_table(s, s->sb.id_table, s->sb.ids, 4, &raw, src, err) != 0) {
		free(raw);
		return -1;
	}
	s->ids = (uint32_t *)(void *)raw;	/* little-endian host assumed below */
	for (size_t i = 0; i < s->sb.ids; i++)
		s->ids[i] = ld_le32(raw + 4 * i);
	if (s->sb.fragments == 0)
		return 0;
	if (indexed_table(s, s->sb.frag_table, s->sb.fragments, 16, &raw, src, err) != 0) {
		free(raw);
		return -1;
	}
	s->frag_start = calloc(s->sb.fragments, sizeof(*s->frag_start));
	s->frag_size = calloc(s->sb.fragments, sizeof(*s->frag_size));
	s->frag_cache = calloc(s->sb.fragments, sizeof(*s->frag_cache));
	if (s->frag_start == NULL || s->frag_size == NULL || s->frag_cache == NULL) {
		free(raw);
		return err_internal(err, src, "out of memory");
	}
	for (size_t i = 0; i < s->sb.fragments; i++) {
		s->frag_start[i] = ld_le32(raw + 16 * i) | (uint64_t)ld_le32(raw + 16 * i + 4) << 32;
		s->frag_size[i] = ld_le32(raw + 16 * i + 8);
	}
	free(raw);
	return 0;
}

struct ino {
	uint16_t type, mode;
	uint32_t uid, gid, number;
	uint64_t size;
	uint32_t dir_block, dir_size;
	uint16_t dir_offset;
	uint64_t blocks_start;
	uint32_t frag, frag_off;
	const uint8_t *sizes;
	size_t nblocks;
	const uint8_t *target;
	uint32_t target_len;
};

static const char *
parse_file(struct sqfs *s, struct reader *r, struct ino *i, bool ext)
{
	uint32_t v32, size32;
	uint64_t sparse;

	if (ext) {
		if (rd_u64le(r, &i->blocks_start) || rd_u64le(r, &i->size) ||
		    rd_u64le(r, &sparse) || rd_u32le(r, &v32) || rd_u32le(r, &i->frag) ||
		    rd_u32le(r, &i->frag_off) || rd_u32le(r, &v32))
			return "file inode truncated";
	} else {
		if (rd_u32le(r, &v32) || rd_u32le(r, &i->frag) || rd_u32le(r, &i->frag_off) ||
		    rd_u32le(r, &size32))
			return "file inode truncated";
		i->blocks_start = v32;
		i->size = size32;
	}
	i->nblocks = (size_t)(i->size >> s->sb.block_log);
	if (i->frag == INVALID_FRAG && (i->size & (s->sb.block_size - 1)))
		i->nblocks++;
	if (i->frag != INVALID_FRAG && i->frag >= s->sb.fragments)
		return "file names a fragment past the fragment table";
	if (rd_left(r) / 4 < i->nblocks || rd_ptr(r, &i->sizes, i->nblocks * 4) != 0)
		return "file inode's block list truncated";
	return NULL;
}

static const char *
parse_inode(struct sqfs *s, uint64_t ref, struct ino *i)
{
	size_t avail;
	const uint8_t *p = meta_at(&s->inodes, ref >> 16, ref & 0xFFFF, 16, &avail);
	struct reader r;
	uint16_t uidx, gidx, v16;
	uint32_t v32;

	memset(i, 0, sizeof(*i));
	if (p == NULL)
		return "inode reference outside the inode table";
	rd_init(&r, p, avail);
	rd_u16le(&r, &i->type);
	rd_u16le(&r, &i->mode);
	rd_u16le(&r, &uidx);
	rd_u16le(&r, &gidx);
	rd_u32le(&r, &v32);
	rd_u32le(&r, &i->number);
	if (uidx >= s->sb.ids || gidx >= s->sb.ids)
		return "inode owner outside the id table";
	i->uid = s->ids[uidx];
	i->gid = s->ids[gidx];
	switch (i->type) {
	case 1:
		if (rd_u32le(&r, &i->dir_block) || rd_u32le(&r, &v32) || rd_u16le(&r, &v16) ||
		    rd_u16le(&r, &i->dir_offset))
			return "directory inode truncated";
		i->dir_size = v16;
		return NULL;
	case 8:
		if (rd_u32le(&r, &v32) || rd_u32le(&r, &i->dir_size) ||
		    rd_u32le(&r, &i->dir_block) || rd_u32le(&r, &v32) || rd_u16le(&r, &v16) ||
		    rd_u16le(&r, &i->dir_offset))
			return "directory inode truncated";
		return NULL;
	case 2: case 9:
		return parse_file(s, &r, i, i->type == 9);
	case 3: case 10:
		if (rd_u32le(&r, &v32) || rd_u32le(&r, &i->target_len) ||
		    i->target_len > 4096 || rd_ptr(&r, &i->target, i->target_len))
			return "symbolic link inode truncated or target too long";
		i->size = i->target_len;
		return NULL;
	case 4: case 5: case 6: case 7: case 11: case 12: case 13: case 14:
		return NULL;
	}
	return "unknown inode type";
}

static enum fs_type
ino_type(uint16_t t)
{
	switch (t) {
	case 1: case 8: return FS_DIR;
	case 2: case 9: return FS_REG;
	case 3: case 10: return FS_LNK;
	case 4: case 11: return FS_BLK;
	case 5: case 12: return FS_CHR;
	case 6: case 13: return FS_FIFO;
	}
	return FS_SOCK;
}

struct walk {
	struct sqfs *s;
	struct fstree *t;
	uint8_t *seen_dirs;	/* bitmap by inode number */
	struct fw_err *err;
};

static int walk_dir(struct walk *w, const struct ino *dir, const char *path, int depth);

static int
walk_entry(struct walk *w, uint64_t ref, const char *name, size_t nlen, const char *path,
    int depth)
{
	char full[4096];
	struct ino i;
	const char *bad;
	int n = snprintf(full, sizeof(full), "%s%s%.*s", path, *path ? "/" : "", (int)nlen, name);

	if (n < 0 || (size_t)n >= sizeof(full))
		return fstree_problem(w->t, path, "path too long; left out", UINT64_MAX);
	if (memchr(name, '/', nlen) != NULL || memchr(name, '\0', nlen) != NULL ||
	    (nlen == 1 && name[0] == '.') || (nlen == 2 && name[0] == '.' && name[1] == '.'))
		return fstree_problem(w->t, full, "directory entry name is '.', '..' or holds "
		    "'/' or NUL; left out", UINT64_MAX);
	if ((bad = parse_inode(w->s, ref, &i)) != NULL)
		return fstree_problem(w->t, full, bad, UINT64_MAX);
	if (fstree_add(w->t, full, (size_t)n, ino_type(i.type), i.mode, i.uid, i.gid, i.size,
	    (const char *)i.target, i.target_len, ref, UINT64_MAX) != 0)
		return err_internal(w->err, w->t->src, "out of memory or more than %d entries",
		    FSTREE_MAX_ENTRIES);
	return ino_type(i.type) == FS_DIR ? walk_dir(w, &i, full, depth + 1) : 0;
}

static int
walk_dir(struct walk *w, const struct ino *dir, const char *path, int depth)
{
	size_t avail;
	const uint8_t *p;
	struct reader r;

	if (depth > MAX_DEPTH)
		return fstree_problem(w->t, path, "directories nested too deep; not walked", UINT64_MAX);
	if (dir->number == 0 || dir->number > w->s->sb.inodes ||
	    (w->seen_dirs[dir->number / 8] & (1u << (dir->number % 8))))
		return fstree_problem(w->t, path, "directory inode met twice (a loop); not walked again",
		    UINT64_MAX);
	w->seen_dirs[dir->number / 8] |= (uint8_t)(1u << (dir->number % 8));
	if (dir->dir_size <= 3)
		return 0;
	if ((p = meta_at(&w->s->dirs, dir->dir_block, dir->dir_offset, dir->dir_size - 3,
	    &avail)) == NULL)
		return fstree_problem(w->t, path, "directory listing outside the directory table",
		    UINT64_MAX);
	rd_init(&r, p, dir->dir_size - 3);
	while (rd_left(&r) > 0) {
		uint32_t count, start, inum;

		if (rd_u32le(&r, &count) || rd_u32le(&r, &start) || rd_u32le(&r, &inum) ||
		    count >= 256)
			return fstree_problem(w->t, path, "directory header damaged", UINT64_MAX);
		for (uint32_t k = 0; k <= count; k++) {
			uint16_t off, type, nsz;
			int16_t delta;
			const uint8_t *name;

			if (rd_u16le(&r, &off) || rd_u16le(&r, (uint16_t *)&delta) ||
			    rd_u16le(&r, &type) || rd_u16le(&r, &nsz) ||
			    rd_ptr(&r, &name, (size_t)nsz + 1))
				return fstree_problem(w->t, path, "directory entry truncated", UINT64_MAX);
			if (walk_entry(w, (uint64_t)start << 16 | off, (const char *)name,
			    (size_t)nsz + 1, path, depth) != 0)
				return -1;
		}
	}
	return 0;
}

/* One data block (size word as stored) at pos into dst; *got its bytes. */
static int
data_block(struct sqfs *s, uint64_t pos, uint32_t word, uint8_t *dst, size_t cap,
    size_t *got, const char *src, struct fw_err *err)
{
	size_t n = word & (BLOCK_UNCOMPRESSED - 1);
	struct reader r = s->img;
	const uint8_t *p;
	const char *why;

	if (pos > s->img.len || rd_seek(&r, (size_t)pos) != 0 || rd_ptr(&r, &p, n) != 0)
		return fail(s, err, src, pos, "data block runs past the end of the image");
	if (word & BLOCK_UNCOMPRESSED) {
		if (n > cap)
			return fail(s, err, src, pos, "uncompressed data block larger than the block size");
		memcpy(dst, p, n);
		*got = n;
		return 0;
	}
	if (decomp_buf(s->comp, p, n, dst, cap, got, &why) != 0) {
		char m[160];

		snprintf(m, sizeof(m), "data block: %s", why);
		return fail(s, err, src, pos, m);
	}
	return 0;
}

static int
read_blocks(struct sqfs *s, const struct ino *i, uint8_t *out, const char *src,
    struct fw_err *err)
{
	uint64_t pos = i->blocks_start, done = 0;

	for (size_t b = 0; b < i->nblocks; b++) {
		uint32_t word = ld_le32(i->sizes + 4 * b);
		size_t want = i->size - done < s->sb.block_size ? (size_t)(i->size - done) :
		    s->sb.block_size, got = 0;

		if ((word & (BLOCK_UNCOMPRESSED - 1)) == 0)	/* sparse */
			memset(out + done, 0, got = want);
		else if (data_block(s, pos, word, out + done, want, &got, src, err) != 0)
			return -1;
		if (got != want)
			return fail(s, err, src, pos, "data block holds fewer bytes than the file needs");
		pos += word & (BLOCK_UNCOMPRESSED - 1);
		done += got;
	}
	return 0;
}

/* Fragment block k, decompressed: from the cache, or decoded and (within
 * FRAG_CACHE_MAX) published there; *owned when the caller must free it. */
static int
fragment(struct sqfs *s, uint32_t k, struct frag *out, bool *owned, const char *src,
    struct fw_err *err)
{
	struct frag *f = atomic_load(&s->frag_cache[k]), *none = NULL;
	size_t bs = s->sb.block_size;

	*owned = false;
	if (f != NULL) {
		*out = *f;
		return 0;
	}
	if ((out->buf = malloc(bs)) == NULL)
		return err_internal(err, src, "out of memory");
	if (data_block(s, s->frag_start[k], s->frag_size[k], out->buf, bs, &out->len, src,
	    err) != 0) {
		free(out->buf);
		return -1;
	}
	*owned = true;
	if (atomic_fetch_add(&s->frag_cached, bs) + bs > FRAG_CACHE_MAX ||
	    (f = malloc(sizeof(*f))) == NULL) {
		atomic_fetch_sub(&s->frag_cached, bs);
		return 0;
	}
	*f = *out;
	if (atomic_compare_exchange_strong(&s->frag_cache[k], &none, f)) {
		*owned = false;
		return 0;
	}
	free(f);		/* another thread published it first: use theirs */
	free(out->buf);
	atomic_fetch_sub(&s->frag_cached, bs);
	*owned = false;
	*out = *none;
	return 0;
}

/* The tail's bytes (or the first n of them) in its fragment: into dst. */
static int
copy_tail(struct sqfs *s, const struct ino *i, size_t tail, size_t n, uint8_t *dst,
    const char *src, struct fw_err *err)
{
	struct frag f;
	bool owned;

	if (fragment(s, i->frag, &f, &owned, src, err) != 0)
		return -1;
	if (i->frag_off > f.len || f.len - i->frag_off < tail) {
		if (owned)
			free(f.buf);
		return fail(s, err, src, s->frag_start[i->frag],
		    "fragment shorter than the file's tail");
	}
	memcpy(dst, f.buf + i->frag_off, n);
	if (owned)
		free(f.buf);
	return 0;
}

static int
read_tail(struct sqfs *s, const struct ino *i, uint8_t *out, const char *src,
    struct fw_err *err)
{
	size_t tail = (size_t)(i->size & (s->sb.block_size - 1));

	if (i->frag == INVALID_FRAG || tail == 0)
		return 0;
	return copy_tail(s, i, tail, tail, out + (i->size - tail), src, err);
}

/* A file's first bytes: its first data block, or its fragment, alone
 * (the ELF pass reads the head of every file). */
static int
sqfs_head(const struct fstree *t, const struct fs_entry *e, uint8_t *buf, size_t n,
    size_t *got, struct fw_err *err)
{
	struct sqfs *s = t->ctx;
	struct ino i;
	const char *bad = parse_inode(s, e->where, &i);
	size_t want, tail, have = 0;
	uint8_t *blk;
	uint32_t word;

	*got = 0;
	if (bad != NULL)
		return err_set(err, t->src, ERR_NO_OFFSET, "SquashFS: %s: %s", e->path, bad);
	want = i.size < n ? (size_t)i.size : n;
	if (want == 0)
		return 0;
	if (i.nblocks == 0) {
		tail = (size_t)(i.size & (s->sb.block_size - 1));
		if (i.frag == INVALID_FRAG || tail != i.size)
			return fail(s, err, t->src, s->sb.inode_table, "file has neither blocks nor a fragment");
		if (copy_tail(s, &i, tail, want, buf, t->src, err) != 0)
			return -1;
		*got = want;
		return 0;
	}
	word = ld_le32(i.sizes);
	if ((word & (BLOCK_UNCOMPRESSED - 1)) == 0) {	/* sparse */
		memset(buf, 0, want);
		*got = want;
		return 0;
	}
	if ((blk = malloc(s->sb.block_size)) == NULL)
		return err_internal(err, t->src, "out of memory");
	if (data_block(s, i.blocks_start, word, blk, s->sb.block_size, &have, t->src, err) != 0) {
		free(blk);
		return -1;
	}
	if (have < want) {
		free(blk);
		return fail(s, err, t->src, i.blocks_start, "data block holds fewer bytes than the file needs");
	}
	memcpy(buf, blk, want);
	free(blk);
	*got = want;
	return 0;
}

static int
sqfs_read(const struct fstree *t, const struct fs_entry *e, size_t max, uint8_t **out,
    size_t *len, struct fw_err *err)
{
	struct sqfs *s = t->ctx;
	struct ino i;
	const char *bad = parse_inode(s, e->where, &i);
	uint8_t *buf;

	*out = NULL;
	if (bad != NULL)
		return err_set(err, t->src, ERR_NO_OFFSET, "SquashFS: %s: %s", e->path, bad);
	if (i.size > max)
		return err_set(err, t->src, ERR_NO_OFFSET, "%s: %llu bytes, more than fwaudit reads",
		    e->path, (unsigned long long)i.size);
	if ((buf = malloc((size_t)i.size + 1)) == NULL)
		return err_internal(err, t->src, "out of memory");
	if (read_blocks(s, &i, buf, t->src, err) != 0 || read_tail(s, &i, buf, t->src, err) != 0) {
		free(buf);
		return -1;
	}
	buf[i.size] = '\0';
	*out = buf;
	*len = (size_t)i.size;
	return 0;
}

static void
sqfs_free(struct sqfs *s)
{
	if (s == NULL)
		return;
	free(s->inodes.buf);
	free(s->inodes.cpos);
	free(s->inodes.upos);
	free(s->dirs.buf);
	free(s->dirs.cpos);
	free(s->dirs.upos);
	for (size_t k = 0; s->frag_cache != NULL && k < s->sb.fragments; k++) {
		struct frag *f = atomic_load(&s->frag_cache[k]);

		if (f != NULL)
			free(f->buf);
		free(f);
	}
	free(s->frag_cache);
	free(s->frag_start);
	free(s->frag_size);
	free(s->ids);
	free(s);
}

static void
sqfs_release(void *ctx)
{
	sqfs_free(ctx);
}

static int
sqfs_walk(struct sqfs *s, struct fstree *t, struct fw_err *err)
{
	struct walk w = { s, t, calloc(s->sb.inodes / 8 + 2, 1), err };
	struct ino root;
	const char *bad;
	int rc;

	if (w.seen_dirs == NULL)
		return err_internal(err, t->src, "out of memory");
	if ((bad = parse_inode(s, s->sb.root_inode, &root)) != NULL || ino_type(root.type) != FS_DIR) {
		free(w.seen_dirs);
		return fail(s, err, t->src, s->sb.inode_table, bad ? bad : "root inode is not a directory");
	}
	fstree_add(t, "", 0, FS_DIR, root.mode, root.uid, root.gid, 0, NULL, 0,
	    s->sb.root_inode, UINT64_MAX);
	err->msg[0] = '\0';
	rc = walk_dir(&w, &root, "", 0);
	free(w.seen_dirs);
	if (rc != 0 && err->msg[0] == '\0')
		err_internal(err, t->src, "out of memory");
	return rc;
}

int
sqfs_open(struct fstree *t, const uint8_t *data, size_t len, size_t off, struct fw_err *err)
{
	struct sqfs *s = calloc(1, sizeof(*s));
	static const enum decomp_kind comp[] = { 0, DECOMP_ZLIB, DECOMP_LZMA, 0, DECOMP_XZ, 0, DECOMP_ZSTD };

	if (s == NULL)
		return err_internal(err, t->src, "out of memory");
	s->base = off;
	if (off > len || !sqfs_probe(data + off, len - off, &s->sb)) {
		sqfs_free(s);
		return err_set(err, t->src, off, "not a SquashFS 4.0 superblock");
	}
	if (s->sb.bytes_used > len - off) {
		err_set(err, t->src, off, "SquashFS of %llu bytes runs past the end of the "
		    "input (%zu bytes left): truncated", (unsigned long long)s->sb.bytes_used, len - off);
		sqfs_free(s);
		return -1;
	}
	rd_init(&s->img, data + off, (size_t)s->sb.bytes_used);
	if (s->sb.compression >= sizeof(comp) / sizeof(comp[0]) || s->sb.compression == 0 ||
	    s->sb.compression == 3 || s->sb.compression == 5) {
		err_set(err, t->src, off, "SquashFS compression %u (%s) is not supported "
		    "(gzip, lzma, xz and zstd are)", s->sb.compression,
		    sqfs_compression_name(s->sb.compression));
		sqfs_free(s);
		return -1;
	}
	s->comp = comp[s->sb.compression];
	t->read = sqfs_read;
	t->head = sqfs_head;
	t->ctx = s;
	t->release = sqfs_release;
	t->offset = off;
	snprintf(t->format, sizeof(t->format), "squashfs 4.0 %s",
	    sqfs_compression_name(s->sb.compression));
	if (load_tables(s, t->src, err) != 0 || sqfs_walk(s, t, err) != 0)
		return -1;	/* fstree_free releases s */
	fstree_finish(t);
	return 0;
}
