/* HTTP/1.x, RTSP/1.0 and SSDP heads (RFC 9112 2-5, RFC 2326 6-7, UPnP
 * Device Architecture 1.1): a status line then "Name: value" lines up to an
 * empty line. Read line by line through the bounded reader. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/reader.h"
#include "formats/netproto.h"

bool
http_head_complete(const uint8_t *buf, size_t len)
{
	return http_body_offset(buf, len) < len ||
	    (len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0) ||
	    (len >= 2 && memcmp(buf + len - 2, "\n\n", 2) == 0);
}

size_t
http_body_offset(const uint8_t *buf, size_t len)
{
	struct reader r;
	const uint8_t *line;
	size_t n;

	rd_init(&r, buf, len);
	while (rd_line(&r, &line, &n) == 0) {
		if (n == 0)
			return r.off;
	}
	return len;
}

int
http_status(const uint8_t *buf, size_t len, const char *proto)
{
	struct reader r;
	const uint8_t *line;
	size_t n, plen = strlen(proto), i;
	int code = 0;

	rd_init(&r, buf, len);
	if (rd_line(&r, &line, &n) != 0 || n < plen + 8 ||
	    strncmp((const char *)line, proto, plen) != 0)
		return -1;
	/* PROTO/d.d SP ddd */
	for (i = plen; i < n && line[i] != ' '; i++)
		;
	if (i + 4 > n)
		return -1;
	for (size_t k = i + 1; k < i + 4; k++) {
		if (!isdigit(line[k]))
			return -1;
		code = code * 10 + (line[k] - '0');
	}
	return code;
}

int
http_header(const uint8_t *buf, size_t len, const char *name, char *out, size_t outlen)
{
	struct reader r;
	const uint8_t *line;
	size_t n, nlen = strlen(name);

	rd_init(&r, buf, len);
	if (rd_line(&r, &line, &n) != 0)	/* status line */
		return -1;
	while (rd_line(&r, &line, &n) == 0 && n > 0) {
		size_t v, e;

		if (n <= nlen || line[nlen] != ':' ||
		    strncasecmp((const char *)line, name, nlen) != 0)
			continue;
		for (v = nlen + 1; v < n && (line[v] == ' ' || line[v] == '\t'); v++)
			;
		for (e = n; e > v && (line[e - 1] == ' ' || line[e - 1] == '\t'); e--)
			;
		if (outlen == 0)
			return -1;
		n = e - v < outlen - 1 ? e - v : outlen - 1;
		for (size_t k = 0; k < n; k++)
			out[k] = isprint(line[v + k]) ? (char)line[v + k] : '?';
		out[n] = '\0';
		return 0;
	}
	return -1;
}
