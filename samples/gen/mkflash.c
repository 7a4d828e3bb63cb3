/* mkflash KEYDIR SAMPLESDIR: writes the sample ESP32-S3 flash dumps (4 MiB)
 * described in docs/nvs.md ("Samples"):
 *   secure/flash.bin, secure/flash-unit2.bin: RSA-3072-signed bootloader and
 *     ota_0, ECDSA-P256-signed ota_1 (Secure Boot V2), partition table with
 *     MD5, otadata, NVS encrypted with the unit's own nvs_keys, and an
 *     esp_secure_cert partition with the unit's own certificate (its key
 *     HMAC-encrypted);
 *   insecure/flash.bin, insecure/flash-unit2.bin: unsigned bootloader and
 *     ota_0, ota_1 signed by a key the eFuses do not know, plaintext NVS with
 *     the same Wi-Fi passphrase, MQTT password and TLS key in both units, no
 *     device certificate.
 *   secure/flash-encrypted.bin: secure unit 1 as read out of the device, with
 *     flash encryption (XTS-AES-256, keys/flash_encryption_key.bin) applied
 *     to what IDF encrypts: bootloader, partition table, otadata, nvs_keys
 *     and the app images (CONFIG_SECURE_FLASH_ENCRYPT_ONLY_IMAGE_LEN_IN_APP_PART);
 * and keys/secure_boot_digest.txt (the digests to burn in eFuse). */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/esp_crc32.h"
#include "samples/gen/gen.h"

#define FLASH_SIZE (4u << 20)

struct part {
	const char *label;
	uint8_t type, subtype;
	uint32_t offset, size, flags;
};

static const struct part secure_parts[] = {
	{ "nvs", 1, 0x02, 0x9000, 0x6000, 0 },
	{ "otadata", 1, 0x00, 0xF000, 0x2000, 0 },
	{ "phy_init", 1, 0x01, 0x11000, 0x1000, 0 },
	{ "nvs_keys", 1, 0x04, 0x12000, 0x1000, 1 },		/* encrypted flag */
	{ "esp_secure_cert", 0x3F, 0x00, 0x13000, 0x2000, 0 },
	{ "ota_0", 0, 0x10, 0x20000, 0x180000, 0 },
	{ "ota_1", 0, 0x11, 0x1A0000, 0x180000, 0 },
	{ NULL, 0, 0, 0, 0, 0 }
};

static const struct part insecure_parts[] = {
	{ "nvs", 1, 0x02, 0x9000, 0x6000, 0 },
	{ "otadata", 1, 0x00, 0xF000, 0x2000, 0 },
	{ "phy_init", 1, 0x01, 0x11000, 0x1000, 0 },
	{ "ota_0", 0, 0x10, 0x20000, 0x180000, 0 },
	{ "ota_1", 0, 0x11, 0x1A0000, 0x180000, 0 },
	{ NULL, 0, 0, 0, 0, 0 }
};

/* Partition table at 0x8000 with the MD5 entry (§2.2). */
static void
partition_table(uint8_t *flash, const struct part *p)
{
	uint8_t *t = flash + 0x8000, *e = t;

	for (; p->label != NULL; p++, e += 32) {
		memset(e, 0, 32);
		e[0] = 0xAA;
		e[1] = 0x50;
		e[2] = p->type;
		e[3] = p->subtype;
		put32(e + 4, p->offset);
		put32(e + 8, p->size);
		strncpy((char *)e + 12, p->label, 16);
		put32(e + 28, p->flags);
	}
	memset(e, 0xFF, 32);
	e[0] = e[1] = 0xEB;
	if (EVP_Digest(t, (size_t)(e - t), e + 16, NULL, EVP_md5(), NULL) != 1)
		die("MD5 failed");
}

/* otadata copy 0 (§2.3): ota_seq 1 selects ota_0. */
static void
otadata(uint8_t *flash, uint32_t state)
{
	uint8_t *o = flash + 0xF000;

	put32(o, 1);
	put32(o + 24, state);
	put32(o + 28, esp_crc32_idf(o, 4));
}

static void
phy_init(uint8_t *flash)
{
	memcpy(flash + 0x11000, "PHYINIT", 8);
	fill_stream(flash + 0x11008, 128, "phy");
}

static void
write_file(const char *dir, const char *name, const void *b, size_t n)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(b, 1, n, fp) != n || fclose(fp) != 0)
		die("cannot write %s", path);
}

static size_t
place_app(uint8_t *flash, uint32_t at, const char *version, EVP_PKEY *key,
    enum sb_scheme scheme, uint8_t digest[32])
{
	struct image_spec s = { 0, "acme-sensor", version, "v5.5.1", 1, 48 * 1024, NULL };
	size_t n = image_build(flash + at, 0x180000, &s);

