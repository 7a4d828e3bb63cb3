#include "util/hex.h"
#include "device/net_tls.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/hex.h"
#include "device/net_conn.h"

static const struct {
	int version;
	const char *name;
} versions[] = {
	{ TLS1_VERSION, "TLSv1" },
	{ TLS1_1_VERSION, "TLSv1.1" },
	{ TLS1_2_VERSION, "TLSv1.2" },
	{ TLS1_3_VERSION, "TLSv1.3" },
};
_Static_assert(sizeof(versions) / sizeof(versions[0]) == NET_TLS_VERSIONS,
    "one version-mask bit per entry");

SSL_CTX *
net_tls_probe_ctx(int version)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* Debian's openssl.cnf sets MinProtocol TLSv1.2 and SECLEVEL 2; a probe
	 * must be able to see what an old or weak server still accepts. */
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
	SSL_CTX_set_min_proto_version(ctx, version ? version : TLS1_VERSION);
	SSL_CTX_set_max_proto_version(ctx, version ? version : 0);
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	return ctx;
}

/* Whether this OpenSSL can offer version at all (ciphers for it exist). */
static int
locally_available(SSL_CTX *ctx)
{
	SSL *ssl = SSL_new(ctx);
	STACK_OF(SSL_CIPHER) *c;
	int ok;

	if (ssl == NULL)
		return 0;
	c = SSL_get1_supported_ciphers(ssl);
	ok = c != NULL && sk_SSL_CIPHER_num(c) > 0;
	sk_SSL_CIPHER_free(c);
	SSL_free(ssl);
	return ok;
}

static void
time_iso(const ASN1_TIME *t, char *out, size_t outlen)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		snprintf(out, outlen, "?");
		return;
	}
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
key_type(const EVP_PKEY *pk)
{
	switch (pk != NULL ? EVP_PKEY_get_base_id(pk) : EVP_PKEY_NONE) {
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_EC: return "EC";
	case EVP_PKEY_ED25519: return "Ed25519";
	case EVP_PKEY_ED448: return "Ed448";
	case EVP_PKEY_DSA: return "DSA";
	default: return "unknown";
	}
}

static void
cert_read(X509 *x, long long now, struct net_cert *o)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int sig_nid = X509_get_signature_nid(x);
	time_t tnow = (time_t)now;
	int self_issued = X509_check_issued(x, x) == X509_V_OK;

	X509_NAME_oneline(X509_get_subject_name(x), o->subject, sizeof(o->subject));
	X509_NAME_oneline(X509_get_issuer_name(x), o->issuer, sizeof(o->issuer));
	time_iso(X509_get0_notBefore(x), o->not_before, sizeof(o->not_before));
	time_iso(X509_get0_notAfter(x), o->not_after, sizeof(o->not_after));
	X509_digest(x, EVP_sha256(), md, &mdlen);
	hex_encode(md, mdlen < 32 ? mdlen : 32, o->sha256);
	o->key_type = key_type(pk);
	o->key_bits = pk ? EVP_PKEY_get_bits(pk) : 0;
	o->signature_algorithm = sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "unknown";
	o->expired = X509_cmp_time(X509_get0_notAfter(x), &tnow) < 0;
	o->not_yet_valid = X509_cmp_time(X509_get0_notBefore(x), &tnow) > 0;
	/* Self-signed: issued by itself and its own key verifies it. */
	o->self_signed = self_issued && pk != NULL && X509_verify(x, pk) == 1;
}

enum hs { HS_OK, HS_REFUSED, HS_NO_ANSWER };

/* HS_REFUSED only for a TLS alert: a reset, a close or silence after our
 * ClientHello proves nothing about the version (the peer may be failing
 * for any reason), so those leave it untested. */
static enum hs
handshake(const struct net_target *t, uint16_t port, SSL_CTX *ctx, int timeout_ms,
    struct net_conn *c)
{
	bool alert;

