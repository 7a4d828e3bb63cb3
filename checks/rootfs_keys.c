/* Keys and secrets shipped in the image: private keys (PEM, DER, OpenSSH,
 * dropbear host keys) and certificates parsed with OpenSSL (expired, weak,
 * self-signed), and credentials in configuration (Wi-Fi passphrases such
 * as WPAPSK1=, UCI key/password options, password= lines), each with its
 * path and offset. Values are never stored: masked, with their length.
 * Searched: configuration places (etc, root, home, var, srv, www) and
 * files named like keys anywhere, up to KEY_FILE_MAX bytes each. */
#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rootfs.h"
#include "checks/identity.h"
#include "checks/secrets.h"
#include "util/text.h"

#define KEY_FILE_MAX ((size_t)1 << 20)
#define MAX_ITEMS 1000

struct keys {
	struct rootfs *r;
	json_t *keys, *certs, *secrets;
	size_t nsecrets;
};

static bool
key_named(const char *p)
{
	static const char *const suf[] = { ".pem", ".key", ".crt", ".cer", ".der", ".p12",
		".pfx", "_host_key", NULL };
	const char *base = strrchr(p, '/');

	base = base ? base + 1 : p;
	for (int i = 0; suf[i]; i++)
		if (str_has_suffix(p, suf[i]))
			return true;
	return strncmp(base, "id_rsa", 6) == 0 || strncmp(base, "id_ecdsa", 8) == 0 ||
	    strncmp(base, "id_ed25519", 10) == 0;
}

static bool
searched(const char *p)
{
	static const char *const dirs[] = { "etc/", "root/", "home/", "var/", "srv/", "www/",
		"usr/local/etc/", NULL };

	for (int i = 0; dirs[i]; i++)
		if (strncmp(p, dirs[i], strlen(dirs[i])) == 0)
			return true;
	return key_named(p);
}

static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf; (void)size; (void)rwflag; (void)u;
	return -1;
}

static void
key_fields(json_t *o, EVP_PKEY *k)
{
	int id = EVP_PKEY_get_base_id(k), bits = EVP_PKEY_get_bits(k);
	const char *type = id == EVP_PKEY_RSA ? "rsa" : id == EVP_PKEY_EC ? "ec" :
	    id == EVP_PKEY_ED25519 ? "ed25519" : id == EVP_PKEY_DSA ? "dsa" : "other";

	json_object_set_new(o, "key_type", json_string(type));
	json_object_set_new(o, "key_bits", json_integer(bits));
	/* below 112-bit security (SP 800-57): RSA/DSA < 2048, EC < 224 */
	json_object_set_new(o, "weak", json_boolean(((id == EVP_PKEY_RSA || id == EVP_PKEY_DSA) &&
	    bits < 2048) || (id == EVP_PKEY_EC && bits < 224)));
}

static json_t *
item(struct keys *k, const char *path, size_t off, size_t len, const char *format)
{
	return json_pack("{s:i, s:s, s:I, s:I, s:s}", "input", k->r->in->index, "path", path,
	    "offset", (json_int_t)off, "length", (json_int_t)len, "format", format);
}

static void
add_key(struct keys *k, const char *path, size_t off, const uint8_t *v, size_t len,
    const char *format, bool pem)
{
	json_t *o = item(k, path, off, len, format);
	EVP_PKEY *pk = NULL;
	bool encrypted = bytes_contain(v, len, "ENCRYPTED") || bytes_contain(v, len, "Proc-Type: 4,ENCRYPTED");

	if (pem && len <= INT32_MAX) {
		BIO *b = BIO_new_mem_buf(v, (int)len);

		pk = b ? PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL) : NULL;
		BIO_free(b);
	} else if (!pem && len <= INT32_MAX && strcmp(format, "der") == 0) {
		const unsigned char *p = v;

		pk = d2i_AutoPrivateKey(NULL, &p, (long)len);
	}
	json_object_set_new(o, "encrypted", json_boolean(encrypted));
	json_object_set_new(o, "parsed", json_boolean(pk != NULL));
	if (pk != NULL)
		key_fields(o, pk);
	EVP_PKEY_free(pk);
	json_array_append_new(k->keys, o);
}