	if (key != NULL)
		n = sbv2_sign(flash + at, n, 0x180000, key, scheme, digest);
	return n;
}

static size_t
place_bootloader(uint8_t *flash, EVP_PKEY *key, uint8_t digest[32])
{
	struct image_spec s = { 1, "bootloader", "1", "v5.5.1", 0, 20 * 1024, NULL };
	size_t n = image_build(flash, 0x8000, &s);

	if (key != NULL)
		n = sbv2_sign(flash, n, 0x8000, key, SB_RSA3072, digest);
	return n;
}

/* esp_secure_cert TLV record (formats/secure_cert.h); returns the next offset. */
static size_t
tlv(uint8_t *dst, size_t at, uint8_t type, uint8_t flags, const void *v, size_t len)
{
	uint8_t *h = dst + at;
	size_t pad = (16 - len % 16) % 16;

	put32(h, 0xBA5EBA11);
	h[4] = flags;
	h[5] = h[6] = h[7] = 0;
	h[8] = type;
	h[9] = 0;
	put16(h + 10, (uint16_t)len);
	memcpy(h + 12, v, len);
	memset(h + 12 + len, 0, pad);
	put32(h + 12 + len + pad, esp_crc32_idf(h, 12 + len + pad));
	return at + 12 + len + pad + 4;
}

/* The device key, AES-256-GCM-encrypted with a per-unit key (stands in for
 * esp_secure_cert's HMAC-based encryption: flag 0b10 in bits 7..6). */
static size_t
sealed_key(const uint8_t *pem, size_t n, int unit, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t key[32], iv[32];
	char label[64];
	int l1 = 0, l2 = 0;

	snprintf(label, sizeof(label), "fwaudit sample hmac key unit%d", unit);
	SHA256((const uint8_t *)label, strlen(label), key);
	SHA256(key, sizeof(key), iv);
	if (c == NULL || EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) != 1 ||
	    EVP_EncryptUpdate(c, out, &l1, pem, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, out + l1, &l2) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + l1 + l2) != 1)
		die("AES-GCM failed");
	EVP_CIPHER_CTX_free(c);
	return (size_t)(l1 + l2) + 16;
}

static void
secure_cert(uint8_t *flash, const char *keys, int unit)
{
	char name[64];
	uint8_t *ca, *dev, *pk, sealed[4096];
	size_t nca, ndev, npk, at = 0;
	uint8_t *dst = flash + 0x13000;

	ca = load_file(keys, "device_ca.crt", &nca);
	snprintf(name, sizeof(name), "secure_unit%d.crt", unit);
	dev = load_file(keys, name, &ndev);
	snprintf(name, sizeof(name), "secure_unit%d.key", unit);
	pk = load_file(keys, name, &npk);
	/* PEM values are stored with their NUL (configure_esp_secure_cert.py). */
	at = tlv(dst, at, 0, 0, ca, nca + 1);
	at = tlv(dst, at, 1, 0, dev, ndev + 1);
	at = tlv(dst, at, 2, 0x80, sealed, sealed_key(pk, npk + 1, unit, sealed));
	if (at > 0x2000)
		die("esp_secure_cert overflow");
	free(ca);
	free(dev);
	free(pk);
}

/* nvs.net80211 station config as esp_wifi stores it (§5.3). */
static void
wifi_sta(struct nvs_writer *w, const char *ssid, const char *pass)
{
	uint8_t ns = nvsw_ns(w, "nvs.net80211"), s[36], p[65];

	nvsw_u8(w, ns, "opmode", 1);
	memset(s, 0, sizeof(s));
	put32(s, (uint32_t)strlen(ssid));
	memcpy(s + 4, ssid, strlen(ssid));
	nvsw_blob(w, ns, "sta.ssid", s, sizeof(s));
	memset(p, 0, sizeof(p));
	memcpy(p, pass, strlen(pass));
	nvsw_blob(w, ns, "sta.pswd", p, sizeof(p));
	nvsw_u8(w, ns, "sta.authmode", 3);
	nvsw_u8(w, ns, "sta.chan", 6);
}

/* A fresh erased flash with bootloader (signed when key is given),
 * partition table, otadata and phy_init. */
static uint8_t *
flash_begin(const struct part *parts, EVP_PKEY *key, uint8_t digest[32],
    uint32_t ota_state, size_t *bootloader_len)
{
	uint8_t *flash = malloc(FLASH_SIZE);

	if (flash == NULL)
		die("out of memory");
	memset(flash, 0xFF, FLASH_SIZE);
	*bootloader_len = place_bootloader(flash, key, digest);
	partition_table(flash, parts);
	otadata(flash, ota_state);
	phy_init(flash);
	return flash;
}

