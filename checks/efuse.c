#include "util/reader.h"
#include "checks/efuse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/claims.h"
#include "util/hex.h"
#include "core/input.h"
#include "formats/efuse_tables.h"

/* Facts of one dump; failed counts facts that could not be stored
 * (allocation): the collector then fails with an internal error rather
 * than leave a plausible partial tree. */
struct ef {
	struct facts *f;
	int in;
	const struct efuse_dump *d;
	int failed;
};

static void
put(struct ef *e, const char *name, json_t *v, json_t *loc)
{
	if (fact_set(e->f, name, v, e->in, loc) != 0)
		e->failed++;
}

static void
put_bool(struct ef *e, const char *name, bool v, json_t *loc)
{
	put(e, name, json_boolean(v), loc);
}

static void
put_int(struct ef *e, const char *name, long long v, json_t *loc)
{
	put(e, name, json_integer((json_int_t)v), loc);
}

/* A field the chip has but the dump lacks: unknown, never a default. */
static bool
chip_has(const struct efuse_dump *d, const char *name)
{
	return efuse_chip_has_field(efuse_dump_def(d), name);
}

/* The chip's own numbering (espefuse/efuse/<chip>/fields.py KEY_PURPOSES,
 * in the generated tables): ECDSA_KEY is 1 on ESP32-H2 and later. */
const char *
efuse_purpose_name(const char *chip, unsigned purpose)
{
	const char *n = efuse_chip_purpose(efuse_chip_def(chip), purpose);

	return n != NULL ? n : "UNKNOWN";
}

/* A field's bits: 1 when known (raw, or a bool espefuse printed as
 * Enable/Disable for a DIS_ field), 0 when the field is absent. */
static int
bits(const struct efuse_dump *d, const char *name, uint64_t *v)
{
	const struct efuse_field *f = efuse_get(d, name);

	if (f == NULL)
		return 0;
	if (f->has_raw) {
		*v = f->raw;
		return 1;
	}
	if (strncmp(name, "DIS_", 4) == 0 && f->text[0] != '\0') {
		*v = strcmp(f->text, "Disable") == 0;
		return 1;
	}
	return 0;
}

static void
set_flag(struct ef *e, const char *fact, const char *field)
{
	uint64_t v;

	if (bits(e->d, field, &v))
		put_bool(e, fact, v != 0, loc_field(field));
}

/* The first of several chip-specific names that the dump has. */
static const char *
pick(const struct efuse_dump *d, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		if (efuse_get(d, names[i]) != NULL)
			return names[i];
	return NULL;
}

/* readable/writeable as the source gave them; null when it did not. */
static json_t *
access_json(bool v, bool unknown)
{
	return unknown ? json_null() : json_boolean(v);
}

/* An all-zero key block is empty only if its bytes were readable. */
static json_t *
empty_json(const struct efuse_field *k)
{
	if (k->rd_unknown || !k->readable)
		return json_null();
	return json_boolean(bytes_all(k->bytes, k->nbytes, 0));
}

static json_t *
key_item(const char *block, int index, json_t *purpose, const struct efuse_field *k)
{
	return json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}", "block", block, "index", index,
	    "purpose", purpose, "readable", access_json(k->readable, k->rd_unknown),
	    "writeable", access_json(k->writeable, k->wr_unknown), "empty", empty_json(k));
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static void
append(struct ef *e, json_t *list, json_t *item)
{
	if (item == NULL || json_array_append_new(list, item) != 0)
		e->failed++;
}

/* The key blocks as read so far: the lists being built, which Secure Boot
 * digest slots hold a digest, and the revocation bits. */
struct key_scan {
	json_t *keys, *digests;
	uint64_t rev[3];
	int have_rev[3], slot_used[3];
	bool digests_known;
};

/* ESP32: BLOCK1..3 with fixed roles; Secure Boot V2 keeps the one key
 * digest in BLOCK2. */
static void
esp32_keys(struct ef *e, struct key_scan *ks)
{
	static const char *const blocks[] = { "BLOCK1", "BLOCK2", "BLOCK3" };
	static const char *const roles[] = { "FLASH_ENCRYPTION", "SECURE_BOOT_V1_OR_V2", "USER" };
	const struct efuse_dump *d = e->d;
	uint64_t abs1 = 0;
	bool have_abs1 = bits(d, "ABS_DONE_1", &abs1);
	char hx[65];

	for (int i = 0; i < 3; i++) {
		const struct efuse_field *k = efuse_get(d, blocks[i]);

		if (k == NULL) {
			ks->digests_known &= i != 1;
			continue;
		}
		hex_encode(k->bytes, k->nbytes, hx);
		append(e, ks->keys, key_item(blocks[i], i, json_string(roles[i]), k));
		if (i != 1)
			continue;
		if (!have_abs1 || (abs1 && (k->rd_unknown || !k->readable))) {
			ks->digests_known = false;
		} else if (abs1 && !bytes_all(k->bytes, k->nbytes, 0)) {
			append(e, ks->digests, json_pack("{s:i, s:s, s:s, s:b}",
			    "slot", 0, "block", blocks[i], "digest", hx, "revoked", 0));
			ks->slot_used[0] = 1;
		}
	}
}

