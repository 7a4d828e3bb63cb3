#include "util/error.h"
#include "util/oom.h"

#include <stdarg.h>
#include <stdio.h>

/* The format attribute lets clang's -Wformat=2 check the va_list use. */
static void err_vset(struct fw_err *err, const char *prefix, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));

static void
err_vset(struct fw_err *err, const char *prefix, const char *fmt, va_list ap)
{
	int n;

	err->internal = 0;
	n = snprintf(err->msg, sizeof(err->msg), "%s", prefix);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		return;
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
}

int
err_set(struct fw_err *err, const char *input, size_t offset,
    const char *fmt, ...)
{
	char prefix[512];
	va_list ap;

	if (err == NULL)
		return -1;
	if (input != NULL && offset != ERR_NO_OFFSET)
		snprintf(prefix, sizeof(prefix), "%s: offset 0x%zx: ", input, offset);
	else if (input != NULL)
		snprintf(prefix, sizeof(prefix), "%s: ", input);
	else if (offset != ERR_NO_OFFSET)
		snprintf(prefix, sizeof(prefix), "offset 0x%zx: ", offset);
	else
		prefix[0] = '\0';
	va_start(ap, fmt);
	err_vset(err, prefix, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_set_line(struct fw_err *err, const char *input, unsigned line,
    unsigned col, const char *fmt, ...)
{
	char prefix[512];
	va_list ap;

	if (err == NULL)
		return -1;
	if (col > 0)
		snprintf(prefix, sizeof(prefix), "%s:%u:%u: ",
		    input ? input : "<input>", line, col);
	else
		snprintf(prefix, sizeof(prefix), "%s:%u: ",
		    input ? input : "<input>", line);
	va_start(ap, fmt);
	err_vset(err, prefix, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_oom(struct fw_err *err, const char *input, size_t offset)
{
	oom_note();
	return err_set(err, input, offset, "out of memory");
}

int
err_internal(struct fw_err *err, const char *input, const char *fmt, ...)
{
	char prefix[512];
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(prefix, sizeof(prefix), "%s: internal error: ", input ? input : "fwaudit");
	va_start(ap, fmt);
	err_vset(err, prefix, fmt, ap);
	va_end(ap);
	err->internal = 1;
	return -1;
}
