/* Signing the evidence manifest: CMS (RFC 5652) SignedData, detached, DER,
 * with the signer's certificate embedded, through OpenSSL's CMS_sign. The
 * signature covers manifest.json byte for byte (CMS_BINARY: no MIME
 * canonicalisation), which in turn covers every file by SHA-256. */
/* pem.h before cms.h: cms.h declares its PEM functions only when the PEM macros exist. */
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <string.h>

#include "reports/evidence.h"

static const char *
ossl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unknown reason";
}

/* PEM first, then DER. */
static X509 *
load_cert(const char *path, struct fw_err *err)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x = NULL;

	if (b == NULL) {
		err_set(err, path, ERR_NO_OFFSET, "cannot read the certificate");
		return NULL;
	}
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (x == NULL && BIO_reset(b) == 0)
		x = d2i_X509_bio(b, NULL);
	BIO_free(b);
	if (x == NULL)
		err_set(err, path, ERR_NO_OFFSET, "not an X.509 certificate (PEM or DER): %s",
		    ossl_reason());
	ERR_clear_error();
	return x;
}

static EVP_PKEY *
load_key(const char *path, struct fw_err *err)
{
	BIO *b = BIO_new_file(path, "rb");
	EVP_PKEY *k = NULL;

	if (b == NULL) {
		err_set(err, path, ERR_NO_OFFSET, "cannot read the signing key");
		return NULL;
	}
	/* No passphrase callback: an encrypted key fails here rather than
	 * prompting in CI. */
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)"");
	if (k == NULL && BIO_reset(b) == 0)
		k = d2i_PrivateKey_bio(b, NULL);
	BIO_free(b);
	if (k == NULL)
		err_set(err, path, ERR_NO_OFFSET, "not an unencrypted private key (PEM or "
		    "DER): %s", ossl_reason());
	ERR_clear_error();
	return k;
}

static int
load_pair(const char *key_path, const char *cert_path, EVP_PKEY **k, X509 **x,
    struct fw_err *err)
{
	*k = NULL;
	if ((*x = load_cert(cert_path, err)) == NULL)
		return -1;
	if ((*k = load_key(key_path, err)) == NULL)
		goto bad;
	if (X509_check_private_key(*x, *k) != 1) {
		ERR_clear_error();
		err_set(err, key_path, ERR_NO_OFFSET, "this private key does not match the "
		    "certificate %s (its public key differs): give the key the certificate "
		    "was issued for", cert_path);
		goto bad;
	}
	return 0;
bad:
	EVP_PKEY_free(*k);
	X509_free(*x);
	*k = NULL;
	*x = NULL;
	return -1;
}

int
cms_check_key(const char *key_path, const char *cert_path, struct fw_err *err)
{
	EVP_PKEY *k;
	X509 *x;

	if (load_pair(key_path, cert_path, &k, &x, err) != 0)
		return -1;
	EVP_PKEY_free(k);
	X509_free(x);
	return 0;
}

int
cms_sign_detached(const char *key_path, const char *cert_path, const void *data,
    size_t len, unsigned char **der, size_t *der_len, struct fw_err *err)
{
	EVP_PKEY *k;
	X509 *x;
	BIO *in = NULL;
	CMS_ContentInfo *cms = NULL;
	int n, rc = -1;

	*der = NULL;
	if (load_pair(key_path, cert_path, &k, &x, err) != 0)
		return -1;
	if ((in = BIO_new_mem_buf(data, (int)len)) == NULL ||
	    (cms = CMS_sign(x, k, NULL, in, CMS_DETACHED | CMS_BINARY)) == NULL) {
		err_set(err, key_path, ERR_NO_OFFSET, "cannot sign the manifest: %s",
		    ossl_reason());
		goto out;
	}
	if ((n = i2d_CMS_ContentInfo(cms, der)) <= 0) {
		err_set(err, key_path, ERR_NO_OFFSET, "cannot encode the signature");
		goto out;
	}
	*der_len = (size_t)n;
	rc = 0;
out:
	ERR_clear_error();
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	EVP_PKEY_free(k);
	X509_free(x);
	return rc;
}

static void
subject_of(X509 *x, char *buf, size_t len)
{
	X509_NAME_oneline(X509_get_subject_name(x), buf, (int)len);
}

int
cms_verify_detached(const void *sig, size_t sig_len, const void *data, size_t len,
    const char *signer_cert, char *msg, size_t msglen, struct fw_err *err)
{
	BIO *sb = BIO_new_mem_buf(sig, (int)sig_len), *db = BIO_new_mem_buf(data, (int)len);
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *signers = NULL;
	X509 *want = NULL, *got;
	char subj[256], wsubj[256];
	int rc = -1;

	if (sb == NULL || db == NULL) {
		err_oom(err, NULL, ERR_NO_OFFSET);
		goto out;
	}
	if (signer_cert != NULL && (want = load_cert(signer_cert, err)) == NULL)
		goto out;
	/* DER (what we write) or PEM. */
	cms = d2i_CMS_bio(sb, NULL);
	if (cms == NULL && BIO_reset(sb) == 0)
		cms = PEM_read_bio_CMS(sb, NULL, NULL, NULL);
	if (cms == NULL) {
		snprintf(msg, msglen, "signature invalid: %s is not a CMS signature",
		    EVIDENCE_SIGNATURE);
		rc = EVIDENCE_ALTERED;
		goto out;
	}
	/* The signature itself is checked here; trust in the signer is the
	 * --signer comparison below (no CA chain is assumed). */
	if (CMS_verify(cms, NULL, NULL, db, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		snprintf(msg, msglen, "signature invalid: %s does not match %s "
		    "(the manifest was changed after signing, or the signature is damaged)",
		    EVIDENCE_SIGNATURE, EVIDENCE_MANIFEST);
		rc = EVIDENCE_ALTERED;
		goto out;
	}
	signers = CMS_get0_signers(cms);
	got = signers != NULL && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : NULL;
	if (got == NULL) {
		snprintf(msg, msglen, "signature invalid: no signer certificate in %s",
		    EVIDENCE_SIGNATURE);
		rc = EVIDENCE_ALTERED;
		goto out;
	}
	subject_of(got, subj, sizeof(subj));
	if (want != NULL && X509_cmp(got, want) != 0) {
		subject_of(want, wsubj, sizeof(wsubj));
		snprintf(msg, msglen, "wrong signer: signed by %s, expected %s (%s)",
		    subj, wsubj, signer_cert);
		rc = EVIDENCE_OTHER_SIGNER;
		goto out;
	}
	snprintf(msg, msglen, "signature valid, signed by %s%s", subj,
	    want != NULL ? " (the expected signer)" : " (no --signer given: signer not checked)");
	rc = 0;
out:
	ERR_clear_error();
	sk_X509_free(signers);
	CMS_ContentInfo_free(cms);
	X509_free(want);
	BIO_free(sb);
	BIO_free(db);
	return rc;
}