/* Chips with six key blocks, each with a purpose; SECURE_BOOT_DIGEST0..2
 * are the Secure Boot digest slots. */
static void
purpose_keys(struct ef *e, struct key_scan *ks)
{
	const struct efuse_dump *d = e->d;
	char name[48], pname[48], hx[65];

	for (int i = 0; i < 6; i++) {
		const struct efuse_field *k, *p;
		const char *purpose = NULL;
		uint64_t pv;

		snprintf(name, sizeof(name), "BLOCK_KEY%d", i);
		snprintf(pname, sizeof(pname), "KEY_PURPOSE_%d", i);
		k = efuse_get(d, name);
		p = efuse_get(d, pname);
		if (k == NULL || p == NULL) {
			/* A key slot the chip has, half missing: the list of
			 * digests may lack one. */
			ks->digests_known &= k == NULL && p == NULL && !chip_has(d, name);
			continue;
		}
		if (p->text[0] != '\0' && printable(p->text))
			purpose = p->text;
		else if (bits(d, pname, &pv))
			purpose = efuse_purpose_name(d->map[0] ? d->map : d->chip, (unsigned)pv);
		hex_encode(k->bytes, k->nbytes, hx);
		append(e, ks->keys, key_item(name, i, purpose ? json_string(purpose) : json_null(), k));
		if (purpose == NULL) {
			ks->digests_known = false;
			continue;
		}
		if (strncmp(purpose, "SECURE_BOOT_DIGEST", 18) == 0) {
			int slot = purpose[18] - '0';

			if (slot < 0 || slot > 2 || purpose[19] != '\0')
				continue;
			ks->slot_used[slot] = 1;
			append(e, ks->digests, json_pack("{s:i, s:s, s:s, s:o, s:o}",
			    "slot", slot, "block", name,
			    "digest", k->readable && !k->rd_unknown ? hx : "",
			    "revoked", ks->have_rev[slot] ? json_boolean(ks->rev[slot] != 0) :
			    json_null(),
			    "readable", access_json(k->readable, k->rd_unknown)));
		}
	}
}

/* ESP32-C2: one key block; the high 128 bits hold the SB digest. */
static void
c2_keys(struct ef *e, struct key_scan *ks)
{
	const struct efuse_dump *d = e->d;
	const struct efuse_field *k = efuse_get(d, "BLOCK_KEY0");
	const struct efuse_field *hi = efuse_get(d, "BLOCK_KEY0_HI_128");
	uint64_t sb = 0;
	char hx[65];

	append(e, ks->keys, key_item("BLOCK_KEY0", 0, json_string("SHARED"), k));
	if (!bits(d, "SECURE_BOOT_EN", &sb) ||
	    (sb && (hi == NULL || hi->rd_unknown || !hi->readable))) {
		ks->digests_known = false;
	} else if (sb && !bytes_all(hi->bytes, hi->nbytes, 0)) {
		hex_encode(hi->bytes, hi->nbytes, hx);
		append(e, ks->digests, json_pack("{s:i, s:s, s:s, s:b}",
		    "slot", 0, "block", "BLOCK_KEY0_HI_128", "digest", hx, "revoked", 0));
		ks->slot_used[0] = 1;
	}
}

/* The revocation bits, and whether every slot holds a digest or is revoked
 * (no room to add a key). "Not full" needs every key slot known (a missing
 * one may hold the digest of a slot that looks unused). */
static void
revocation_facts(struct ef *e, const struct key_scan *ks)
{
	json_t *r = json_array();
	bool full = (ks->slot_used[0] || ks->rev[0]) && (ks->slot_used[1] || ks->rev[1]) &&
	    (ks->slot_used[2] || ks->rev[2]);

	for (int s = 0; r != NULL && s < 3; s++)
		append(e, r, json_boolean(ks->rev[s] != 0));
	put(e, "efuse.secure_boot.revoked", r, loc_field("SECURE_BOOT_KEY_REVOKE0..2"));
	if (full || ks->digests_known)
		put_bool(e, "efuse.secure_boot.unused_slots_revoked", full,
		    loc_field("SECURE_BOOT_KEY_REVOKE0..2"));
}

