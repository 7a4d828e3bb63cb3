/* identity.* items from certificate and key bytes, through OpenSSL. */
#include "core/facts.h"
#include "checks/identity.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checks/secrets.h"
#include "util/hex.h"

/* The identity.examined item of input, created with zero counts if absent
 * (with the identity lists, so "looked, found none" differs from "never
 * looked"); borrowed, or NULL on allocation failure. */
static json_t *
identity_examined_item(struct facts *f, int input)
{
	json_t *l = facts_list(f, "identity.examined", input), *it;
	size_t i;

	if (l == NULL || facts_list(f, "identity.certificates", input) == NULL ||
	    facts_list(f, "identity.ca_certificates", input) == NULL ||
	    facts_list(f, "identity.private_keys", input) == NULL)
		return NULL;
	json_array_foreach(l, i, it)
		if (json_integer_value(json_object_get(it, "input")) == input)
			return it;
	it = json_pack("{s:i, s:s, s:i, s:i}", "input", input,
	    "path", facts_input_path(f, input), "device_certificates", 0,
	    "private_keys", 0);
	if (it == NULL || json_array_append_new(l, it) != 0)
		return NULL;
	return it;
}

/* Counts one more item of kind in input's identity.examined entry. */
static int
count_found(struct facts *f, int input, const char *field)
{
	json_t *it = identity_examined_item(f, input);

	if (it == NULL)
		return -1;
	return json_object_set_new(it, field, json_integer(
	    json_integer_value(json_object_get(it, field)) + 1));
}

int
identity_searched(struct facts *f, int input)
{
	return identity_examined_item(f, input) != NULL ? 0 : -1;
}

/* A memory BIO over the bytes when they hold PEM with this marker, else
 * NULL (then they are taken as DER). The BIO reads at most len bytes. */
static BIO *
pem_bio(const uint8_t *v, size_t len, const char *marker)
{
	if (len > INT32_MAX || !bytes_contain(v, len, marker))
		return NULL;
	return BIO_new_mem_buf(v, (int)len);
}

/* Never ask for a passphrase: OpenSSL's default callback would prompt on
 * the terminal for an encrypted PEM key. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf; (void)size; (void)rwflag; (void)u;
	return -1;
}

static X509 *
load_cert(const uint8_t *v, size_t len)
{
	const unsigned char *p = v;
	BIO *b = pem_bio(v, len, "-----BEGIN CERTIFICATE-----");
	X509 *x;

	if (b == NULL)
		return len > INT32_MAX ? NULL : d2i_X509(NULL, &p, (long)len);
	x = PEM_read_bio_X509(b, NULL, no_passphrase, NULL);
	BIO_free(b);
	return x;
}

static EVP_PKEY *
load_key(const uint8_t *v, size_t len)
{
	const unsigned char *p = v;
	BIO *b = pem_bio(v, len, "PRIVATE KEY-----");
	EVP_PKEY *k;

	if (b == NULL)
		return len > INT32_MAX ? NULL : d2i_AutoPrivateKey(NULL, &p, (long)len);
	k = PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL);
	BIO_free(b);
	return k;
}

/* Key type, size and SHA-256 of the SubjectPublicKeyInfo (equal for a
 * certificate and its private key, so the two can be matched). */
static void
key_fields(json_t *o, EVP_PKEY *k)
{
	unsigned char *der = NULL;
	char fp[65], curve[64];
	size_t clen = 0;
	int n, id = EVP_PKEY_get_base_id(k);
	const char *type = id == EVP_PKEY_RSA ? "rsa" : id == EVP_PKEY_EC ? "ec" :
	    id == EVP_PKEY_ED25519 ? "ed25519" : id == EVP_PKEY_DSA ? "dsa" : "other";

	json_object_set_new(o, "key_type", json_string(type));
	json_object_set_new(o, "key_bits", json_integer(EVP_PKEY_get_bits(k)));
	if (id == EVP_PKEY_EC && EVP_PKEY_get_utf8_string_param(k, "group", curve,
	    sizeof(curve), &clen) == 1)
		json_object_set_new(o, "curve", json_string(curve));
	if ((n = i2d_PUBKEY(k, &der)) > 0 && sha256_hex(der, (size_t)n, fp) == 0)
		json_object_set_new(o, "public_key_sha256", json_string(fp));
	OPENSSL_free(der);
}

