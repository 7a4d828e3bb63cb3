/* Device identity (certificates and private keys) as identity.* facts,
 * wherever it was found: esp_secure_cert TLVs, Matter factory data or
 * secrets in NVS. Certificates and keys are parsed with OpenSSL; a key is
 * described by its type, size and SHA-256 fingerprints, never its bytes. */
#ifndef FWAUDIT_CHECKS_IDENTITY_H
#define FWAUDIT_CHECKS_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "core/facts.h"

/* Where an item was found. */
struct id_origin {
	int input;
	const char *partition;	/* partition label */
	const char *source;	/* "esp_secure_cert:dev_cert", "chip-factory:dac-cert", ... */
	uint64_t offset;	/* of the value in the input */
};

/* Appends a certificate (PEM or DER) to identity.certificates (device
 * role) or identity.ca_certificates; one that does not parse is still
 * listed with parsed=false. */
int identity_add_cert(struct facts *f, const struct id_origin *o, int device,
    const uint8_t *v, size_t len);

/* Appends a private key (PEM, DER or raw) to identity.private_keys;
 * protection: "none", "hmac_encrypted", "efuse", "ds_peripheral", ... */
int identity_add_key(struct facts *f, const struct id_origin *o,
    const char *protection, const uint8_t *v, size_t len);

/* Records that input's whole flash was searched for device identity (the
 * flash-dump collector calls it once it has read a partition table): an
 * identity.examined item with the number of device certificates and keys
 * found, so that a dump without any makes ESP-ID-DEVICE-CERT fail instead of
 * not_tested. 0, or -1 on allocation failure. */
int identity_searched(struct facts *f, int input);

/* o[name] = the time as "YYYY-MM-DDTHH:MM:SSZ"; nothing when t is NULL or
 * cannot be read. Shared with the root-file-system key search. */
void x509_time_field(json_t *o, const char *name, const ASN1_TIME *t);
/* o[field] = the name in RFC 2253 form. */
void x509_name_field(json_t *o, const char *field, const X509_NAME *n);

#endif