/* Key blocks and their purposes; Secure Boot digests among them. A digest
 * list that cannot be complete (a purpose, ABS_DONE_1 or SECURE_BOOT_EN
 * unknown) is not set: "no digest" would be a plausible wrong answer. */
static void
key_facts(struct ef *e, bool esp32)
{
	const struct efuse_dump *d = e->d;
	struct key_scan ks = { .keys = json_array(), .digests = json_array(),
		.digests_known = true };
	char name[48];

	if (ks.keys == NULL || ks.digests == NULL) {
		e->failed++;
		json_decref(ks.keys);
		json_decref(ks.digests);
		return;
	}
	for (int s = 0; s < 3; s++) {
		snprintf(name, sizeof(name), "SECURE_BOOT_KEY_REVOKE%d", s);
		ks.have_rev[s] = bits(d, name, &ks.rev[s]);
	}
	if (esp32)
		esp32_keys(e, &ks);
	else if (efuse_get(d, "KEY_PURPOSE_0") != NULL)
		purpose_keys(e, &ks);
	else if (efuse_get(d, "BLOCK_KEY0") != NULL)
		c2_keys(e, &ks);
	put(e, "efuse.keys", ks.keys, loc_field(esp32 ? "BLOCK1..BLOCK3" : "BLOCK_KEY0..5"));
	if (ks.digests_known)
		put(e, "efuse.secure_boot.digests", ks.digests,
		    loc_field(esp32 ? "BLOCK2" : "KEY_PURPOSE_0..5"));
	else
		json_decref(ks.digests);
	if (ks.have_rev[0] && ks.have_rev[1] && ks.have_rev[2])
		revocation_facts(e, &ks);
}

/* ESP32: ABS_DONE_0 (V1) / ABS_DONE_1 (V2); a burned bit known settles
 * "enabled", an unburned one only with the other known too. */
static void
esp32_secure_boot(struct ef *e)
{
	uint64_t a0 = 0, a1 = 0;
	int h0 = bits(e->d, "ABS_DONE_0", &a0), h1 = bits(e->d, "ABS_DONE_1", &a1);
	const char *at = h1 && a1 ? "ABS_DONE_1" : "ABS_DONE_0";

	if ((h0 && a0) || (h1 && a1))
		put_bool(e, "efuse.secure_boot.enabled", true, loc_field(at));
	else if (h0 && h1)
		put_bool(e, "efuse.secure_boot.enabled", false, loc_field(at));
	if (h1 && a1)
		put(e, "efuse.secure_boot.version", json_string("v2"), loc_field(at));
	else if (h0 && h1)
		put(e, "efuse.secure_boot.version", json_string(a0 ? "v1" : "none"), loc_field(at));
}

/* Flash encryption: on while an odd number of counter bits is set. */
static void
flash_encryption(struct ef *e)
{
	static const char *const crypt_cnt[] = { "SPI_BOOT_CRYPT_CNT", "FLASH_CRYPT_CNT", NULL };
	const char *n = pick(e->d, crypt_cnt);
	size_t i;
	json_t *k, *en;
	int xts = 0, protected = 1, unknown = 0;
	uint64_t v;

	if (n != NULL) {
		const struct efuse_field *cf = efuse_get(e->d, n);
		uint64_t full = strcmp(n, "FLASH_CRYPT_CNT") == 0 ? 0x7f : 0x7;

		if (bits(e->d, n, &v)) {
			put_int(e, "efuse.flash_encryption.crypt_cnt", (long long)v, loc_field(n));
			put_bool(e, "efuse.flash_encryption.enabled", __builtin_popcountll(v) % 2 == 1,
			    loc_field(n));
			put_bool(e, "efuse.flash_encryption.counter_exhausted", (v & full) == full,
			    loc_field(n));
		} else if (strcmp(cf->text, "Enable") == 0 || strcmp(cf->text, "Disable") == 0) {
			put_bool(e, "efuse.flash_encryption.enabled", strcmp(cf->text, "Enable") == 0,
			    loc_field(n));
		}
	}
	en = fact_lookup(e->f, "efuse.flash_encryption.enabled", NULL);
	json_array_foreach(fact_lookup(e->f, "efuse.keys", NULL), i, k) {
		const char *p = json_string_value(json_object_get(k, "purpose"));
		json_t *rd = json_object_get(k, "readable");

		if (p == NULL) {
			unknown++;	/* a key of unknown purpose may be an XTS key */
			continue;
		}
		if (strncmp(p, "XTS_AES", 7) != 0 && strcmp(p, "FLASH_ENCRYPTION") != 0 &&
		    strcmp(p, "SHARED") != 0)
			continue;
		/* ESP32 BLOCK1 / C2 BLOCK_KEY0 hold a key only once FE is on. */
		if ((strcmp(p, "FLASH_ENCRYPTION") == 0 || strcmp(p, "SHARED") == 0) &&
		    !json_is_true(en)) {
			unknown += en == NULL;
			continue;
		}
		xts++;
		if (!json_is_boolean(rd))
			unknown++;
		else if (json_is_true(rd))
			protected = 0;
	}
	/* A readable key settles it; otherwise every key must be known. */
	if (xts > 0 && (!protected || unknown == 0))
		put_bool(e, "efuse.flash_encryption.key_read_protected", protected,
		    loc_field("RD_DIS"));
}

