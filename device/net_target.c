/* The one address a live network audit talks to, resolved once. */
#include "device/net_scan.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <time.h>

long long
net_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
net_resolve(const char *host, struct net_target *t, struct fw_err *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_ADDRCONFIG }, *res = NULL;
	char lit[256];
	const char *name = host;
	size_t n = strlen(host);
	int rc;

	memset(t, 0, sizeof(*t));
	t->host = host;
	/* "[::1]" as URLs write IPv6 literals. */
	if (n > 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(lit)) {
		memcpy(lit, host + 1, n - 2);
		lit[n - 2] = '\0';
		name = lit;
	}
	if (*name == '\0')
		return err_set(err, "--host", ERR_NO_OFFSET, "empty host name");
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc == EAI_ADDRFAMILY || rc == EAI_NONAME) {
		/* AI_ADDRCONFIG hides loopback-only families; retry without. */
		hints.ai_flags = 0;
		rc = getaddrinfo(name, NULL, &hints, &res);
	}
	if (rc != 0 || res == NULL)
		return err_set(err, host, ERR_NO_OFFSET, "cannot resolve host name: %s",
		    rc != 0 ? gai_strerror(rc) : "no address");
	/* One address only: the first the resolver prefers. */
	memcpy(&t->sa, res->ai_addr, res->ai_addrlen);
	t->salen = res->ai_addrlen;
	t->family = res->ai_family;
	freeaddrinfo(res);
	if (t->family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&t->sa)->sin_addr, t->addr,
		    sizeof(t->addr));
	else if (t->family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&t->sa)->sin6_addr, t->addr,
		    sizeof(t->addr));
	else
		return err_set(err, host, ERR_NO_OFFSET, "resolves to neither IPv4 nor IPv6");
	return 0;
}

void
net_target_addr(const struct net_target *t, uint16_t port, struct sockaddr_storage *sa)
{
	memcpy(sa, &t->sa, sizeof(*sa));
	if (t->family == AF_INET)
		((struct sockaddr_in *)sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
}
