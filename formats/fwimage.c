#include "formats/fwimage.h"

#include <stdint.h>
#include <string.h>

#include "formats/archive.h"
#include "formats/decomp.h"
#include "formats/squashfs.h"
#include "util/reader.h"

#define TRX_HEADER 28

static bool
tplink_at(const uint8_t *p, size_t n, size_t off)
{
	uint32_t v = n >= off + 32 ? ld_le32(p + off) : 0;

	/* u32 version (1 or 2, either byte order), then the vendor name */
	return (v == 1 || v == 2 || v == 0x01000000u || v == 0x02000000u) &&
	    memcmp(p + off + 4, "TP-LINK", 7) == 0;
}

const char *
fwimage_wrapper(const uint8_t *p, size_t n)
{
	if (n >= TRX_HEADER && memcmp(p, "HDR0", 4) == 0)
		return tplink_at(p, n, TRX_HEADER) ? "trx+tp-link" : "trx";
	if (tplink_at(p, n, 0))
		return "tp-link";
	if (n >= 64 && p[0] == 0x27 && p[1] == 0x05 && p[2] == 0x19 && p[3] == 0x56)
		return "uimage";
	return NULL;
}

bool
fwimage_find_sqfs(const uint8_t *p, size_t n, size_t from, size_t limit, size_t *off)
{
	size_t end = limit < n ? limit : n;
	uint32_t magic, w;

	/* A SquashFS starts on a 4-byte boundary: only those are looked at. */
	memcpy(&magic, "hsqs", 4);
	for (size_t h = (from + 3) & ~(size_t)3; h + 4 <= end; h += 4) {
		struct sqfs_super sb;

		memcpy(&w, p + h, 4);
		if (w == magic && sqfs_probe(p + h, n - h, &sb) && sb.bytes_used <= n - h) {
			*off = h;
			return true;
		}
	}
	return false;
}

const char *
fwimage_foreign(const uint8_t *p, size_t n)
{
	struct sqfs_super sb;
	const char *w = fwimage_wrapper(p, n);

	if (w != NULL)
		return w;
	if (n >= 4 && (memcmp(p, "hsqs", 4) == 0 || memcmp(p, "sqsh", 4) == 0) &&
	    (n < SQFS_SUPER_LEN || sqfs_probe(p, n, &sb) || memcmp(p, "sqsh", 4) == 0))
		return "squashfs";
	if (decomp_sniff(p, n) >= 0)
		return "compressed file";
	if (tar_probe(p, n))
		return "tar";
	if (cpio_probe(p, n))
		return "cpio";
	if (n >= 4 && memcmp(p, "\177ELF", 4) == 0)
		return "ELF";
	return NULL;
}
