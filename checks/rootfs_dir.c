/* A root file system given as a directory. Nothing is followed: the walk
 * lstat()s, links are read with readlinkat() and resolved by the tree, and
 * a file is opened one component at a time with O_NOFOLLOW from the root's
 * descriptor, so a link (or a race) can never lead to a host file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/rootfs.h"
#include "util/hex.h"
#include "util/sha256.h"

#define MAX_DEPTH 64

struct dirctx {
	int root;
};

static enum fs_type
st_type(mode_t m)
{
	return S_ISDIR(m) ? FS_DIR : S_ISLNK(m) ? FS_LNK : S_ISCHR(m) ? FS_CHR :
	    S_ISBLK(m) ? FS_BLK : S_ISFIFO(m) ? FS_FIFO : S_ISSOCK(m) ? FS_SOCK : FS_REG;
}

static int
walk(struct fstree *t, int dfd, const char *prefix, int depth, struct fw_err *err)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	int rc = 0;

	if (d == NULL) {
		close(dfd);
		return fstree_problem(t, prefix, "directory cannot be read", UINT64_MAX);
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char path[4096], link[4096];
		struct stat st;
		ssize_t ll = 0;
		int n;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		n = snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "/" : "", de->d_name);
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = fstree_problem(t, de->d_name, "cannot be examined", UINT64_MAX);
			continue;
		}
		if (S_ISLNK(st.st_mode) &&
		    (ll = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1)) < 0)
			ll = 0;
		if (fstree_add(t, path, (size_t)n, st_type(st.st_mode), st.st_mode, st.st_uid,
		    st.st_gid, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : (uint64_t)ll,
		    S_ISLNK(st.st_mode) ? link : NULL, (size_t)ll, 0, UINT64_MAX) != 0) {
			rc = err_internal(err, t->src, "out of memory or more than %d entries",
			    FSTREE_MAX_ENTRIES);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub;

			if (depth >= MAX_DEPTH)
				rc = fstree_problem(t, path, "directories nested too deep; not walked",
				    UINT64_MAX);
			else if ((sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) < 0)
				rc = fstree_problem(t, path, "directory cannot be opened", UINT64_MAX);
			else
				rc = walk(t, sub, path, depth + 1, err);
		}
	}
	closedir(d);
	return rc;
}

/* path opened below the root, no component a link. */
static int
open_below(int root, const char *path)
{
	char comp[4096];
	int fd = dup(root);
	const char *p = path;

	while (fd >= 0 && *p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int next;

		if (n >= sizeof(comp)) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		next = openat(fd, comp, (e ? O_DIRECTORY : 0) | O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    O_NONBLOCK);
		close(fd);
		fd = next;
		p = e ? e + 1 : p + n;
	}
	return fd;
}

static int
dir_read(const struct fstree *t, const struct fs_entry *e, size_t max, uint8_t **out,
    size_t *len, struct fw_err *err)
{
	const struct dirctx *c = t->ctx;
	int fd = open_below(c->root, e->path);
	struct stat st;
	uint8_t *b;
	size_t got = 0;

	*out = NULL;
	if (fd < 0)
		return err_set(err, t->src, ERR_NO_OFFSET, "%s: cannot open: %s", e->path,
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
		close(fd);
		return err_set(err, t->src, ERR_NO_OFFSET, "%s: changed while read, or too large",
		    e->path);
	}
	if ((b = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return err_internal(err, t->src, "out of memory");
	}
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, b + got, (size_t)st.st_size - got);

		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	b[got] = '\0';
	*out = b;
	*len = got;
	return 0;
}

static int
dir_head(const struct fstree *t, const struct fs_entry *e, uint8_t *buf, size_t n, size_t *got,
    struct fw_err *err)
{
	const struct dirctx *c = t->ctx;
	int fd = open_below(c->root, e->path);
	ssize_t k = 0;

	*got = 0;
	if (fd < 0)
		return err_set(err, t->src, ERR_NO_OFFSET, "%s: cannot open: %s", e->path,
		    strerror(errno));
	while (*got < n && (k = read(fd, buf + *got, n - *got)) > 0)
		*got += (size_t)k;
	close(fd);
	return 0;
}

static void
dir_release(void *ctx)
{
	struct dirctx *c = ctx;

	if (c != NULL)
		close(c->root);
	free(c);
}

int
rootfs_dir_open(struct fstree *t, const char *path, struct fw_err *err)
{
	struct dirctx *c = malloc(sizeof(*c));
	int fd;

	if (c == NULL)
		return err_internal(err, path, "out of memory");
	if ((c->root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(c);
		return err_set(err, path, ERR_NO_OFFSET, "cannot open the directory: %s",
		    strerror(errno));
	}
	t->ctx = c;
	t->read = dir_read;
	t->head = dir_head;
	t->release = dir_release;
	snprintf(t->format, sizeof(t->format), "directory");
	if ((fd = dup(c->root)) < 0)
		return err_internal(err, path, "cannot duplicate a descriptor");
	fstree_add(t, "", 0, FS_DIR, 0755, 0, 0, 0, NULL, 0, 0, UINT64_MAX);
	err->msg[0] = '\0';
	if (walk(t, fd, "", 0, err) != 0) {
		if (err->msg[0] == '\0')
			err_internal(err, path, "out of memory");
		return -1;
	}
	fstree_finish(t);
	return 0;
}

/* A file's SHA-256, streamed (a file of any size is hashed in bounded memory). */
static int
file_digest(int root, const char *path, uint8_t out[32])
{
	enum { BUF = 1 << 20 };
	struct sha256_ctx c;
	uint8_t *buf = malloc(BUF);
	int fd = buf ? open_below(root, path) : -1;
	ssize_t k;

	if (fd < 0 || sha256_init(&c) != 0) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return -1;
	}
	while ((k = read(fd, buf, BUF)) > 0)
		if (sha256_update(&c, buf, (size_t)k) != 0)
			break;
	close(fd);
	free(buf);
	if (k != 0) {
		sha256_release(&c);
		return -1;
	}
	return sha256_final(&c, out);
}

int
rootfs_dir_digest(const struct fstree *t, char hex[65], size_t *unreadable)
{
	const struct dirctx *dc = t->ctx;
	struct sha256_ctx c;
	uint8_t d[32];

	*unreadable = 0;
	if (t->read != dir_read || sha256_init(&c) != 0)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const struct fs_entry *e = &t->e[i];
		uint8_t rec[1 + 4 * 3 + 8];

		rec[0] = e->type;
		for (int k = 0; k < 4; k++) {
			rec[1 + k] = (uint8_t)(e->mode >> (8 * k));
			rec[5 + k] = (uint8_t)(e->uid >> (8 * k));
			rec[9 + k] = (uint8_t)(e->gid >> (8 * k));
		}
		for (int k = 0; k < 8; k++)
			rec[13 + k] = (uint8_t)(e->size >> (8 * k));
		sha256_update(&c, e->path, strlen(e->path) + 1);
		sha256_update(&c, rec, sizeof(rec));
		if (e->link != NULL)
			sha256_update(&c, e->link, strlen(e->link) + 1);
		if (e->type == FS_REG) {
			if (file_digest(dc->root, e->path, d) != 0) {
				memset(d, 0, sizeof(d));
				(*unreadable)++;
			}
			sha256_update(&c, d, sizeof(d));
		}
	}
	if (sha256_final(&c, d) != 0)
		return -1;
	hex_encode(d, 32, hex);
	return 0;
}
