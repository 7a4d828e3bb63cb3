/* LD_PRELOAD shim for tests: allocation-failure injection in the style of
 * SQLite's malloc tests. Counts every malloc, calloc and realloc of the
 * process (glibc's strdup, getline, fopen, ... allocate through them) and,
 * with $FAULT_ALLOC_FAIL=N, makes the Nth one (1-based) return NULL with
 * errno ENOMEM; the others succeed, so the failure is transient and the code
 * after it runs on. $FAULT_ALLOC_LOG names a file that receives the count and
 * whether the fault was injected ("count N\nfailed 0|1\n") at exit, and the
 * failed call's site ("site MODULE OFFSET", for addr2line).
 * Built without sanitizers (Makefile): ASan has its own allocator, the
 * unit test test_alloc_faults covers the SAN build instead. */
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* glibc's own entry points, so no dlsym (which allocates) is needed. */
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);

static atomic_ulong calls;
static atomic_int injected;
static unsigned long fail_at;	/* 0: count only */
static void *fail_caller;	/* who asked for the allocation that failed */

__attribute__((constructor)) static void
shim_init(void)
{
	const char *s = getenv("FAULT_ALLOC_FAIL");

	if (s != NULL)
		fail_at = strtoul(s, NULL, 10);
}

__attribute__((destructor)) static void
shim_report(void)
{
	const char *path = getenv("FAULT_ALLOC_LOG");
	FILE *fp;

	/* Counting stops here: fopen allocates. */
	unsigned long n = atomic_load(&calls);
	if (path == NULL || (fp = fopen(path, "w")) == NULL)
		return;
	fprintf(fp, "count %lu\nfailed %d\n", n, atomic_load(&injected));
	if (fail_caller != NULL) {
		Dl_info di;
		if (dladdr(fail_caller, &di) != 0 && di.dli_fname != NULL)
			fprintf(fp, "site %s 0x%lx\n", di.dli_fname,
			    (unsigned long)((char *)fail_caller - (char *)di.dli_fbase) - 1);
	}
	fclose(fp);
}

/* True when this call is the one to fail. */
static int
should_fail(void *caller)
{
	unsigned long n = atomic_fetch_add(&calls, 1) + 1;

	if (fail_at == 0 || n != fail_at)
		return 0;
	atomic_store(&injected, 1);
	fail_caller = caller;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return should_fail(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return should_fail(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees; a failure there would be no failure. */
	if (p != NULL && n == 0)
		return __libc_realloc(p, n);
	return should_fail(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}
