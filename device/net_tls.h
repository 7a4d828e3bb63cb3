/* TLS on one port of the target (OpenSSL): which protocol versions the
 * server accepts and what certificate chain it presents. */
#ifndef FWAUDIT_NET_TLS_H
#define FWAUDIT_NET_TLS_H

#include <jansson.h>
#include <openssl/ssl.h>

#include "device/net_scan.h"

/* A client context for probing: no verification (we inspect, we do not
 * trust), security level 0 so old versions and weak keys still connect,
 * pinned to one version (TLS1_VERSION...) or any (0). NULL on failure. */
SSL_CTX *net_tls_probe_ctx(int version);

/* {"id", "port", "versions": ["TLSv1.2", ...] (accepted), "versions_tried",
 *  "versions_unavailable" (the local OpenSSL cannot offer them),
 *  "versions_refused" (answered with a TLS alert), "versions_no_answer"
 *  (reset, closed or silent: untested), "legacy_tested" (true when TLS 1.0
 *  and 1.1 were each accepted or refused, else null), "cipher",
 *  "negotiated", "cert": {...}, "chain": [{...}], "reason" (what is
 *  unknown and why)}. cert is absent when no handshake gave a chain. now is
 * the UNIX time for validity. */
json_t *net_tls_inspect(const struct net_target *t, uint16_t port, int timeout_ms,
    long long now);

#endif
