#include "core/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int
input_open(struct input *in, const char *path, struct fw_err *err)
{
	struct stat st;
	void *p;
	int fd;

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->index = -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(err, path, ERR_NO_OFFSET, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		close(fd);
		return err_set(err, path, ERR_NO_OFFSET, "cannot stat: %s",
		    strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		in->dir = true;
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, path, ERR_NO_OFFSET, "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return err_set(err, path, ERR_NO_OFFSET, "cannot map: %s",
		    strerror(errno));
	in->map = p;
	in->data = p;
	in->len = (size_t)st.st_size;
	return 0;
}

void
input_release(const struct input *in, size_t off, size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), first, end;

	if (in == NULL || in->map == NULL || in->len < INPUT_LARGE || page == 0 ||
	    off >= in->len)
		return;
	if (n > in->len - off)
		n = in->len - off;
	first = (off + page - 1) / page * page;
	end = off + n == in->len ? in->len : (off + n) / page * page;
	if (end > first)	/* best effort: on failure the pages just stay */
		(void)madvise((uint8_t *)in->map + first, end - first, MADV_DONTNEED);
}

void
input_close(struct input *in)
{
	if (in->map != NULL)
		munmap(in->map, in->len);
	in->map = NULL;
	in->data = NULL;
}
