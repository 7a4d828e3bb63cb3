/* MQTT 3.1.1 CONNECT and CONNACK (OASIS MQTT 3.1.1, 3.1 and 3.2). */
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

static int
put_str(uint8_t *out, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (n > 0xffff || *o + 2 + n > cap)
		return -1;
	out[(*o)++] = (uint8_t)(n >> 8);
	out[(*o)++] = (uint8_t)n;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

size_t
mqtt_connect_build(uint8_t *out, size_t cap, const char *client_id,
    const char *user, const char *pass)
{
	uint8_t body[1024];
	size_t b = 0, o = 0, rem;
	uint8_t flags = 0x02;	/* clean session */

	if (user != NULL)
		flags |= 0x80;
	if (pass != NULL)
		flags |= 0x40;
	if (put_str(body, sizeof(body), &b, "MQTT") != 0)
		return 0;
	body[b++] = 4;			/* protocol level 3.1.1 */
	body[b++] = flags;
	body[b++] = 0;
	body[b++] = 30;			/* keep-alive seconds */
	if (put_str(body, sizeof(body), &b, client_id) != 0 ||
	    (user && put_str(body, sizeof(body), &b, user) != 0) ||
	    (pass && put_str(body, sizeof(body), &b, pass) != 0))
		return 0;
	if (cap < b + 5)
		return 0;
	out[o++] = 0x10;		/* CONNECT */
	/* Remaining length, 7 bits per byte (2.2.3). */
	for (rem = b;;) {
		uint8_t d = rem & 0x7f;

		rem >>= 7;
		out[o++] = (uint8_t)(d | (rem ? 0x80 : 0));
		if (!rem)
			break;
	}
	memcpy(out + o, body, b);
	return o + b;
}

int
mqtt_connack_code(const uint8_t *buf, size_t len)
{
	struct reader r;
	uint8_t type, rl, ack, code;

	rd_init(&r, buf, len);
	if (rd_u8(&r, &type) != 0 || type != 0x20 || rd_u8(&r, &rl) != 0 || rl != 2 ||
	    rd_u8(&r, &ack) != 0 || (ack & 0xfe) != 0 || rd_u8(&r, &code) != 0)
		return -1;
	return code;
}

bool
mqtt_connack_complete(const uint8_t *buf, size_t len)
{
	return len >= 4 || (len >= 1 && buf[0] != 0x20);
}