	if (net_conn_open(c, t, port, timeout_ms) != 0)
		return HS_NO_ANSWER;
	if (net_conn_tls(c, ctx, NULL, net_now_ms() + timeout_ms) != 0) {
		alert = net_conn_tls_alert(c);
		net_conn_close(c);
		return alert ? HS_REFUSED : HS_NO_ANSWER;
	}
	return HS_OK;
}

/* Each version alone: which ones the server completes a handshake with. */
static void
try_versions(const struct net_target *t, uint16_t port, int timeout_ms,
    struct net_tls_result *o)
{
	struct net_conn c;
	SSL_CTX *ctx;

	o->legacy_tested = true;
	for (size_t i = 0; i < NET_TLS_VERSIONS; i++) {
		unsigned bit = 1u << i;
		bool legacy = versions[i].version <= TLS1_1_VERSION;
		enum hs r;

		if ((ctx = net_tls_probe_ctx(versions[i].version)) == NULL)
			continue;
		if (!locally_available(ctx)) {
			o->unavailable |= bit;
			o->legacy_tested &= !legacy;
		} else {
			r = handshake(t, port, ctx, timeout_ms, &c);
			o->tried |= bit;
			*(r == HS_OK ? &o->accepted : r == HS_REFUSED ? &o->refused :
			    &o->no_answer) |= bit;
			if (r == HS_OK)
				net_conn_close(&c);
			o->legacy_tested &= !legacy || r != HS_NO_ANSWER;
		}
		SSL_CTX_free(ctx);
	}
}

/* What the server picks when offered everything: its chain. */
static void
read_chain(SSL *ssl, long long now, struct net_tls_result *o)
{
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
	X509 *leaf = SSL_get0_peer_certificate(ssl);
	int n = chain != NULL ? sk_X509_num(chain) : 0;

	o->outcome = TLS_CHAIN;
	snprintf(o->negotiated, sizeof(o->negotiated), "%s", SSL_get_version(ssl));
	snprintf(o->cipher, sizeof(o->cipher), "%s",
	    SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
	if (n > 0 && (o->chain = calloc((size_t)n, sizeof(*o->chain))) != NULL)
		for (int i = 0; i < n; i++)
			cert_read(sk_X509_value(chain, i), now, &o->chain[o->nchain++]);
	if (leaf != NULL) {
		o->has_leaf = true;
		cert_read(leaf, now, &o->leaf);
	}
}

int
net_tls_inspect(const struct net_target *t, uint16_t port, int timeout_ms, long long now,
    struct net_tls_result *o)
{
	struct net_conn c;
	SSL_CTX *ctx;

	memset(o, 0, sizeof(*o));
	o->port = port;
	try_versions(t, port, timeout_ms, o);
	if (o->accepted == 0) {
		/* The service probe completed a handshake, these did not: the
		 * port is a TLS port whose certificate and versions are unknown. */
		o->outcome = TLS_NO_HANDSHAKE;
		snprintf(o->reason, sizeof(o->reason), "no handshake completed when inspected: "
		    "reset, closed or silent (certificate and versions unknown)");
		return 0;
	}
	if ((ctx = net_tls_probe_ctx(0)) == NULL)
		return -1;
	if (handshake(t, port, ctx, timeout_ms, &c) == HS_OK) {
		read_chain(c.ssl, now, o);
		net_conn_close(&c);
	} else {
		o->outcome = TLS_CHAIN_FAILED;
		snprintf(o->reason, sizeof(o->reason), "the handshake for the certificate chain "
		    "failed (reset, closed or silent): certificate unknown");
	}
	SSL_CTX_free(ctx);
	if (!o->legacy_tested && o->reason[0] == '\0')
		snprintf(o->reason, sizeof(o->reason), "TLS 1.0/1.1 not tested: %s",
		    o->unavailable ? "this OpenSSL cannot offer them" : "no alert and no "
		    "handshake (reset, closed or silent) for a version offered alone");
	return 0;
}

void
net_tls_result_free(struct net_tls_result *r)
{
	free(r->chain);
	r->chain = NULL;
	r->nchain = 0;
}

const char *
net_tls_version_name(size_t i)
{
	return i < NET_TLS_VERSIONS ? versions[i].name : NULL;
}