static void
add_cert(struct keys *k, const char *path, size_t off, const uint8_t *v, size_t len, bool pem)
{
	json_t *o = item(k, path, off, len, pem ? "pem" : "der");
	X509 *x = NULL;

	if (len <= INT32_MAX && pem) {
		BIO *b = BIO_new_mem_buf(v, (int)len);

		x = b ? PEM_read_bio_X509(b, NULL, no_passphrase, NULL) : NULL;
		BIO_free(b);
	} else if (len <= INT32_MAX) {
		const unsigned char *p = v;

		x = d2i_X509(NULL, &p, (long)len);
	}
	json_object_set_new(o, "parsed", json_boolean(x != NULL));
	if (x != NULL) {
		int nid = X509_get_signature_nid(x), md = NID_undef, pk = NID_undef;

		x509_name_field(o, "subject", X509_get_subject_name(x));
		x509_name_field(o, "issuer", X509_get_issuer_name(x));
		x509_time_field(o, "not_before", X509_get0_notBefore(x));
		x509_time_field(o, "not_after", X509_get0_notAfter(x));
		json_object_set_new(o, "expired", json_boolean(
		    X509_cmp_current_time(X509_get0_notAfter(x)) < 0));
		json_object_set_new(o, "ca", json_boolean(X509_check_ca(x) > 0));
		json_object_set_new(o, "self_signed", json_boolean(X509_NAME_cmp(
		    X509_get_subject_name(x), X509_get_issuer_name(x)) == 0));
		OBJ_find_sigid_algs(nid, &md, &pk);
		json_object_set_new(o, "signature", json_string(OBJ_nid2sn(nid)));
		json_object_set_new(o, "weak_signature", json_boolean(md == NID_md5 ||
		    md == NID_sha1 || md == NID_md2 || md == NID_md4));
		if (X509_get0_pubkey(x) != NULL)
			key_fields(o, X509_get0_pubkey(x));
		X509_free(x);
	}
	json_array_append_new(k->certs, o);
}

/* Every PEM block of a file (only the private keys when keys_only). */
static bool
pem_blocks(struct keys *k, const char *path, const uint8_t *b, size_t len, bool keys_only)
{
	const uint8_t *p = b, *end = b + len;
	bool any = false;

	while (p < end && (p = memmem(p, (size_t)(end - p), "-----BEGIN ", 11)) != NULL) {
		const uint8_t *label = p + 11, *e = memmem(label, (size_t)(end - label), "-----END ", 9);
		const uint8_t *stop;
		char kind[48] = "";
		size_t kl = strcspn((const char *)label, "-\n");

		if (e == NULL)
			break;
		stop = memchr(e + 9, '\n', (size_t)(end - e - 9));
		stop = stop ? stop + 1 : end;
		snprintf(kind, sizeof(kind), "%.*s", (int)(kl < 47 ? kl : 47), (const char *)label);
		any = true;
		if (keys_only && strstr(kind, "PRIVATE KEY") == NULL)
			;
		else if (strcmp(kind, "CERTIFICATE") == 0 || strcmp(kind, "X509 CERTIFICATE") == 0 ||
		    strcmp(kind, "TRUSTED CERTIFICATE") == 0)
			add_cert(k, path, (size_t)(p - b), p, (size_t)(stop - p), true);
		else if (strcmp(kind, "OPENSSH PRIVATE KEY") == 0)
			add_key(k, path, (size_t)(p - b), p, (size_t)(stop - p), "openssh", false);
		else if (strstr(kind, "PRIVATE KEY") != NULL)
			add_key(k, path, (size_t)(p - b), p, (size_t)(stop - p), "pem", true);
		p = stop;
	}
	return any;
}

