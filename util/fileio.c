#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
file_read(const char *path, size_t max, char **buf, size_t *len,
    struct fw_err *err)
{
	struct stat st;
	size_t got = 0;
	char *p;
	int fd;

	*buf = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, path, ERR_NO_OFFSET, "not a regular file");
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return err_set(err, path, ERR_NO_OFFSET,
		    "%lld bytes: larger than the %zu bytes allowed for this input",
		    (long long)st.st_size, max);
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return err_oom(err, path, ERR_NO_OFFSET);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, p + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	p[got] = '\0';
	*buf = p;
	*len = got;
	return 0;
}

/* Writes all of data to fd; 0, or an errno value. */
static int
write_all(int fd, const char *p, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		done += (size_t)n;
	}
	return 0;
}

/* A character device or FIFO (or a symbolic link to one) is written as it
 * is, never replaced: `-o /dev/null` must leave the device node alone. */
static int
write_in_place(const char *path, const void *data, size_t len, struct fw_err *err)
{
	struct stat st;
	int fd, e;

	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(errno));
	/* It could have been swapped for another kind of file since the check. */
	if (fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		close(fd);
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: it changed while "
		    "being opened (no longer a character device or FIFO)");
	}
	e = write_all(fd, data, len);
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e != 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(e));
	return 0;
}

/* A regular file (or one yet to be made) is replaced whole: the new text in
 * a temporary file beside it, renamed over it. */
static int
replace_file(const char *path, const struct stat *old, const void *data, size_t len,
    struct fw_err *err)
{
	char tmp[4096];
	int fd, e;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= sizeof(tmp))
		return err_set(err, path, ERR_NO_OFFSET, "path too long");
	if ((fd = mkstemp(tmp)) < 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(errno));
	/* A replaced report keeps its permissions; a new one is 0644. */
	fchmod(fd, old != NULL ? old->st_mode & 07777 : 0644);
	/* Blocks taken now, not at writeback: ext4 then has nothing to flush
	 * when the rename below replaces an existing file (auto_da_alloc), a
	 * third of the write's time. A file system without fallocate just
	 * allocates later. */
	if (len > 0)
		(void)fallocate(fd, 0, 0, (off_t)len);
	e = write_all(fd, data, len);
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) != 0)
		e = errno;
	if (e != 0) {
		unlink(tmp);
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(e));
	}
	return 0;
}

int
file_write(const char *path, const void *data, size_t len, struct fw_err *err)
{
	struct stat st;
	char *target;
	int rc;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return err_set(err, "<stdout>", ERR_NO_OFFSET, "write failed");
		return 0;
	}
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s",
			    strerror(errno));
		return replace_file(path, NULL, data, len, err);
	}
	if (S_ISLNK(st.st_mode)) {
		/* Through the link to what it names: the link stays a link. */
		if (stat(path, &st) != 0)
			return err_set(err, path, ERR_NO_OFFSET, "cannot write: a symbolic link "
			    "to %s (%s); give the target's path", errno == ENOENT ?
			    "a file that does not exist" : "a path that cannot be followed",
			    strerror(errno));
		if (S_ISREG(st.st_mode)) {
			if ((target = realpath(path, NULL)) == NULL)
				return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s",
				    strerror(errno));
			rc = replace_file(target, &st, data, len, err);
			free(target);
			return rc;
		}
	}
	if (S_ISREG(st.st_mode))
		return replace_file(path, &st, data, len, err);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return write_in_place(path, data, len, err);
	return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", S_ISDIR(st.st_mode) ?
	    "is a directory" : S_ISBLK(st.st_mode) ? "is a block device (reports go to "
	    "regular files, character devices, FIFOs or -)" : "not a regular file, "
	    "character device or FIFO");
}