/* JTAG: pad JTAG and USB-JTAG both off; soft disable can be undone by HMAC.
 * A chip with USB-JTAG whose DIS_USB_JTAG is not in the dump is unknown. */
static void
jtag(struct ef *e)
{
	static const char *const pad_jtag[] = { "DIS_PAD_JTAG", "HARD_DIS_JTAG", "JTAG_DISABLE", NULL };
	const char *n = pick(e->d, pad_jtag);
	uint64_t v;
	int pad = -1, usb = chip_has(e->d, "DIS_USB_JTAG") ? -1 : 1;

	if (n != NULL && bits(e->d, n, &v)) {
		pad = v != 0;
		put_bool(e, "efuse.jtag.pad_disabled", pad, loc_field(n));
	}
	if (bits(e->d, "DIS_USB_JTAG", &v)) {
		usb = v != 0;
		put_bool(e, "efuse.jtag.usb_disabled", usb, loc_field("DIS_USB_JTAG"));
	}
	if (bits(e->d, "SOFT_DIS_JTAG", &v))
		put_bool(e, "efuse.jtag.soft_disabled", __builtin_popcountll(v) % 2 == 1,
		    loc_field("SOFT_DIS_JTAG"));
	if (pad == 0 || usb == 0)
		put_bool(e, "efuse.jtag.disabled", false, loc_field(pad == 0 ? n : "DIS_USB_JTAG"));
	else if (pad == 1 && usb == 1)
		put_bool(e, "efuse.jtag.disabled", true, loc_field(n));
}

/* ROM download mode: disabled, secure, or enabled only when the fields
 * that decide it are known (ESP32 has no secure download mode). */
static void
download_mode(struct ef *e, bool esp32)
{
	static const char *const dl_dis[] = { "DIS_DOWNLOAD_MODE", "UART_DOWNLOAD_DIS", NULL };
	static const char *const man_enc[] = { "DIS_DOWNLOAD_MANUAL_ENCRYPT", "DISABLE_DL_ENCRYPT", NULL };
	/* SPI_DOWNLOAD_MSPI_DIS: the later chips' switch for the flash
	 * controller in download mode (the workflow's DIS_DOWNLOAD_MSPI). */
	static const char *const dl_cache[] = { "DIS_DOWNLOAD_ICACHE", "DISABLE_DL_CACHE",
		"SPI_DOWNLOAD_MSPI_DIS", NULL };
	static const char *const usb_dl[] = { "DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE", "DIS_USB_DOWNLOAD_MODE", NULL };
	const char *n = pick(e->d, dl_dis);
	uint64_t v, v2;
	int dl = -1, sec = esp32 ? 0 : -1;

	if (n != NULL && bits(e->d, n, &v)) {
		dl = v != 0;
		put_bool(e, "efuse.download_mode.disabled", dl, loc_field(n));
	}
	if (bits(e->d, "ENABLE_SECURITY_DOWNLOAD", &v)) {
		sec = v != 0;
		put_bool(e, "efuse.download_mode.secure", sec, loc_field("ENABLE_SECURITY_DOWNLOAD"));
	} else if (esp32) {
		put_bool(e, "efuse.download_mode.secure", false,
		    loc_field("(ESP32 has no secure download mode)"));
	}
	if (dl == 1)
		put(e, "efuse.download_mode.state", json_string("disabled"), loc_field(n));
	else if (dl == 0 && sec >= 0)
		put(e, "efuse.download_mode.state", json_string(sec ? "secure" : "enabled"),
		    loc_field(sec ? "ENABLE_SECURITY_DOWNLOAD" : n));
	if ((n = pick(e->d, usb_dl)) != NULL)
		set_flag(e, "efuse.download_mode.usb_disabled", n);
	if ((n = pick(e->d, man_enc)) != NULL)
		set_flag(e, "efuse.download_mode.encrypt_disabled", n);
	if (esp32)
		set_flag(e, "efuse.download_mode.decrypt_disabled", "DISABLE_DL_DECRYPT");
	if ((n = pick(e->d, dl_cache)) != NULL && bits(e->d, n, &v)) {
		/* S3 has a data cache too: both must be off, and both known. */
		if (bits(e->d, "DIS_DOWNLOAD_DCACHE", &v2))
			put_bool(e, "efuse.download_mode.cache_disabled", v && v2, loc_field(n));
		else if (!v || !chip_has(e->d, "DIS_DOWNLOAD_DCACHE"))
			put_bool(e, "efuse.download_mode.cache_disabled", v != 0, loc_field(n));
	}
	set_flag(e, "efuse.download_mode.force_disabled", "DIS_FORCE_DOWNLOAD");
}

