/* The inventory of a report: what was examined (reports/inventory.c). A
 * view over the report's inputs and facts for the text, HTML and Markdown
 * writers; every string is borrowed from the report (or a buffer here)
 * and lives as long as it. */
#ifndef FWAUDIT_INVENTORY_H
#define FWAUDIT_INVENTORY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct inv_input {
	size_t index;		/* into the report's inputs */
	const char *name;	/* the path as the user named it, or the live source */
	const char *kind;
	const char *chip;	/* "" when the input states none */
	const char *sha256;	/* "" for a live source */
	long long size;		/* -1 for a live source */
};

/* A Secure Boot V2 signature block and what the eFuses say of its key. */
struct inv_signature {
	long long index;
	const char *scheme;	/* "RSA-3072", "ECDSA-P256", "" */
	const char *key_digest;	/* hex SHA-256 of the public key, "" when unread */
	bool valid;		/* the block verifies against the image */
	char status[96];	/* "burned in eFuse slot 0 (BLOCK_KEY0)", "revoked (slot 1)",
				 * "not in the eFuse digest slots", "no eFuse digests read" */
};

struct inv_image {
	size_t input;
	const char *label, *role;	/* role: bootloader, app, ... */
	long long offset;
	const char *project, *version, *idf_version;	/* "" when unknown */
	long long secure_version;	/* -1 when unknown */
	const char *hash;		/* the appended SHA-256, "" when none */
	bool hash_valid;
	bool parsed;
	size_t nsignatures;
	struct inv_signature *signatures;
};

/* A Wi-Fi network name found in NVS, masked as in nvs.credentials. */
struct inv_ssid {
	const char *name;	/* namespace:key */
	const char *masked;
};

struct inventory {
	size_t ninputs, nimages, nssids;
	struct inv_input *inputs;
	struct inv_image *images;
	struct inv_ssid *ssids;
};

/* Fills inv from report; 0, or -1 when out of memory (inv then empty). */
int inventory_build(const json_t *report, struct inventory *inv);
void inventory_free(struct inventory *inv);

#endif
