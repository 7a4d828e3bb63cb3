/* Small string tests shared by the readers. */
#ifndef FWAUDIT_UTIL_TEXT_H
#define FWAUDIT_UTIL_TEXT_H

#include <stdbool.h>
#include <string.h>

static inline bool
str_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

#endif
