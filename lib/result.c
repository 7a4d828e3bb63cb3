#include "lib/result.h"

#include <stdarg.h>

int
lib_fail(struct scan_result *res, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	return res->status = status;
}

int
lib_done(struct scan_result *res, int status)
{
	res->message[0] = '\0';
	return res->status = status;
}

void
lib_print_list(FILE *out, const json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		fprintf(out, "%s%s", i ? ", " : "", json_string_value(v));
}
