/* Password hashes tried against a list of candidates with libcrypt
 * (every scheme it supports: DES, MD5, SHA-256/512, bcrypt, yescrypt ...),
 * the (hash, candidate chunk) jobs spread over threads by util/jobs.h. */
#ifndef FWAUDIT_CHECKS_ROOTFS_CRACK_H
#define FWAUDIT_CHECKS_ROOTFS_CRACK_H

#include <stdbool.h>
#include <stddef.h>

struct crack_hash {
	const char *hash;	/* as stored ("$1$$iC.d...") */
	const char *own;	/* the account's name, tried too; may be NULL */
	/* out: */
	bool found;
	int match;		/* the lowest matching index in candidates, or -1:
				 * only the account's own name matched */
	size_t tried;		/* crypt() calls: all below the match, some after */
	bool uncomputable;	/* no match, and crypt() refused the hash (or
				 * memory ran out): the list was not compared */
};

/* Candidates: an array of n strings (the empty string included when it
 * should be tried). threads 0: one per core. The result does not depend on
 * the threads' timing; the number of crypt() calls made (which may) is
 * returned. */
size_t crack_run(struct crack_hash *h, size_t nh, const char *const *cand, size_t n,
    unsigned threads);

/* The scheme of a hash ("md5crypt", "sha512crypt", "yescrypt", "descrypt",
 * ...), or NULL when the field is no hash libcrypt knows. */
const char *crack_hash_type(const char *hash);

#endif
