/* Embedded-Linux firmware: a root file system as a directory, a tar or
 * cpio archive (plain, gzip, xz, zstd), a SquashFS image, or a firmware
 * image or flash slice holding a SquashFS (inside TRX, TP-Link or uImage
 * wrappers), found by its magic. All read in process through the tree:
 * nothing is extracted, no link reaches outside the root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rootfs.h"
#include "formats/esp_image.h"
#include "checks/secrets.h"
#include "formats/archive.h"
#include "formats/decomp.h"
#include "formats/fwimage.h"
#include "formats/squashfs.h"

/* A compressed archive is decompressed whole into memory: at most this. */
#define ARCHIVE_MAX ((size_t)1 << 30)
#define HEAD 1024
#define DETECT_SPAN INPUT_LARGE

/* The first bytes a compressed file decompresses to. */
static bool
compressed_head(const uint8_t *data, size_t len, uint8_t *head, size_t *n)
{
	int k = decomp_sniff(data, len);
	const char *why;

	if (k < 0)
		return false;
	/* A full buffer is "more than allowed": the head is there all the same. */
	decomp_buf((enum decomp_kind)k, data, len < (1u << 20) ? len : (1u << 20), head, HEAD,
	    n, &why);
	return *n > 0;
}

/* An ESP image header where an ESP ROM loads the bootloader from. */
static bool
esp_flash_start(const uint8_t *data, size_t len)
{
	static const size_t at[] = { 0x0, 0x1000, 0x2000 };

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (len > at[i] && esp_image_probe(data + at[i], len - at[i]))
			return true;
	return false;
}

static int
detect_rootfs(const uint8_t *data, size_t len)
{
	struct sqfs_super sb;
	uint8_t head[HEAD];
	size_t n = 0, off;

	if (sqfs_probe(data, len, &sb))
		return 90;
	if (fwimage_wrapper(data, len) != NULL && fwimage_find_sqfs(data, len, 0, DETECT_SPAN, &off))
		return 85;
	if (tar_probe(data, len) || cpio_probe(data, len))
		return 80;
	if (compressed_head(data, len, head, &n) && (tar_probe(head, n) || cpio_probe(head, n)))
		return 80;
	/* A raw flash slice: a SquashFS somewhere in its first DETECT_SPAN
	 * bytes (detection must not read a large input whole); not searched
	 * for in an ESP flash, whose bootloader sits where the ROM looks. */
	if (!esp_flash_start(data, len) && fwimage_find_sqfs(data, len, 0, DETECT_SPAN, &off))
		return 60;
	return 0;
}

uint8_t *
rootfs_read(struct rootfs *r, const char *path, size_t *len, const char **why)
{
	struct fw_err err = { "", 0 };
	uint8_t *b;
	int rc = fstree_read(&r->t, path, ROOTFS_TEXT_MAX, &b, len, why, &err);

	if (rc < 0) {
		facts_warn(r->f, "%s", err.msg);
		*why = "unreadable (see the warnings)";
	}
	return rc == 0 ? b : NULL;
}

static int
open_archive(struct rootfs *r, const uint8_t *p, size_t n, struct fw_err *err)
{
	if (tar_probe(p, n))
		return tar_index(&r->t, p, n, err);
	if (cpio_probe(p, n))
		return cpio_index(&r->t, p, n, err);
	return err_set(err, r->in->path, 0, "decompressed data is neither a tar nor a cpio "
	    "(newc) archive");
}

static int
open_compressed(struct rootfs *r, int k, struct fw_err *err)
{
	static const char *const names[] = { "zlib", "gzip", "lzma", "xz", "zstd" };
	const char *why;
	size_t n;

	if (decomp_alloc((enum decomp_kind)k, r->in->data, r->in->len, ARCHIVE_MAX, &r->owned,
	    &n, &why) != 0)
		return err_set(err, r->in->path, ERR_NO_OFFSET, "%s archive: %s (at most %zu MiB "
		    "are read)", names[k], why, ARCHIVE_MAX >> 20);
	if (open_archive(r, r->owned, n, err) != 0)
		return -1;
	snprintf(r->t.format, sizeof(r->t.format), "%s (%s)", tar_probe(r->owned, n) ? "tar" :
	    "cpio", names[k]);
	return 0;
}

static int
open_tree(struct rootfs *r, const char **wrapper, struct fw_err *err)
{
	const struct input *in = r->in;
	struct sqfs_super sb;
	size_t off;
	int k;

	*wrapper = NULL;
	if (in->dir)
		return rootfs_dir_open(&r->t, in->path, err);
	if (tar_probe(in->data, in->len) || cpio_probe(in->data, in->len)) {
		if (open_archive(r, in->data, in->len, err) != 0)
			return -1;
		snprintf(r->t.format, sizeof(r->t.format), "%s",
		    tar_probe(in->data, in->len) ? "tar" : "cpio");
		return 0;
	}
	if ((k = decomp_sniff(in->data, in->len)) >= 0)
		return open_compressed(r, k, err);
	*wrapper = fwimage_wrapper(in->data, in->len);
	if (sqfs_probe(in->data, in->len, &sb))	/* at 0: also when cut short */
		return sqfs_open(&r->t, in->data, in->len, 0, err);
	if (!fwimage_find_sqfs(in->data, in->len, 0, in->len, &off))
		return err_set(err, in->path, ERR_NO_OFFSET, "no SquashFS 4.0 file system found "
		    "(searched for its magic and a valid superblock%s%s)", *wrapper ? " inside the " : "",
		    *wrapper ? *wrapper : "");
	return sqfs_open(&r->t, in->data, in->len, off, err);
}

