#include "core/fileio.h"

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
		return err_set(err, path, ERR_NO_OFFSET, "out of memory");
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

int
file_write(const char *path, const void *data, size_t len, struct fw_err *err)
{
	char tmp[4096];
	const char *p = data;
	size_t done = 0;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return err_set(err, "<stdout>", ERR_NO_OFFSET, "write failed");
		return 0;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= sizeof(tmp))
		return err_set(err, path, ERR_NO_OFFSET, "path too long");
	if ((fd = mkstemp(tmp)) < 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(errno));
	fchmod(fd, 0644);
	/* Blocks taken now, not at writeback: ext4 then has nothing to flush
	 * when the rename below replaces an existing file (auto_da_alloc), a
	 * third of the write's time. A file system without fallocate just
	 * allocates later. */
	if (len > 0)
		(void)fallocate(fd, 0, 0, (off_t)len);
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			close(fd);
			unlink(tmp);
			return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(e));
		}
		done += (size_t)n;
	}
	if (close(fd) != 0) {
		int e = errno;

		unlink(tmp);
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(e));
	}
	if (rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return err_set(err, path, ERR_NO_OFFSET, "cannot write: %s", strerror(e));
	}
	return 0;
}
