/* A file given on the command line, mapped read-only (never copied), and
 * the collector registry that recognises inputs by content. */
#ifndef FWAUDIT_INPUT_H
#define FWAUDIT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "core/facts.h"

struct hashq;
struct rsa_cache;
struct esp_keyring;

struct input {
	const char *path;
	const uint8_t *data;	/* the whole file; NULL when empty */
	size_t len;
	int index;		/* index in the fact tree's inputs */
	const char *kind;	/* detected or forced collector kind */
	const char *origin;	/* --origin for flash and image inputs: "readback",
				 * "build", or NULL (told from the input) */
	void *map;		/* mmap base, for input_close */
	bool dir;		/* a directory (a root file system): no data */
	unsigned jobs;		/* threads a collector may use (--jobs); 0: one per core */
	/* The scan's, for the collectors: the hash queue for image digests
	 * and the RSA keys of signature blocks; NULL: hashed on the calling
	 * thread, keys not kept (util/hashq.h, formats/sbv2_rsa.h). */
	struct hashq *hashq;
	struct rsa_cache *keys;
	bool want_sha512;	/* an SBOM or a bundle will be written: the
				 * SHA-512 of every image (checks/components.h) */
	/* The keys the user holds (--flash-key, --sbv1-*: checks/esp_decrypt.h),
	 * or NULL: a flash-encrypted dump is then audited as anyone reads it. */
	const struct esp_keyring *keyring;
};

/* A directory opens too (in->dir, no data): only a collector that
 * reads_dirs takes it. */
int input_open(struct input *in, const char *path, struct fw_err *err);
void input_close(struct input *in);

/* Inputs from this size on are read without keeping them resident: their
 * hash drops pages behind it and whole-file scans let go of what they have
 * looked at, so memory stays bounded for any size. Below it (a 16 MiB dump)
 * the pages stay, for speed. */
#define INPUT_LARGE ((size_t)32 << 20)
/* Lets go of the mapped pages wholly inside [off, off + n) of a large
 * input (a no-op for a small one): they are file-backed and read-only, so
 * touching them again reads them back from the page cache. */
void input_release(const struct input *in, size_t off, size_t n);

/* A collector reads one kind of input and adds facts; it never judges. */
struct collector {
	const char *kind;	/* name for --kind and in the report */
	const char *what;	/* human description */
	/* Confidence 0..100 that data is this kind (0: certainly not). */
	int (*detect)(const uint8_t *data, size_t len);
	/* Adds facts for in (already registered as in->index); 0, or -1 with
	 * err for unusable input (exit status 2). */
	int (*collect)(struct facts *f, const struct input *in, struct fw_err *err);
	/* The largest input of this kind, or 0: no limit (read in a stream).
	 * Parsing touches every byte, so this bounds what stays resident. */
	size_t max_len;
	/* It reads a directory given as the input (a root file system); the
	 * only kind a directory is detected as. */
	bool reads_dirs;
};

#endif