/* What flash encryption covers in the secure layout (esp-formats.md §4.2):
 * lengths of the written images, rounded up to the 128-byte data unit. */
struct written {
	size_t bootloader, ota0, ota1;
};

static size_t
round128(size_t n)
{
	return (n + 127) / 128 * 128;
}

static void
encrypt_secure(uint8_t *flash, const struct written *w, const char *keys)
{
	uint8_t key[64];

	fill_stream(key, sizeof(key), "fwaudit sample flash encryption key");
	write_file(keys, "flash_encryption_key.bin", key, sizeof(key));
	flash_encrypt(flash, 0x0, round128(w->bootloader), key, sizeof(key));
	flash_encrypt(flash, 0x8000, 0x1000, key, sizeof(key));	/* partition table */
	flash_encrypt(flash, 0xF000, 0x2000, key, sizeof(key));	/* otadata */
	flash_encrypt(flash, 0x12000, 0x1000, key, sizeof(key));	/* nvs_keys */
	flash_encrypt(flash, 0x20000, round128(w->ota0), key, sizeof(key));
	flash_encrypt(flash, 0x1A0000, round128(w->ota1), key, sizeof(key));
}

static void
build_secure(const char *keys, const char *out, const char *file, int unit,
    EVP_PKEY *rsa, EVP_PKEY *ec, uint8_t drsa[32], uint8_t dec[32])
{
	struct written wr;

	/* otadata state VALID: app rollback is enabled. */
	uint8_t *flash = flash_begin(secure_parts, rsa, drsa, 2, &wr.bootloader),
	    nvskey[64], pass[24], *nk;
	struct nvs_writer w;
	char label[64], serial[32];
	uint8_t app;

	/* Per-unit NVS encryption keys eky || tky, then CRC32 (§5.4). */
	snprintf(label, sizeof(label), "fwaudit sample nvs key unit%d", unit);
	fill_stream(nvskey, sizeof(nvskey), label);
	nk = flash + 0x12000;
	memcpy(nk, nvskey, 64);
	put32(nk + 64, esp_crc32_idf(nvskey, 64));
	snprintf(label, sizeof(label), "nvs_keys_unit%d.bin", unit);
	write_file(keys, label, nvskey, sizeof(nvskey));
	nvsw_init(&w, flash + 0x9000, 0x6000);
	snprintf(label, sizeof(label), "wifi unit%d", unit);
	fill_stream(pass, sizeof(pass), label);
	for (size_t i = 0; i < sizeof(pass) - 1; i++)
		pass[i] = (uint8_t)('a' + pass[i] % 26);
	pass[sizeof(pass) - 1] = '\0';
	wifi_sta(&w, "AcmeHome", (const char *)pass);
	app = nvsw_ns(&w, "app");
	snprintf(serial, sizeof(serial), "ACME-S-%04d", unit);
	nvsw_str(&w, app, "serial", serial);
	nvsw_str(&w, app, "mqtt_host", "mqtt.acme-iot.example");
	nvsw_u32(&w, app, "boot_count", 3);
	nvsw_encrypt(&w, nvskey);
	secure_cert(flash, keys, unit);
	wr.ota0 = place_app(flash, 0x20000, "1.4.2", rsa, SB_RSA3072, drsa);
	wr.ota1 = place_app(flash, 0x1A0000, "1.4.1", ec, SB_ECDSA_P256, dec);
	write_file(out, file, flash, FLASH_SIZE);
	if (unit == 1) {
		encrypt_secure(flash, &wr, keys);
		write_file(out, "flash-encrypted.bin", flash, FLASH_SIZE);
	}
	free(flash);
}

static void
build_insecure(const char *keys, const char *out, const char *file, int unit,
    EVP_PKEY *unknown)
{
	size_t bl;
	uint8_t *flash = flash_begin(insecure_parts, NULL, NULL, 0xFFFFFFFF, &bl), *tls, ignored[32];
	struct nvs_writer w;
	char serial[32];
	uint8_t ns;
	size_t ntls;

	nvsw_init(&w, flash + 0x9000, 0x6000);
	ns = nvsw_ns(&w, "phy");
	nvsw_u32(&w, ns, "cal_version", 0x12fd);
	wifi_sta(&w, "AcmeFactory-WiFi", "Sup3rS3cret!");
	ns = nvsw_ns(&w, "app");
	snprintf(serial, sizeof(serial), "ACME-I-%04d", unit);
	nvsw_str(&w, ns, "serial", serial);
	nvsw_str(&w, ns, "mqtt_host", "mqtt.acme-iot.example");
	nvsw_str(&w, ns, "mqtt_user", "device");
	nvsw_str(&w, ns, "mqtt_pass", "acme1234");
	tls = load_file(keys, "insecure_shared_tls.key", &ntls);
	nvsw_blob(&w, ns, "tls_key", tls, ntls);
	free(tls);
	place_app(flash, 0x20000, "1.4.2", NULL, SB_RSA3072, NULL);
	place_app(flash, 0x1A0000, "1.4.1", unknown, SB_ECDSA_P256, ignored);
	write_file(out, file, flash, FLASH_SIZE);
	free(flash);
}

