/* Whether a finished command frees what it built before the process exits.
 *
 * A normal build does not: the kernel takes the whole address space back at
 * once (git does the same). For a 16 MiB dump, freeing the report, facts
 * and rules and unmapping the input (with the hash threads still alive, so
 * every CPU they ran on must drop the mappings) cost ~2.5 ms at the very
 * end of the run. Sanitizer builds free everything, so LeakSanitizer still
 * tells a real leak from this. */
#ifndef FWAUDIT_UTIL_TEARDOWN_H
#define FWAUDIT_UTIL_TEARDOWN_H

#include <stdbool.h>

#if defined(__SANITIZE_ADDRESS__)
#define FWAUDIT_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define FWAUDIT_FREE_AT_EXIT 1
#endif
#endif

static inline bool
free_at_exit(void)
{
#ifdef FWAUDIT_FREE_AT_EXIT
	return true;
#else
	return false;
#endif
}

#endif
