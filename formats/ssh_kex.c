/* SSH identification string and KEXINIT (RFC 4253 4.2, 6 and 7.1):
 *   uint32 packet_length, byte padding_length, payload, padding
 *   payload: byte 20, byte[16] cookie, 10 name-lists (uint32 length +
 *   ASCII), boolean first_kex_packet_follows, uint32 reserved. */
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

#define SSH_MSG_KEXINIT 20
#define SSH_MAX_PACKET 35000	/* RFC 4253 6.1: implementations must accept 35000 */

size_t
ssh_version_line(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	struct reader r;
	const uint8_t *line;
	size_t n;

	rd_init(&r, buf, len);
	/* The server may send other lines before the version (4.2). */
	while (rd_line(&r, &line, &n) == 0) {
		if (r.off > 0 && buf[r.off - 1] != '\n')
			return 0;	/* no newline yet: incomplete */
		if (n >= 4 && memcmp(line, "SSH-", 4) == 0) {
			size_t k = n < outlen - 1 ? n : outlen - 1;

			for (size_t i = 0; i < k; i++)
				out[i] = line[i] >= 0x20 && line[i] < 0x7f ? (char)line[i] : '?';
			out[k] = '\0';
			return r.off;
		}
	}
	return 0;
}

bool
ssh_packet_complete(const uint8_t *buf, size_t len)
{
	struct reader r;
	uint32_t plen;

	rd_init(&r, buf, len);
	if (rd_u32be(&r, &plen) != 0)
		return false;
	return plen > SSH_MAX_PACKET || rd_left(&r) >= plen;
}

static int
name_list(struct reader *r, char *out, size_t outlen)
{
	uint32_t n;
	const uint8_t *p;
	size_t k;

	if (rd_u32be(r, &n) != 0 || rd_ptr(r, &p, n) != 0)
		return -1;
	k = n < outlen - 1 ? n : outlen - 1;
	for (size_t i = 0; i < k; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[k] = '\0';
	return 0;
}

int
ssh_kexinit_parse(const uint8_t *buf, size_t len, struct ssh_kexinit *k)
{
	struct reader r, pkt;
	uint32_t plen;
	uint8_t padlen, msg;
	char skip[16];

	memset(k, 0, sizeof(*k));
	rd_init(&r, buf, len);
	if (rd_u32be(&r, &plen) != 0 || plen > SSH_MAX_PACKET ||
	    rd_sub(&r, 4, plen, &pkt) != 0)
		return -1;
	if (rd_u8(&pkt, &padlen) != 0 || padlen >= plen ||
	    rd_sub(&pkt, 1, plen - 1 - padlen, &pkt) != 0)
		return -1;
	if (rd_u8(&pkt, &msg) != 0 || msg != SSH_MSG_KEXINIT || rd_skip(&pkt, 16) != 0)
		return -1;
	if (name_list(&pkt, k->kex, sizeof(k->kex)) != 0 ||
	    name_list(&pkt, k->host_key, sizeof(k->host_key)) != 0 ||
	    name_list(&pkt, k->ciphers, sizeof(k->ciphers)) != 0 ||
	    name_list(&pkt, skip, sizeof(skip)) != 0 ||	/* ciphers s2c */
	    name_list(&pkt, k->macs, sizeof(k->macs)) != 0)
		return -1;
	return 0;
}