/* Two app images for the SBOM and vulnerability tests (docs/sbom.md): one
 * with Mbed TLS 3.5.0 (ESP-IDF v5.2, which bundles it), affected by CVE-2024-23170 (fixed
 * in 3.5.2) and CVE-2024-45159 (fixed in 3.6.1), and one with 3.6.4
 * (ESP-IDF v5.5.1), fixed for both. The version string is the one
 * mbedtls_version_get_string_full() returns; the markers are paths and log
 * text ESP-IDF compiles in. */
static void
build_sbom_apps(const char *dir)
{
	static const char old_rodata[] = "Mbed TLS 3.5.0\0/IDF/components/mbedtls/port/"
	    "esp_mem.c\0/IDF/components/lwip/lwip/src/core/tcp.c\0esp-tls-mbedtls\0"
	    "/IDF/components/freertos/FreeRTOS-Kernel/tasks.c\0\0";
	static const char new_rodata[] = "Mbed TLS 3.6.4\0/IDF/components/mbedtls/port/"
	    "esp_mem.c\0/IDF/components/lwip/lwip/src/core/tcp.c\0esp-tls-mbedtls\0"
	    "/IDF/components/freertos/FreeRTOS-Kernel/tasks.c\0\0";
	struct image_spec old = { 0, "acme-sensor", "1.2.0", "v5.2", 1, 16 * 1024,
	    old_rodata };
	struct image_spec fixed = { 0, "acme-sensor", "1.5.0", "v5.5.1", 2, 16 * 1024,
	    new_rodata };
	static uint8_t img[64 * 1024];
	size_t n;

	n = image_build(img, sizeof(img), &old);
	write_file(dir, "app-mbedtls-3.5.0.bin", img, n);
	n = image_build(img, sizeof(img), &fixed);
	write_file(dir, "app-mbedtls-3.6.4.bin", img, n);
}

static void
hex(FILE *fp, const uint8_t *b)
{
	for (int i = 0; i < 32; i++)
		fprintf(fp, "%02x", b[i]);
}

int
main(int argc, char **argv)
{
	EVP_PKEY *rsa, *ec, *unknown;
	uint8_t drsa[32], dec[32];
	char dir[1024];
	FILE *fp;

	if (argc != 3)
		die("usage: mkflash KEYDIR SAMPLESDIR");
	rsa = load_key(argv[1], "sb_rsa3072.pem");
	ec = load_key(argv[1], "sb_ecdsa_p256.pem");
	unknown = load_key(argv[1], "unknown_signer_p256.pem");
	snprintf(dir, sizeof(dir), "%s/secure", argv[2]);
	build_secure(argv[1], dir, "flash.bin", 1, rsa, ec, drsa, dec);
	build_secure(argv[1], dir, "flash-unit2.bin", 2, rsa, ec, drsa, dec);
	snprintf(dir, sizeof(dir), "%s/insecure", argv[2]);
	build_insecure(argv[1], dir, "flash.bin", 1, unknown);
	build_insecure(argv[1], dir, "flash-unit2.bin", 2, unknown);
	snprintf(dir, sizeof(dir), "%s/sbom", argv[2]);
	build_sbom_apps(dir);
	snprintf(dir, sizeof(dir), "%s/secure_boot_digest.txt", argv[1]);
	if ((fp = fopen(dir, "w")) == NULL)
		die("cannot write %s", dir);
	fputs("# Secure Boot V2 public-key digests of the secure samples (SHA-256 of the\n"
	    "# signature block key area, esp-formats.md 3.2), to burn in eFuse:\n", fp);
	fputs("SECURE_BOOT_DIGEST0 ", fp);
	hex(fp, drsa);
	fputs(" rsa-3072 sb_rsa3072.pem (bootloader, ota_0)\nSECURE_BOOT_DIGEST1 ", fp);
	hex(fp, dec);
	fputs(" ecdsa-p256 sb_ecdsa_p256.pem (ota_1)\n", fp);
	fclose(fp);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(unknown);
	return 0;
}