/* Configuration keys whose value is a secret: Ralink .dat (WPAPSK1=),
 * hostapd (wpa_passphrase=), wpa_supplicant (psk=), WEP keys, password=
 * lines; OpenWrt UCI "option key" in wireless, "option password". */
static const struct {
	const char *key;
	const char *kind;
	bool prefix;	/* key is a prefix (WPAPSK1, wep_key0, ...) */
} secret_keys[] = {
	{ "WPAPSK", "wifi_psk", true }, { "wpa_passphrase", "wifi_psk", false },
	{ "wpa_psk", "wifi_psk", false }, { "psk", "wifi_psk", false },
	{ "wep_key", "wifi_psk", true }, { "Key1Str", "wifi_psk", true },
	{ "password", "password", false }, { "passwd", "password", false },
	{ "pass", "password", false }, { "admin_password", "password", false },
	{ "http_passwd", "password", false }, { "secret", "password", false },
};

/* A value that is no secret: empty, a placeholder, a reference to the
 * system password (OpenWrt rpcd "$p$root"), a crypt hash, or a path
 * (LuCI's "option passwd /etc/passwd"). */
static bool
not_secret(const char *v, size_t n)
{
	return n == 0 || (n == 1 && (*v == 'x' || *v == '*')) || (n >= 3 && v[0] == '$') ||
	    v[0] == '/' ||
	    (n >= 2 && v[0] == '<' && v[n - 1] == '>');
}

static void
add_secret(struct keys *k, const char *path, size_t off, unsigned line, const char *name,
    size_t nl, const char *kind, const char *v, size_t n)
{
	char masked[32], key[64];

	if (not_secret(v, n) || k->nsecrets >= MAX_ITEMS)
		return;
	k->nsecrets++;
	secret_mask((const uint8_t *)v, n, masked, sizeof(masked));
	snprintf(key, sizeof(key), "%.*s", (int)(nl < 63 ? nl : 63), name);
	json_array_append_new(k->secrets, json_pack("{s:i, s:s, s:I, s:i, s:s, s:s, s:s, s:i}",
	    "input", k->r->in->index, "path", path, "offset", (json_int_t)off, "line", (int)line,
	    "name", key, "kind", kind, "masked", masked, "length", (int)n));
}

static const char *
secret_kind(const char *name, size_t nl, bool uci_wireless)
{
	if (uci_wireless && nl == 3 && strncasecmp(name, "key", 3) == 0)
		return "wifi_psk";
	for (size_t i = 0; i < sizeof(secret_keys) / sizeof(secret_keys[0]); i++) {
		size_t kl = strlen(secret_keys[i].key);

		if ((secret_keys[i].prefix ? nl >= kl : nl == kl) &&
		    strncasecmp(name, secret_keys[i].key, kl) == 0)
			return secret_keys[i].kind;
	}
	return NULL;
}

/* One line: NAME=VALUE (quotes dropped) or UCI "option NAME 'VALUE'". */
static void
secret_line(struct keys *k, const char *path, const char *b, size_t off, size_t n,
    unsigned line, bool uci_wireless)
{
	const char *p = b + off, *end = p + n, *name, *v;
	size_t nl, vl;
	const char *kind;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end || *p == '#' || *p == ';')
		return;
	if ((size_t)(end - p) > 7 && strncmp(p, "option", 6) == 0 && isspace((unsigned char)p[6])) {
		p += 7;
		while (p < end && isspace((unsigned char)*p))
			p++;
		name = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		nl = (size_t)(p - name);
		while (p < end && isspace((unsigned char)*p))
			p++;
	} else {
		const char *eq = memchr(p, '=', (size_t)(end - p));

		if (eq == NULL)
			return;
		name = p;
		nl = (size_t)(eq - p);
		while (nl > 0 && isspace((unsigned char)name[nl - 1]))
			nl--;
		p = eq + 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}
	if ((kind = secret_kind(name, nl, uci_wireless)) == NULL)
		return;
	v = p;
	vl = (size_t)(end - p);
	while (vl > 0 && isspace((unsigned char)v[vl - 1]))
		vl--;
	if (vl >= 2 && (v[0] == '\'' || v[0] == '"') && v[vl - 1] == v[0]) {
		v++;
		vl -= 2;
	}
	add_secret(k, path, (size_t)(v - b), line, name, nl, kind, v, vl);
}

