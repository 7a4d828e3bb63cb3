/* Default-credential login attempts (only with --try-logins): HTTP basic
 * and digest, telnet, FTP, MQTT. Bounded in attempts, time and pace. */
#ifndef FWAUDIT_NET_LOGIN_H
#define FWAUDIT_NET_LOGIN_H

#include <jansson.h>

#include "core/error.h"
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

/* Tries the list against the service described by port (a net_probe_tcp
 * object). NULL when the service takes no login we know how to try;
 * otherwise {"id", "port", "service", "method", "attempts", "failures",
 * "refused" (failures without a verdict), "rejected" (answered "wrong"),
 * "success", "complete" (true, or null with "reason" when some credential
 * got no verdict), "credential" (masked, only on success), "rate_limited"}.
 * A service that never gives a verdict is given up after three attempts. */
json_t *net_login_try(const struct net_target *t, const json_t *port,
    const struct cred_list *l, const struct login_params *p);

/* "admin / a***n": the user in full, the password's first and last
 * character only (all masked when shorter than 4). */
void cred_mask(const struct cred *c, char *out, size_t outlen);

#endif
