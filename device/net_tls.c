#include "core/hex.h"
#include "device/net_tls.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

static json_t *
cert_json(X509 *x, long long now)
{
	char subj[512], iss[512], nb[32], na[32], fp[65];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_PKEY *pk = X509_get0_pubkey(x);
	const char *ktype = "unknown";
	int sig_nid = X509_get_signature_nid(x);
	time_t tnow = (time_t)now;
	int self_issued = X509_check_issued(x, x) == X509_V_OK;
	json_t *o;

	X509_NAME_oneline(X509_get_subject_name(x), subj, sizeof(subj));
	X509_NAME_oneline(X509_get_issuer_name(x), iss, sizeof(iss));
	time_iso(X509_get0_notBefore(x), nb, sizeof(nb));
	time_iso(X509_get0_notAfter(x), na, sizeof(na));
	X509_digest(x, EVP_sha256(), md, &mdlen);
	hex_encode(md, mdlen < 32 ? mdlen : 32, fp);
	if (pk != NULL) {
		switch (EVP_PKEY_get_base_id(pk)) {
		case EVP_PKEY_RSA: ktype = "RSA"; break;
		case EVP_PKEY_EC: ktype = "EC"; break;
		case EVP_PKEY_ED25519: ktype = "Ed25519"; break;
		case EVP_PKEY_ED448: ktype = "Ed448"; break;
		case EVP_PKEY_DSA: ktype = "DSA"; break;
		default: break;
		}
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b, s:b}",
	    "subject", subj, "issuer", iss, "not_before", nb, "not_after", na,
	    "sha256", fp, "key_type", ktype, "key_bits", pk ? EVP_PKEY_get_bits(pk) : 0,
	    "signature_algorithm", sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "unknown",
	    "expired", X509_cmp_time(X509_get0_notAfter(x), &tnow) < 0,
	    "not_yet_valid", X509_cmp_time(X509_get0_notBefore(x), &tnow) > 0,
	    /* Self-signed: issued by itself and its own key verifies it. */
	    "self_signed", self_issued && pk != NULL && X509_verify(x, pk) == 1);
	return o;
}

static void
set_reason(json_t *o, const char *why)
{
	json_object_set_new(o, "reason", json_string(why));
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

json_t *
net_tls_inspect(const struct net_target *t, uint16_t port, int timeout_ms, long long now)
{
	json_t *o = NULL, *acc = json_array(), *tried = json_array(), *unavail = json_array(),
	    *refused = json_array(), *silent = json_array();
	struct net_conn c;
	SSL_CTX *ctx;
	char id[16], why[256] = "";
	bool legacy = true;	/* TLS 1.0 and 1.1 each accepted or refused */

	/* Each version alone: which ones the server completes a handshake with. */
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		if ((ctx = net_tls_probe_ctx(versions[i].version)) == NULL)
			continue;
		if (!locally_available(ctx)) {
			json_array_append_new(unavail, json_string(versions[i].name));
			legacy &= versions[i].version > TLS1_1_VERSION;
		} else {
			enum hs r = handshake(t, port, ctx, timeout_ms, &c);

			json_array_append_new(tried, json_string(versions[i].name));
			json_array_append_new(r == HS_OK ? acc : r == HS_REFUSED ? refused : silent,
			    json_string(versions[i].name));
			if (r == HS_OK)
				net_conn_close(&c);
			legacy &= versions[i].version > TLS1_1_VERSION || r != HS_NO_ANSWER;
		}
		SSL_CTX_free(ctx);
	}
	if (!legacy)
		snprintf(why, sizeof(why), "TLS 1.0/1.1 not tested: %s", json_array_size(unavail) ?
		    "this OpenSSL cannot offer them" : "no alert and no handshake (reset, closed "
		    "or silent) for a version offered alone");
	snprintf(id, sizeof(id), "tcp/%u", port);
	if (json_array_size(acc) == 0) {
		/* The service probe completed a handshake, these did not: the
		 * port is a TLS port whose certificate and versions are unknown. */
		o = json_pack("{s:s, s:i, s:[], s:O, s:O, s:O, s:O, s:n, s:s}", "id", id,
		    "port", port, "versions", "versions_tried", tried, "versions_unavailable",
		    unavail, "versions_refused", refused, "versions_no_answer", silent,
		    "legacy_tested", "reason", "no handshake completed when inspected: reset, "
		    "closed or silent (certificate and versions unknown)");
		goto out;
	}
	/* Then what the server picks when offered everything: its chain. */
	if ((ctx = net_tls_probe_ctx(0)) == NULL)
		goto out;
	if (handshake(t, port, ctx, timeout_ms, &c) == HS_OK) {
		STACK_OF(X509) *chain = SSL_get_peer_cert_chain(c.ssl);
		X509 *leaf = SSL_get0_peer_certificate(c.ssl);
		json_t *ch = json_array();

		for (int i = 0; chain != NULL && i < sk_X509_num(chain); i++)
			json_array_append_new(ch, cert_json(sk_X509_value(chain, i), now));
		o = json_pack("{s:s, s:i, s:O, s:O, s:O, s:s, s:s, s:o}", "id", id,
		    "port", port, "versions", acc, "versions_tried", tried,
		    "versions_unavailable", unavail,
		    "negotiated", SSL_get_version(c.ssl),
		    "cipher", SSL_CIPHER_get_name(SSL_get_current_cipher(c.ssl)),
		    "chain", ch);
		if (o != NULL && leaf != NULL)
			json_object_set_new(o, "cert", cert_json(leaf, now));
		net_conn_close(&c);
	}
	SSL_CTX_free(ctx);
	if (o == NULL)	/* versions known, the chain not: the last handshake failed */
		o = json_pack("{s:s, s:i, s:O, s:O, s:O, s:s}", "id", id, "port", port,
		    "versions", acc, "versions_tried", tried, "versions_unavailable", unavail,
		    "reason", "the handshake for the certificate chain failed (reset, closed "
		    "or silent): certificate unknown");
out:
	if (o != NULL) {
		json_object_set(o, "versions_refused", refused);
		json_object_set(o, "versions_no_answer", silent);
		/* null, not false: untested legacy versions are missing evidence */
		json_object_set_new(o, "legacy_tested", legacy ? json_true() : json_null());
		if (!legacy && why[0] && json_object_get(o, "reason") == NULL)
			set_reason(o, why);
	}
	json_decref(acc);
	json_decref(tried);
	json_decref(unavail);
	json_decref(refused);
	json_decref(silent);
	return o;
}