static void
secrets_in(struct keys *k, const char *path, const uint8_t *b, size_t len)
{
	const char *t = (const char *)b;
	size_t off = 0;
	unsigned line = 0;
	bool uci_wireless = strcmp(path, "etc/config/wireless") == 0;

	if (memchr(b, '\0', len < 8192 ? len : 8192) != NULL)
		return;		/* binary */
	while (off < len) {
		const char *nl = memchr(t + off, '\n', len - off);
		size_t n = (size_t)((nl ? nl : t + len) - (t + off));

		line++;
		if (n < 512)
			secret_line(k, path, t, off, n, line, uci_wireless);
		off += n + 1;
	}
}

static void
key_file(struct keys *k, const struct fs_entry *e)
{
	const char *why;
	size_t len;
	uint8_t *b = rootfs_read(k->r, e->path, &len, &why);

	if (b == NULL)
		return;
	if (!pem_blocks(k, e->path, b, len, false) && len > 0 && key_named(e->path)) {
		if (str_has_suffix(e->path, "_host_key"))
			add_key(k, e->path, 0, b, len, "dropbear", false);
		else if (str_has_suffix(e->path, ".der") || str_has_suffix(e->path, ".crt") ||
		    str_has_suffix(e->path, ".cer") || str_has_suffix(e->path, ".key")) {
			const unsigned char *p = b;
			X509 *x = len <= INT32_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;

			if (x != NULL)
				add_cert(k, e->path, 0, b, len, false);
			else if (str_has_suffix(e->path, ".key") || str_has_suffix(e->path, ".der"))
				add_key(k, e->path, 0, b, len, "der", false);
			X509_free(x);
		}
	}
	if (strncmp(e->path, "etc/", 4) == 0 || strncmp(e->path, "var/", 4) == 0 ||
	    strncmp(e->path, "usr/local/etc/", 14) == 0)
		secrets_in(k, e->path, b, len);
	free(b);
}

/* Certificates compiled into programs are mostly CA roots (self-signed by
 * design): only their private keys are findings. */
void
rootfs_keys_in_binary(struct rootfs *r, const char *path, const uint8_t *b, size_t len)
{
	struct keys k = { .r = r };

	k.keys = facts_list(r->f, "linux.private_keys", r->in->index);
	k.certs = facts_list(r->f, "linux.certificates", r->in->index);
	if (k.keys != NULL && k.certs != NULL && json_array_size(k.keys) < MAX_ITEMS)
		pem_blocks(&k, path, b, len, true);
}

void
rootfs_keys(struct rootfs *r)
{
	struct keys k = { .r = r };

	k.keys = facts_list(r->f, "linux.private_keys", r->in->index);
	k.certs = facts_list(r->f, "linux.certificates", r->in->index);
	k.secrets = facts_list(r->f, "linux.secrets", r->in->index);
	if (k.keys == NULL || k.certs == NULL || k.secrets == NULL)
		return;
	for (size_t i = 0; i < r->t.n; i++) {
		const struct fs_entry *e = &r->t.e[i];

		if (e->type == FS_REG && e->size <= KEY_FILE_MAX && searched(e->path) &&
		    json_array_size(k.keys) + json_array_size(k.certs) < MAX_ITEMS)
			key_file(&k, e);
	}
}