/* "aa:bb:cc:dd:ee:ff" at the start of the text, or nothing. */
static bool
mac_text(const char *t)
{
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? t[i] != ':' : !isxdigit((unsigned char)t[i]))
			return false;
	return true;
}

int
efuse_facts(struct facts *f, int in, const struct efuse_dump *d)
{
	static const char *const direct[] = { "DIS_DIRECT_BOOT", "DIS_LEGACY_SPI_BOOT", NULL };
	struct ef e = { f, in, d, 0 };
	bool esp32 = strcmp(d->chip, "esp32") == 0;
	const struct efuse_field *mac = efuse_get(d, "MAC");
	const char *n;
	uint64_t v;

	put(&e, "efuse.chip", json_string(d->chip), NULL);
	device_claim(f, in, "chip", d->chip, NULL);
	if (esp32)
		esp32_secure_boot(&e);
	else if (bits(d, "SECURE_BOOT_EN", &v)) {
		put_bool(&e, "efuse.secure_boot.enabled", v != 0, loc_field("SECURE_BOOT_EN"));
		put(&e, "efuse.secure_boot.version", json_string(v ? "v2" : "none"),
		    loc_field("SECURE_BOOT_EN"));
	}
	set_flag(&e, "efuse.secure_boot.aggressive_revoke", "SECURE_BOOT_AGGRESSIVE_REVOKE");
	key_facts(&e, esp32);
	flash_encryption(&e);
	jtag(&e);
	download_mode(&e, esp32);
	if (esp32)
		set_flag(&e, "efuse.rom_basic.disabled", "CONSOLE_DEBUG_DISABLE");
	if ((n = pick(d, direct)) != NULL)
		set_flag(&e, "efuse.direct_boot.disabled", n);
	if (efuse_feature_facts(f, in, d) != 0)
		e.failed++;
	set_flag(&e, "efuse.usb_serial_jtag.disabled", "DIS_USB_SERIAL_JTAG");
	if (bits(d, "RD_DIS", &v))
		put_int(&e, "efuse.rd_dis", (long long)v, loc_field("RD_DIS"));
	if (bits(d, "WR_DIS", &v))
		put_int(&e, "efuse.wr_dis", (long long)v, loc_field("WR_DIS"));
	if (bits(d, "SECURE_VERSION", &v)) {
		put_int(&e, "efuse.secure_version", (long long)v, loc_field("SECURE_VERSION"));
		put_int(&e, "efuse.anti_rollback.version", __builtin_popcountll(v),
		    loc_field("SECURE_VERSION"));
	}
	if (mac != NULL && mac_text(mac->text)) {
		char m[18];

		put(&e, "efuse.mac", json_stringn(mac->text, 17), loc_field("MAC"));
		snprintf(m, sizeof(m), "%.17s", mac->text);
		for (char *c = m; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		device_claim(f, in, "MAC", m, "eFuse MAC");
	}
	return e.failed > 0 ? -1 : 0;
}

static int
collect_efuse_json(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct efuse_dump d;
	int rc;

	if (efuse_json_parse(in->data, in->len, in->path, &d, err) != 0)
		return -1;
	rc = efuse_facts(f, in->index, &d);
	efuse_dump_free(&d);
	if (rc != 0)
		return err_internal(err, in->path, "eFuse facts could not be stored "
		    "(out of memory)");
	return 0;
}

const struct collector collector_efuse_json = {
	.kind = "efuse-json",
	.what = "eFuse summary (espefuse.py summary --format json)",
	.detect = efuse_json_detect,
	.collect = collect_efuse_json,
	.max_len = (size_t)16 << 20,
};
