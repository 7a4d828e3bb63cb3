#include "util/oom.h"
#include "util/sha256.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/error.h"

static atomic_bool seen;
static atomic_bool starting;	/* inside oom_start's OpenSSL setup */

bool
oom_seen(void)
{
	return atomic_load(&seen);
}

void
oom_note(void)
{
	atomic_store(&seen, true);
}

void
oom_clear(void)
{
	atomic_store(&seen, false);
}

static void *
json_alloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		oom_note();
	return p;
}

/* OpenSSL 3.0 does not survive an allocation failing while it sets up:
 * it goes on with a NULL lock and crashes within the same call. There the
 * process ends at once, with the message and status a later failure gets. */
static void
crypto_failed(void)
{
	static const char msg[] = "fwaudit: out of memory initialising OpenSSL\n";

	oom_note();
	if (!atomic_load(&starting))
		return;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_INTERNAL);
}

static void *
crypto_alloc(size_t n, const char *file, int line)
{
	void *p = malloc(n);

	if (p == NULL && n != 0)
		crypto_failed();
	return p;
}

static void *
crypto_realloc(void *old, size_t n, const char *file, int line)
{
	void *p = realloc(old, n);

	if (p == NULL && n != 0)
		crypto_failed();
	return p;
}

static void
crypto_free(void *p, const char *file, int line)
{
	free(p);
}

int
oom_start(void)
{
	uint8_t md[32];

	json_set_alloc_funcs(json_alloc, free);
	/* Fails only when OpenSSL allocated already: its failures then go
	 * unnoticed, as before this hook. */
	(void)CRYPTO_set_mem_functions(crypto_alloc, crypto_realloc, crypto_free);
	/* The host's openssl.cnf is not read: results must not depend on it
	 * (the TLS probe sets its own versions and security level), and parsing
	 * it costs every run a millisecond. Nothing needs OpenSSL's cleanup at
	 * exit either. */
	atomic_store(&starting, true);
	if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT,
	    NULL) != 1) {
		atomic_store(&starting, false);
		return -1;
	}
	/* OpenSSL builds its method store on the first fetch, where a failure
	 * would crash (crypto_failed): fetch once here, in one thread. */
	if (sha256("", 0, md) != 0)
		oom_note();
	atomic_store(&starting, false);
	return oom_seen() ? -1 : 0;
}
