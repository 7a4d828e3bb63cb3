/* --ports SPEC: which TCP ports the connect scan tries. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "device/net_scan.h"

/* Common IoT services: remote shells and file transfer (21, 22, 23, 2323),
 * DNS (53), web UIs (80, 81, 443, 8000, 8008, 8080, 8081, 8443, 8888, 9000),
 * RTSP cameras (554, 8554), MQTT (1883, 8883), mDNS/CoAP/Matter over TCP
 * (5353, 5683, 5540), UPnP HTTP (1900, 49152, 49153), TR-069 (7547), Modbus
 * (502), Tuya local (6668), Home Assistant (8123), ESPHome native API (6053),
 * Arduino OTA (3232). */
static const uint16_t top_ports[] = {
	21, 22, 23, 53, 80, 81, 443, 502, 554, 1883, 1900, 2323, 3232, 5353,
	5540, 5683, 6053, 6668, 7547, 8000, 8008, 8080, 8081, 8123, 8443, 8554,
	8883, 8888, 9000, 49152, 49153,
};

size_t
net_top_ports(const uint16_t **ports)
{
	*ports = top_ports;
	return sizeof(top_ports) / sizeof(top_ports[0]);
}

static void
add(struct port_set *ps, unsigned port)
{
	if (!port_set_has(ps, port)) {
		ps->tcp[port >> 3] |= (uint8_t)(1u << (port & 7));
		ps->ntcp++;
	}
}

static int
parse_port(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 6)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
token(struct port_set *ps, const char *s, size_t n, struct fw_err *err)
{
	const char *dash = memchr(s, '-', n);
	unsigned lo, hi;

	if (n == 3 && strncmp(s, "top", 3) == 0) {
		for (size_t i = 0; i < sizeof(top_ports) / sizeof(top_ports[0]); i++)
			add(ps, top_ports[i]);
		ps->udp = true;
		return 0;
	}
	if (n == 3 && strncmp(s, "all", 3) == 0) {
		for (unsigned p = 1; p <= 65535; p++)
			add(ps, p);
		ps->udp = true;
		return 0;
	}
	if (n == 3 && strncmp(s, "udp", 3) == 0) {
		ps->udp = true;
		return 0;
	}
	if (dash == NULL) {
		if (parse_port(s, n, &lo) != 0)
			goto bad;
		add(ps, lo);
		return 0;
	}
	if (parse_port(s, (size_t)(dash - s), &lo) != 0 ||
	    parse_port(dash + 1, n - (size_t)(dash - s) - 1, &hi) != 0 || lo > hi)
		goto bad;
	for (unsigned p = lo; p <= hi; p++)
		add(ps, p);
	return 0;
bad:
	return err_set(err, "--ports", ERR_NO_OFFSET, "'%.*s' is not a port (1-65535), "
	    "a range LO-HI with LO <= HI, 'top', 'all' or 'udp'", (int)n, s);
}

int
net_ports_parse(const char *spec, struct port_set *ps, struct fw_err *err)
{
	const char *s;

	memset(ps, 0, sizeof(*ps));
	if (spec == NULL)
		spec = "top";
	if (*spec == '\0')
		return err_set(err, "--ports", ERR_NO_OFFSET, "empty port list");
	for (s = spec;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);

		if (token(ps, s, n, err) != 0)
			return -1;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	return 0;
}
