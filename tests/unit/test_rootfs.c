/* The root file system layer: paths resolved inside the root (absolute
 * links, "..", loops, hard links), archive names normalised, the password
 * trial over every libcrypt scheme, and TP-Link's LZMA variant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <crypt.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/rootfs_crack.h"
#include "formats/archive.h"
#include "formats/decomp.h"
#include "formats/fstree.h"
#include "formats/squashfs.h"
#include "util/hex.h"
#include "util/sha256.h"

static void
add(struct fstree *t, const char *name, enum fs_type ty, const char *link)
{
	assert_int_equal(fstree_add(t, name, strlen(name), ty, 0644, 0, 0, 0, link,
	    link ? strlen(link) : 0, 0, 0), 0);
}

static const char *
resolve(const struct fstree *t, const char *path, enum fs_resolve *rc)
{
	static char final[1024];
	const struct fs_entry *e;

	*rc = fstree_resolve(t, path, true, &e, final, sizeof(final));
	return *rc == FSR_OK && e ? e->path : NULL;
}

static void
test_resolve_inside_root(void **state)
{
	struct fstree t;
	enum fs_resolve rc;

	(void)state;
	fstree_init(&t, "test");
	add(&t, "./etc", FS_DIR, NULL);
	add(&t, "./var", FS_DIR, NULL);
	add(&t, "./etc/shadow.real", FS_REG, NULL);
	add(&t, "./etc/shadow", FS_LNK, "/etc/shadow.real");	/* absolute: from the root */
	add(&t, "./etc/passwd", FS_LNK, "../../../../etc/shadow.real");	/* ".." stops at the root */
	add(&t, "./etc/self", FS_LNK, "/etc/self");		/* itself: a loop */
	add(&t, "./etc/a", FS_LNK, "b");
	add(&t, "./etc/b", FS_LNK, "a");
	add(&t, "./etc/boot", FS_LNK, "/var/passwd");		/* filled at boot */
	add(&t, "./etc/hard", FS_HARDLINK, "etc/shadow.real");
	add(&t, "./lnk", FS_LNK, "etc");
	fstree_finish(&t);
	assert_string_equal(resolve(&t, "etc/shadow", &rc), "etc/shadow.real");
	assert_string_equal(resolve(&t, "/etc/passwd", &rc), "etc/shadow.real");
	assert_string_equal(resolve(&t, "etc/hard", &rc), "etc/shadow.real");
	assert_string_equal(resolve(&t, "lnk/../lnk/shadow", &rc), "etc/shadow.real");
	assert_null(resolve(&t, "etc/self", &rc));
	assert_int_equal(rc, FSR_LOOP);
	assert_null(resolve(&t, "etc/a", &rc));
	assert_int_equal(rc, FSR_LOOP);
	assert_null(resolve(&t, "etc/boot", &rc));
	assert_int_equal(rc, FSR_MISSING);
	assert_null(resolve(&t, "etc/shadow.real/x", &rc));	/* a file is no directory */
	assert_int_equal(rc, FSR_MISSING);
	fstree_free(&t);
}

static void
test_names_normalised(void **state)
{
	struct fstree t;

	(void)state;
	fstree_init(&t, "test");
	add(&t, "../evil", FS_REG, NULL);
	add(&t, "a/../../evil", FS_REG, NULL);
	add(&t, "/abs/file", FS_REG, NULL);
	add(&t, "./x/./y", FS_REG, NULL);
	add(&t, "dup", FS_REG, NULL);
	assert_int_equal(fstree_add(&t, "dup", 3, FS_DIR, 0, 0, 0, 0, NULL, 0, 0, 0), 0);
	fstree_finish(&t);
	/* ".." left out and listed; absolute read from the root and listed */
	assert_int_equal(t.nprob, 3);
	assert_null(fstree_get(&t, "evil"));
	assert_non_null(fstree_get(&t, "abs/file"));
	assert_non_null(fstree_get(&t, "x/y"));
	/* of duplicates the last added stays, as extraction would leave it */
	assert_int_equal(fstree_get(&t, "dup")->type, FS_DIR);
	assert_int_equal(t.n, 3);
	fstree_free(&t);
}

/* One tar member: a 512-byte header (checksum over it with the field as
 * spaces), the data, padding, two zero blocks. */