/* A directory with neither etc/ nor bin/ is no root file system. */
static bool
looks_like_root(const struct fstree *t)
{
	const struct fs_entry *e;

	return (fstree_resolve(t, "etc", true, &e, NULL, 0) == FSR_OK && e && e->type == FS_DIR) ||
	    (fstree_resolve(t, "bin", true, &e, NULL, 0) == FSR_OK && e && e->type == FS_DIR);
}

static const char *
type_str(uint8_t type)
{
	static const char *const n[] = { "file", "dir", "symlink", "chardev", "blockdev",
		"fifo", "socket", "hardlink" };

	return type < 8 ? n[type] : "other";
}

static void
rootfs_facts(struct rootfs *r, const char *wrapper)
{
	json_t *o = json_object(), *probs = json_array();
	size_t counts[8] = { 0 };

	for (size_t i = 0; i < r->t.n; i++)
		counts[r->t.e[i].type < 8 ? r->t.e[i].type : 0]++;
	for (size_t i = 0; i < r->t.nprob; i++) {
		json_t *p = json_pack("{s:s, s:s}", "path", r->t.prob[i].path, "problem",
		    r->t.prob[i].what);

		if (p && r->t.prob[i].offset != UINT64_MAX)
			json_object_set_new(p, "offset", json_integer((json_int_t)r->t.prob[i].offset));
		json_array_append_new(probs, p);
	}
	json_object_set_new(o, "input", json_integer(r->in->index));
	json_object_set_new(o, "path", json_string(r->in->path));
	json_object_set_new(o, "format", json_string(r->t.format));
	json_object_set_new(o, "wrapper", wrapper ? json_string(wrapper) : json_null());
	json_object_set_new(o, "offset", json_integer((json_int_t)r->t.offset));
	json_object_set_new(o, "entries", json_integer((json_int_t)r->t.n));
	for (int k = 0; k < 8; k++)
		if (counts[k])
			json_object_set_new(o, type_str((uint8_t)k), json_integer((json_int_t)counts[k]));
	json_object_set_new(o, "file_bytes", json_integer((json_int_t)r->t.file_bytes));
	json_object_set_new(o, "complete", json_boolean(!r->t.incomplete));
	json_object_set_new(o, "problems", probs);
	json_object_set_new(o, "problems_not_listed", json_integer((json_int_t)r->t.prob_dropped));
	json_array_append_new(facts_list(r->f, "linux.rootfs", r->in->index), o);
}

static int
collect_rootfs(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct rootfs r = { .f = f, .in = in, .jobs = in->jobs };
	struct kernel_prep *kp;
	const char *wrapper;
	int rc = -1;

	fstree_init(&r.t, in->path);
	if (open_tree(&r, &wrapper, err) != 0)
		goto out;
	if (!looks_like_root(&r.t)) {
		err_set(err, in->path, ERR_NO_OFFSET, in->dir ? "is a directory, but not a root file "
		    "system (no etc/ or bin/ in it)" : "holds %s, but not a root file system "
		    "(no etc/ or bin/ in it)", r.t.format);
		goto out;
	}
	if (in->dir) {
		char hex[65];
		size_t unreadable;

		if (rootfs_dir_digest(&r.t, hex, &unreadable) != 0) {
			err_internal(err, in->path, "the directory's tree digest could not be computed");
			goto out;
		}
		facts_input_set_sha256(f, in->index, hex);
		if (unreadable)
			facts_warn(f, "%s: %zu files could not be read; their digests in the tree "
			    "digest are zero", in->path, unreadable);
	}
	rootfs_facts(&r, wrapper);
	/* A firmware image or flash slice may hold a kernel or a boot loader's
	 * environment; an archive or a directory holds files only. */
	kp = wrapper != NULL || strncmp(r.t.format, "squashfs", 8) == 0 ?
	    rootfs_kernel_start(&r) : NULL;
	/* A tree cut short may lack any file: none of its absences (no
	 * shadow entry, no telnetd, no key) is evidence, so nothing is read
	 * from it and its rules stay not_tested. */
	if (r.t.incomplete)
		facts_warn(f, "%s: the %s could not be read to its end (linux.rootfs "
		    "problems): what it lacks is unknown, so its accounts, services, keys and "
		    "binaries are not judged", in->path, r.t.format);
	else {
		rootfs_accounts(&r);
		rootfs_services(&r);
		rootfs_keys(&r);
		rootfs_elf(&r);
	}
	rootfs_kernel(&r, kp, !r.t.incomplete);
	rc = 0;
out:
	fstree_free(&r.t);
	free(r.owned);
	return rc;
}

const struct collector collector_linux_rootfs = {
	.kind = "linux-rootfs",
	.what = "embedded-Linux root file system (directory, tar, cpio, SquashFS, firmware image)",
	.detect = detect_rootfs,
	.collect = collect_rootfs,
	.reads_dirs = true,
};