void
x509_time_field(json_t *o, const char *name, const ASN1_TIME *t)
{
	struct tm tm;
	char buf[32];

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(o, name, json_string(buf));
}

void
x509_name_field(json_t *o, const char *field, const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;
	long len;

	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253) >= 0 &&
	    (len = BIO_get_mem_data(b, &s)) >= 0)
		json_object_set_new(o, field, json_stringn(s, (size_t)len));
	BIO_free(b);
}

static json_t *
origin_item(const struct id_origin *o, const uint8_t *v, size_t len)
{
	char hex[65];

	return json_pack("{s:i, s:s, s:s, s:I, s:I, s:o}", "input", o->input,
	    "partition", o->partition, "source", o->source,
	    "offset", (json_int_t)o->offset, "length", (json_int_t)len,
	    "sha256", sha256_hex(v, len, hex) == 0 ? json_string(hex) : json_null());
}

int
identity_add_cert(struct facts *f, const struct id_origin *o, int device,
    const uint8_t *v, size_t len)
{
	json_t *list = facts_list(f, device ? "identity.certificates" :
	    "identity.ca_certificates", o->input);
	json_t *item = origin_item(o, v, len);
	X509 *x = load_cert(v, len);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char fp[2 * EVP_MAX_MD_SIZE + 1];
	EVP_PKEY *pk;
	int rc = -1;

	if (list == NULL || item == NULL || (device && count_found(f, o->input,
	    "device_certificates") != 0))
		goto out;
	json_object_set_new(item, "parsed", json_boolean(x != NULL));
	if (x != NULL) {
		const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
		BIGNUM *bn = serial ? ASN1_INTEGER_to_BN(serial, NULL) : NULL;
		char *sh = bn ? BN_bn2hex(bn) : NULL;

		x509_name_field(item, "subject", X509_get_subject_name(x));
		x509_name_field(item, "issuer", X509_get_issuer_name(x));
		if (sh != NULL)
			json_object_set_new(item, "serial", json_string(sh));
		OPENSSL_free(sh);
		BN_free(bn);
		x509_time_field(item, "not_before", X509_get0_notBefore(x));
		x509_time_field(item, "not_after", X509_get0_notAfter(x));
		json_object_set_new(item, "expired", json_boolean(
		    X509_cmp_current_time(X509_get0_notAfter(x)) < 0));
		json_object_set_new(item, "self_signed", json_boolean(
		    X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0));
		/* The fingerprint as `openssl x509 -fingerprint -sha256` gives it. */
		if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1) {
			hex_encode(md, mdlen, fp);
			json_object_set_new(item, "fingerprint_sha256", json_string(fp));
		}
		if ((pk = X509_get0_pubkey(x)) != NULL)
			key_fields(item, pk);
	}
	json_array_append(list, item);
	rc = 0;
out:
	X509_free(x);
	json_decref(item);
	return rc;
}

int
identity_add_key(struct facts *f, const struct id_origin *o,
    const char *protection, const uint8_t *v, size_t len)
{
	json_t *list = facts_list(f, "identity.private_keys", o->input);
	json_t *item = origin_item(o, v, len);
	EVP_PKEY *k = strcmp(protection, "none") == 0 ? load_key(v, len) : NULL;
	int rc = -1;

	if (list == NULL || item == NULL || count_found(f, o->input, "private_keys") != 0)
		goto out;
	json_object_set_new(item, "protection", json_string(protection));
	json_object_set_new(item, "parsed", json_boolean(k != NULL));
	if (k != NULL)
		key_fields(item, k);
	json_array_append(list, item);
	rc = 0;
out:
	EVP_PKEY_free(k);
	json_decref(item);
	return rc;
}
