/* Whether an allocation failed anywhere in the process: a sticky flag, as
 * SQLite's mallocFailed. jansson's and OpenSSL's allocations go through
 * hooks that set it; most of their callers cannot report a failure (an
 * unchecked json_object_set_new drops a field, a digest OpenSSL could not
 * compute leaves it out), so a fact may be missing for no reason the input
 * gives. A command that finds the flag set writes no report and exits
 * EXIT_INTERNAL: a run that lost memory never passes as a complete one. */
#ifndef FWAUDIT_UTIL_OOM_H
#define FWAUDIT_UTIL_OOM_H

#include <stdbool.h>

/* Routes jansson's and OpenSSL's allocations through the flag and
 * initialises OpenSSL's SHA-256; call first in main, before either library
 * allocates and before any thread starts. 0, or -1: OpenSSL could not
 * initialise (out of memory), nothing may use it. */
int oom_start(void);
bool oom_seen(void);
/* For code that absorbs an allocation failure of its own. */
void oom_note(void);
/* Tests: each injected failure starts afresh. */
void oom_clear(void);

#endif
