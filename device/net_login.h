/* Default-credential login attempts (only with --try-logins): HTTP basic
 * and digest, telnet, FTP, MQTT. Bounded in attempts, time and pace. */
#ifndef FWAUDIT_NET_LOGIN_H
#define FWAUDIT_NET_LOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "device/net_probe.h"
#include "device/net_scan.h"

struct cred {
	char user[64];
	char pass[64];
};

struct cred_list {
	struct cred *v;
	size_t n, cap;
};

/* Appends "user:password" lines of path (# comments, blank lines ignored);
 * 0, or -1 with err naming the file and line. */
int cred_list_load(struct cred_list *l, const char *path, struct fw_err *err);
void cred_list_free(struct cred_list *l);

struct login_params {
	int timeout_ms;		/* per attempt */
	int max_attempts;	/* per service */
	int delay_ms;		/* between attempts */
	long long deadline_ms;	/* for this service */
};

struct net_login_result {
	uint16_t port;
	const char *service;	/* as the probe named it */
	const char *method;	/* "http-basic", "http-digest", "telnet", "ftp", "mqtt" */
	size_t attempts, failures;
	size_t refused;		/* failures without a verdict (reset, closed, silent, 429) */
	bool success;
	/* Every credential tried got a verdict; false: some were not tested
	 * (reason says how many), which is missing evidence, not a pass. */
	bool complete;
	char reason[200];
	bool rate_limited;	/* slowed down or cut off after failures */
	char label[256];	/* what verdict evidence names the item by */
	char credential[160];	/* masked, on success only */
};

/* Tries the list against the service the probe found on its port: false
 * when that service takes no login we know how to try. A service that never
 * gives a verdict is given up after three attempts. */
bool net_login_try(const struct net_target *t, const struct net_port_probe *port,
    const struct cred_list *l, const struct login_params *p, struct net_login_result *out);

/* "admin / a***n": the user in full, the password's first and last
 * character only (all masked when shorter than 4). */
void cred_mask(const struct cred *c, char *out, size_t outlen);

#endif