static size_t
tar_one(uint8_t *buf, const char *name, const uint8_t *data, size_t len)
{
	unsigned sum = 0;
	size_t n = 512 + (len + 511) / 512 * 512 + 1024;

	memset(buf, 0, n);
	snprintf((char *)buf, 100, "%s", name);
	snprintf((char *)buf + 100, 8, "%07o", 0644u);
	snprintf((char *)buf + 124, 12, "%011zo", len);
	buf[156] = '0';
	memcpy(buf + 257, "ustar", 6);
	memset(buf + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += buf[i];
	snprintf((char *)buf + 148, 8, "%06o", sum);
	memcpy(buf + 512, data, len);
	return n;
}

/* fstree_head: a file's first bytes, as many as asked or as it has; the
 * same as the start of what fstree_read gives. */
static void
test_head(void **state)
{
	static const uint8_t elf[] = "\x7f" "ELF\x01\x01\x01" "0123456789abcdefgh";
	uint8_t tar[2560], head[32];
	struct fstree t;
	struct fw_err err;
	size_t got;

	(void)state;
	fstree_init(&t, "test");
	assert_int_equal(tar_index(&t, tar, tar_one(tar, "bin/x", elf, sizeof(elf) - 1), &err), 0);
	assert_non_null(t.head);
	assert_int_equal(fstree_head(&t, fstree_get(&t, "bin/x"), head, 18, &got, &err), 0);
	assert_int_equal(got, 18);
	assert_memory_equal(head, elf, 18);
	/* more asked than the file holds: what it holds */
	assert_int_equal(fstree_head(&t, fstree_get(&t, "bin/x"), head, sizeof(head), &got, &err), 0);
	assert_int_equal(got, sizeof(elf) - 1);
	/* without a head reader: the whole file read, its start given */
	t.head = NULL;
	assert_int_equal(fstree_head(&t, fstree_get(&t, "bin/x"), head, 6, &got, &err), 0);
	assert_int_equal(got, 6);
	assert_memory_equal(head, elf, 6);
	fstree_free(&t);
}

/* A hash whose setting libcrypt refuses (bcrypt cost 99) is not compared:
 * uncomputable, never "no match"; a computable one beside it still is. */
static void
test_crack_refused_hash(void **state)
{
	const char *cand[] = { "", "admin", "1234" };
	struct crack_hash h[2];

	(void)state;
	memset(h, 0, sizeof(h));
	h[0].hash = "$2b$99$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q";
	h[0].own = "root";
	h[1].hash = "$1$$iC.dUsGpxNNJGeOm1dFio/";	/* "1234" */
	crack_run(h, 2, cand, 3, 2);
	assert_false(h[0].found);
	assert_true(h[0].uncomputable);
	assert_true(h[1].found);
	assert_false(h[1].uncomputable);
	assert_int_equal(h[1].match, 2);
}

/* A hash of pw in each scheme libcrypt offers, found by the trial. */
static void
test_crack_every_scheme(void **state)
{
	static const char *const prefixes[] = { "$1$", "$5$", "$6$", "$2b$", "$y$", "", NULL };
	static const char *const names[] = { "md5crypt", "sha256crypt", "sha512crypt", "bcrypt",
		"yescrypt", "descrypt" };
	const char *cand[] = { "", "root", "admin", "1234", "password" };
	struct crack_hash h[6];
	char hashes[6][CRYPT_OUTPUT_SIZE];

	(void)state;
	memset(h, 0, sizeof(h));
	for (int i = 0; prefixes[i]; i++) {
		char salt[CRYPT_GENSALT_OUTPUT_SIZE];
		struct crypt_data cd;

		memset(&cd, 0, sizeof(cd));
		assert_non_null(crypt_gensalt_rn(*prefixes[i] ? prefixes[i] : NULL,
		    strcmp(prefixes[i], "$2b$") == 0 ? 4 : 0, NULL, 0, salt, sizeof(salt)));
		if (*prefixes[i] == '\0')	/* descrypt: two salt characters */
			strcpy(salt, "ab");
		strcpy(hashes[i], crypt_rn(i == 3 ? "1234" : "password", salt, &cd, sizeof(cd)));
		assert_string_equal(crack_hash_type(hashes[i]), names[i]);
		h[i].hash = hashes[i];
		h[i].own = "nobody";
	}
	assert_int_equal(crack_run(h, 6, cand, 5, 4) > 0, 1);
	for (int i = 0; i < 6; i++) {
		assert_true(h[i].found);
		assert_int_equal(h[i].match, i == 3 ? 3 : 4);
	}
	assert_null(crack_hash_type("*"));
	assert_null(crack_hash_type("!$6$x$y"));
}

/* Of two matching candidates the first in the list, whatever the threads:
 * DES reads 8 characters, so "password" and "password1" both match. */
static void
test_crack_deterministic(void **state)
{
	const char *cand[200];
	struct crypt_data cd;
	char hash[CRYPT_OUTPUT_SIZE];

	(void)state;
	for (int i = 0; i < 200; i++)
		cand[i] = "nope";
	cand[150] = "password1";
	cand[190] = "password";
	memset(&cd, 0, sizeof(cd));
	strcpy(hash, crypt_rn("password", "ab", &cd, sizeof(cd)));
	for (unsigned threads = 1; threads <= 8; threads *= 2) {
		struct crack_hash h = { .hash = hash, .own = "password" };

		crack_run(&h, 1, cand, 200, threads);
		assert_true(h.found);
		assert_int_equal(h.match, 150);
	}
}

/* TP-Link's SquashFS LZMA: 5 property bytes and the stream, no size. */
static void
test_lzma_tplink_variant(void **state)
{
	uint8_t plain[3000], comp[4096], out[4096];
	lzma_options_lzma opt;
	lzma_stream s = LZMA_STREAM_INIT;
	size_t got, alone_len;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(plain); i++)
		plain[i] = (uint8_t)(i * 7 % 251);
	lzma_lzma_preset(&opt, 6);
	assert_int_equal(lzma_alone_encoder(&s, &opt), LZMA_OK);
	s.next_in = plain;
	s.avail_in = sizeof(plain);
	s.next_out = comp;
	s.avail_out = sizeof(comp);
	assert_int_equal(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
	alone_len = sizeof(comp) - s.avail_out;
	lzma_end(&s);
	/* squashfs-tools' form: the 8-byte size (here "unknown") kept */
	assert_int_equal(decomp_buf(DECOMP_LZMA, comp, alone_len, out, sizeof(out), &got, &why), 0);
	assert_int_equal(got, sizeof(plain));
	assert_memory_equal(out, plain, sizeof(plain));
	/* TP-Link's: the size field cut out */
	memmove(comp + 5, comp + 13, alone_len - 13);
	assert_int_equal(decomp_buf(DECOMP_LZMA, comp, alone_len - 8, out, sizeof(out), &got, &why), 0);
	assert_int_equal(got, sizeof(plain));
	assert_memory_equal(out, plain, sizeof(plain));
	/* damage is an error with a reason, never a crash */
	memset(comp + 20, 0xA5, 40);
	assert_int_equal(decomp_buf(DECOMP_LZMA, comp, alone_len - 8, out, sizeof(out), &got, &why), -1);
	assert_non_null(why);
}

/* A file's SHA-256 read out of a real SquashFS, against the digest the
 * vectors' README gives (unsquashfs, patched for TP-Link's LZMA). */
static void
vector_file(const char *name, size_t off, const char *path, const char *want, bool sweep)
{
	char file[4096], hex[65];
	const char *shared = getenv("SHARED");
	struct fstree t;
	struct fw_err err;
	struct stat st;
	uint8_t *data, *b, d[32];
	size_t len;
	const char *why;
	int fd;

	snprintf(file, sizeof(file), "%s/vectors/realworld-linux/%s", shared ? shared : "../shared", name);
	if ((fd = open(file, O_RDONLY)) < 0) {
		skip();
		return;
	}
	assert_int_equal(fstat(fd, &st), 0);
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	assert_true(data != MAP_FAILED);
	fstree_init(&t, name);
	assert_int_equal(sqfs_open(&t, data, (size_t)st.st_size, off, &err), 0);
	assert_int_equal(fstree_read(&t, path, 8u << 20, &b, &len, &why, &err), 0);
	assert_int_equal(sha256(b, len, d), 0);
	hex_encode(d, 32, hex);
	assert_string_equal(hex, want);
	free(b);
	/* Every file's head (first block or fragment alone) is the start of
	 * the file read whole, twice over (the second time from the fragment
	 * cache), and the whole reads agree with each other. */
	for (int pass = 0; sweep && pass < 2; pass++)
		for (size_t i = 0; i < t.n; i++) {
			uint8_t head[64], *again;
			size_t got, n2;

			if (t.e[i].type != FS_REG)
				continue;
			assert_int_equal(fstree_head(&t, &t.e[i], head, sizeof(head), &got, &err), 0);
			assert_int_equal(fstree_read(&t, t.e[i].path, 8u << 20, &b, &len, &why, &err), 0);
			assert_int_equal(got, len < sizeof(head) ? len : sizeof(head));
			assert_memory_equal(head, b, got);
			assert_int_equal(fstree_read(&t, t.e[i].path, 8u << 20, &again, &n2, &why, &err), 0);
			assert_int_equal(n2, len);
			assert_memory_equal(again, b, len);
			free(again);
			free(b);
		}
	fstree_free(&t);
	munmap(data, (size_t)st.st_size);
}

static void
test_vector_files(void **state)
{
	(void)state;
	/* xz; README section 2 */
	vector_file("tplink_mt7628_rootfs.squashfs", 0, "bin/busybox",
	    "b05a860cac6055bb313eef64e1e9d92c45fef4020c87e107a90171e2aa1f4471", true);
	/* TP-Link's LZMA without the size field, behind TRX + TP-Link; section 3:
	 * Debian's unsquashfs reads none of it */
	vector_file("tplink_tl-wr740n-v4_3.12.11_trx.bin", 1048604, "bin/busybox",
	    "9570e4a709d735c6469f6d0b231b8eeaed56ddad9373e3ec210d17fa82691ef6", true);
	vector_file("tplink_tl-wr740n-v4_3.12.11_trx.bin", 1048604, "usr/bin/httpd",
	    "9a70f809b8096e3438f9f993a063e69e43838e86a20976449106f4aba7c2fafc", false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_inside_root),
		cmocka_unit_test(test_names_normalised),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_crack_every_scheme),
		cmocka_unit_test(test_crack_refused_hash),
		cmocka_unit_test(test_crack_deterministic),
		cmocka_unit_test(test_lzma_tplink_variant),
		cmocka_unit_test(test_vector_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
