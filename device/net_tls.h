/* TLS on one port of the target (OpenSSL): which protocol versions the
 * server accepts and what certificate chain it presents, as a plain record
 * (checks/net_facts.c makes the tls.services item of it). */
#ifndef FWAUDIT_NET_TLS_H
#define FWAUDIT_NET_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device/net_scan.h"

/* A client context for probing: no verification (we inspect, we do not
 * trust), security level 0 so old versions and weak keys still connect,
 * pinned to one version (TLS1_VERSION...) or any (0). NULL on failure. */
SSL_CTX *net_tls_probe_ctx(int version);

/* The versions tried, oldest first; bit i of the masks below is version i. */
#define NET_TLS_VERSIONS 4
const char *net_tls_version_name(size_t i);	/* "TLSv1", ..., "TLSv1.3" */

struct net_cert {
	char subject[512], issuer[512];	/* one-line distinguished names */
	char not_before[32], not_after[32];	/* ISO 8601 UTC, or "?" */
	char sha256[65];		/* fingerprint of the DER */
	const char *key_type;		/* "RSA", "EC", ..., "unknown" */
	int key_bits;
	const char *signature_algorithm;	/* OpenSSL's long name, or "unknown" */
	bool expired, not_yet_valid, self_signed;
};

enum tls_outcome {
	TLS_NO_HANDSHAKE,	/* no version alone completed a handshake */
	TLS_CHAIN,		/* versions known, and the chain */
	TLS_CHAIN_FAILED,	/* versions known, the handshake for the chain failed */
};

struct net_tls_result {
	uint16_t port;
	unsigned accepted, tried, unavailable, refused, no_answer;	/* version masks */
	/* TLS 1.0 and 1.1 were each accepted or refused; false means untested
	 * (missing evidence), never "not accepted". */
	bool legacy_tested;
	enum tls_outcome outcome;
	char negotiated[32], cipher[64];	/* TLS_CHAIN */
	struct net_cert *chain;		/* TLS_CHAIN: as the server sent it */
	size_t nchain;
	bool has_leaf;
	struct net_cert leaf;
	char reason[256];		/* what is unknown and why, or "" */
};

/* Versions: "versions_unavailable" are those the local OpenSSL cannot
 * offer, "refused" those answered with a TLS alert, "no_answer" those
 * reset, closed or silent (untested). now is the UNIX time for validity.
 * 0, or -1 (no client context: nothing inspected). Free with
 * net_tls_result_free. */
int net_tls_inspect(const struct net_target *t, uint16_t port, int timeout_ms,
    long long now, struct net_tls_result *out);
void net_tls_result_free(struct net_tls_result *r);

#endif
