/* Allocation-failure injection over the collectors (the parsers in formats/
 * and the checks that turn them into facts) on the samples: a flash dump, an
 * eFuse summary and an sdkconfig. The library's own malloc, calloc, realloc,
 * strdup and strndup are wrapped at link time (-Wl,--wrap, Makefile), and
 * jansson's and OpenSSL's allocations reach the same wrappers through
 * util/oom.c's hooks, so this runs in the ASan build too, where the
 * LD_PRELOAD shim of test_alloc_faults.sh cannot. For each allocation N of
 * a normal collection, N alone fails; the collection must then give the
 * same fact tree, or an error with a message, or have noted the failure
 * (util/oom.h: the command then exits 3). Never a different fact tree
 * passed off as complete; ASan and LeakSanitizer watch the error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/facts.h"
#include "core/input.h"
#include "checks/registry.h"
#include "util/oom.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* Whether memory leaked since the last check (LeakSanitizer prints where
 * it was allocated). A check stops every thread: once an input by default,
 * after each failure with FAULT_LEAK_EACH=1, to name the allocation. */
#define LEAKED() (__lsan_do_recoverable_leak_check() != 0)
#else
#define LEAKED() 0
#endif

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_ulong calls;
static atomic_bool injected;
static unsigned long fail_at;	/* 0: count only */

static int
should_fail(void)
{
	if (atomic_fetch_add(&calls, 1) + 1 != fail_at || fail_at == 0)
		return 0;
	atomic_store(&injected, true);
	return 1;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return should_fail() ? NULL : __real_calloc(n, size); }
char *__wrap_strdup(const char *s) { return should_fail() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return should_fail() ? NULL : __real_strndup(s, n); }

void *
__wrap_realloc(void *p, size_t n)
{
	if (p != NULL && n == 0)
		return __real_realloc(p, n);
	return should_fail() ? NULL : __real_realloc(p, n);
}

/* One collection of path as `scan` does it; the fact tree as canonical
 * JSON in *out, or NULL with the error in err. */
static void
collect_once(const char *path, char **out, struct fw_err *err)
{
	struct input in = { 0 };
	const struct collector *c;
	struct facts *f = NULL;
	json_t *doc;

	*out = NULL;
	err->msg[0] = '\0';
	if (input_open(&in, path, err) != 0)
		return;
	if ((c = collector_detect(&in, err)) == NULL)
		goto out;
	in.kind = c->kind;
	if ((f = facts_new()) == NULL) {
		snprintf(err->msg, sizeof(err->msg), "facts_new: out of memory");
		goto out;
	}
	if ((in.index = facts_add_input(f, path, c->kind, in.data, in.len)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "facts_add_input failed");
		goto out;
	}
	if (c->collect(f, &in, err) != 0)
		goto out;
	for (size_t j = 0; post_collect_table[j] != NULL; j++)
		post_collect_table[j](f);
	if ((doc = facts_to_json(f)) != NULL) {
		*out = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		json_decref(doc);
	}
	if (*out == NULL && err->msg[0] == '\0')
		snprintf(err->msg, sizeof(err->msg), "facts_to_json: out of memory");
out:
	facts_free(f);
	input_close(&in);
}

/* Fails each allocation of a collection of path in turn (every stride-th
 * one); returns how many were tried. */
static unsigned long
sweep(const char *name)
{
	char path[4096], *want, *got;
	const char *top = getenv("TOP");
	unsigned long count, tried = 0, stride, errors = 0, noted = 0;
	struct fw_err err;
	bool leak_each = getenv("FAULT_LEAK_EACH") != NULL;

	snprintf(path, sizeof(path), "%s/samples/%s", top ? top : ".", name);
	fail_at = 0;
	atomic_store(&calls, 0);
	oom_clear();
	collect_once(path, &want, &err);
	if (want == NULL)
		fail_msg("%s: normal collection failed: %s", name, err.msg);
	assert_false(oom_seen());
	count = atomic_load(&calls);
	assert_true(count > 50);	/* the wrappers see the library's allocations */
	/* Sanitizer builds are slow: about 400 points an input. */
	stride = count / 400 + 1;
	for (unsigned long n = 1; n <= count; n += stride, tried++) {
		fail_at = n;
		atomic_store(&calls, 0);
		atomic_store(&injected, false);
		oom_clear();
		collect_once(path, &got, &err);
		if (got == NULL) {
			if (err.msg[0] == '\0')
				fail_msg("%s: allocation %lu: an error without a message", name, n);
			errors++;
		} else if (strcmp(got, want) != 0) {
			if (!oom_seen())
				fail_msg("%s: allocation %lu failed, unnoticed: the facts "
				    "differ", name, n);
			noted++;
		}
		free(got);
		if (leak_each && LEAKED())
			fail_msg("%s: allocation %lu failed: memory leaked", name, n);
	}
	if (LEAKED())
		fail_msg("%s: an allocation failure leaked memory (FAULT_LEAK_EACH=1 "
		    "names which)", name);
	fail_at = 0;
	free(want);
	printf("%s: %lu allocations, %lu failed one at a time: %lu errors, %lu "
	    "noted (exit 3), %lu absorbed\n", name, count, tried, errors, noted,
	    tried - errors - noted);
	return tried;
}

static void
test_flash(void **state)
{
	assert_true(sweep("insecure/flash.bin") > 0);
}

static void
test_efuse(void **state)
{
	assert_true(sweep("insecure/efuse.json") > 0);
}

static void
test_sdkconfig(void **state)
{
	assert_true(sweep("insecure/sdkconfig") > 0);
}

static void
test_secure_flash(void **state)
{
	assert_true(sweep("secure/flash.bin") > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flash),
		cmocka_unit_test(test_efuse),
		cmocka_unit_test(test_sdkconfig),
		cmocka_unit_test(test_secure_flash),
	};

	if (oom_start() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
