#include "core/reader.h"
#include "checks/efuse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/claims.h"
#include "core/input.h"

static const char *const purposes[] = {
	"USER", "RESERVED", "XTS_AES_256_KEY_1", "XTS_AES_256_KEY_2", "XTS_AES_128_KEY",
	"HMAC_DOWN_ALL", "HMAC_DOWN_JTAG", "HMAC_DOWN_DIGITAL_SIGNATURE", "HMAC_UP",
	"SECURE_BOOT_DIGEST0", "SECURE_BOOT_DIGEST1", "SECURE_BOOT_DIGEST2",
	"KM_INIT_KEY", "XTS_AES_256_KEY", "ECDSA_KEY",
};

const char *
efuse_purpose_name(unsigned purpose)
{
	return purpose < sizeof(purposes) / sizeof(purposes[0]) ? purposes[purpose] : "UNKNOWN";
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

static int
popcount64(uint64_t v)
{
	return __builtin_popcountll(v);
}

static void
set_flag(struct facts *f, int in, const char *fact, const struct efuse_dump *d,
    const char *field)
{
	uint64_t v;

	if (bits(d, field, &v))
		fact_set_bool(f, fact, v != 0, in, loc_field(field));
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

/* Key blocks and their purposes; Secure Boot digests among them. */
static void
key_facts(struct facts *f, int in, const struct efuse_dump *d, bool esp32)
{
	json_t *keys = json_array(), *digests = json_array();
	char name[48], pname[48], hx[65];
	uint64_t rev[3] = { 0, 0, 0 };
	int have_rev = 0, slot_used[3] = { 0, 0, 0 };

	for (int s = 0; s < 3; s++) {
		snprintf(name, sizeof(name), "SECURE_BOOT_KEY_REVOKE%d", s);
		have_rev += bits(d, name, &rev[s]);
	}
	if (esp32) {
		static const char *const blocks[] = { "BLOCK1", "BLOCK2", "BLOCK3" };
		static const char *const roles[] = { "FLASH_ENCRYPTION", "SECURE_BOOT_V1_OR_V2", "USER" };
		uint64_t abs1 = 0;

		bits(d, "ABS_DONE_1", &abs1);
		for (int i = 0; i < 3; i++) {
			const struct efuse_field *k = efuse_get(d, blocks[i]);

			if (k == NULL)
				continue;
			hex_encode(k->bytes, k->nbytes, hx);
			json_array_append_new(keys, json_pack("{s:s, s:i, s:s, s:b, s:b, s:b}",
			    "block", blocks[i], "index", i, "purpose", roles[i],
			    "readable", k->readable, "writeable", k->writeable,
			    "empty", k->readable && bytes_all(k->bytes, k->nbytes, 0)));
			/* Secure Boot V2 on ESP32 keeps the one key digest in BLOCK2. */
			if (i == 1 && abs1 && k->readable && !bytes_all(k->bytes, k->nbytes, 0)) {
				json_array_append_new(digests, json_pack("{s:i, s:s, s:s, s:b}",
				    "slot", 0, "block", blocks[i], "digest", hx, "revoked", 0));
				slot_used[0] = 1;
			}
		}
	} else if (efuse_get(d, "KEY_PURPOSE_0") != NULL) {
		for (int i = 0; i < 6; i++) {
			const struct efuse_field *k, *p;
			const char *purpose;
			uint64_t pv;

			snprintf(name, sizeof(name), "BLOCK_KEY%d", i);
			snprintf(pname, sizeof(pname), "KEY_PURPOSE_%d", i);
			if ((k = efuse_get(d, name)) == NULL || (p = efuse_get(d, pname)) == NULL)
				continue;
			purpose = p->text[0] != '\0' ? p->text :
			    bits(d, pname, &pv) ? efuse_purpose_name((unsigned)pv) : "UNKNOWN";
			hex_encode(k->bytes, k->nbytes, hx);
			json_array_append_new(keys, json_pack("{s:s, s:i, s:s, s:b, s:b, s:b}",
			    "block", name, "index", i, "purpose", purpose,
			    "readable", k->readable, "writeable", k->writeable,
			    "empty", k->readable && bytes_all(k->bytes, k->nbytes, 0)));
			if (strncmp(purpose, "SECURE_BOOT_DIGEST", 18) == 0) {
				int slot = purpose[18] - '0';

				if (slot < 0 || slot > 2)
					continue;
				slot_used[slot] = 1;
				json_array_append_new(digests, json_pack("{s:i, s:s, s:s, s:b, s:b}",
				    "slot", slot, "block", name, "digest", k->readable ? hx : "",
				    "revoked", rev[slot] != 0, "readable", k->readable));
			}
		}
	} else if (efuse_get(d, "BLOCK_KEY0") != NULL) {
		/* ESP32-C2: one key block; the high 128 bits hold the SB digest. */
		const struct efuse_field *k = efuse_get(d, "BLOCK_KEY0");
		const struct efuse_field *hi = efuse_get(d, "BLOCK_KEY0_HI_128");
		uint64_t sb = 0;

		json_array_append_new(keys, json_pack("{s:s, s:i, s:s, s:b, s:b, s:b}",
		    "block", "BLOCK_KEY0", "index", 0, "purpose", "SHARED",
		    "readable", k->readable, "writeable", k->writeable,
		    "empty", k->readable && bytes_all(k->bytes, k->nbytes, 0)));
		bits(d, "SECURE_BOOT_EN", &sb);
		if (sb && hi != NULL && hi->readable && !bytes_all(hi->bytes, hi->nbytes, 0)) {
			hex_encode(hi->bytes, hi->nbytes, hx);
			json_array_append_new(digests, json_pack("{s:i, s:s, s:s, s:b}",
			    "slot", 0, "block", "BLOCK_KEY0_HI_128", "digest", hx, "revoked", 0));
			slot_used[0] = 1;
		}
	}
	fact_set(f, "efuse.keys", keys, in, loc_field(esp32 ? "BLOCK1..BLOCK3" : "BLOCK_KEY0..5"));
	fact_set(f, "efuse.secure_boot.digests", digests, in,
	    loc_field(esp32 ? "BLOCK2" : "KEY_PURPOSE_0..5"));
	if (have_rev == 3) {
		json_t *r = json_array();

		for (int s = 0; s < 3; s++)
			json_array_append_new(r, json_boolean(rev[s] != 0));
		fact_set(f, "efuse.secure_boot.revoked", r, in,
		    loc_field("SECURE_BOOT_KEY_REVOKE0..2"));
		/* Every slot holds a digest or is revoked: no room to add a key. */
		fact_set_bool(f, "efuse.secure_boot.unused_slots_revoked",
		    (slot_used[0] || rev[0]) && (slot_used[1] || rev[1]) &&
		    (slot_used[2] || rev[2]), in, loc_field("SECURE_BOOT_KEY_REVOKE0..2"));
	}
}

int
efuse_facts(struct facts *f, int in, const struct efuse_dump *d)
{
	static const char *const pad_jtag[] = { "DIS_PAD_JTAG", "HARD_DIS_JTAG", "JTAG_DISABLE", NULL };
	static const char *const dl_dis[] = { "DIS_DOWNLOAD_MODE", "UART_DOWNLOAD_DIS", NULL };
	static const char *const crypt_cnt[] = { "SPI_BOOT_CRYPT_CNT", "FLASH_CRYPT_CNT", NULL };
	static const char *const man_enc[] = { "DIS_DOWNLOAD_MANUAL_ENCRYPT", "DISABLE_DL_ENCRYPT", NULL };
	static const char *const dl_cache[] = { "DIS_DOWNLOAD_ICACHE", "DISABLE_DL_CACHE", NULL };
	static const char *const direct[] = { "DIS_DIRECT_BOOT", "DIS_LEGACY_SPI_BOOT", NULL };
	static const char *const usb_dl[] = { "DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE", "DIS_USB_DOWNLOAD_MODE", NULL };
	bool esp32 = strcmp(d->chip, "esp32") == 0;
	const char *n;
	uint64_t v, v2;
	bool pad = false, usb = true, dl = false, sec = false;
	int have_pad = 0, have_dl = 0;

	fact_set_str(f, "efuse.chip", d->chip, in, NULL);
	device_claim(f, in, "chip", d->chip, NULL);
	/* Secure Boot */
	if (esp32) {
		uint64_t a0 = 0, a1 = 0;
		int h0 = bits(d, "ABS_DONE_0", &a0), h1 = bits(d, "ABS_DONE_1", &a1);

		if (h0 || h1) {
			fact_set_bool(f, "efuse.secure_boot.enabled", a0 || a1, in,
			    loc_field(a1 ? "ABS_DONE_1" : "ABS_DONE_0"));
			fact_set_str(f, "efuse.secure_boot.version", a1 ? "v2" : a0 ? "v1" : "none",
			    in, loc_field(a1 ? "ABS_DONE_1" : "ABS_DONE_0"));
		}
	} else if (bits(d, "SECURE_BOOT_EN", &v)) {
		fact_set_bool(f, "efuse.secure_boot.enabled", v != 0, in, loc_field("SECURE_BOOT_EN"));
		fact_set_str(f, "efuse.secure_boot.version", v ? "v2" : "none", in,
		    loc_field("SECURE_BOOT_EN"));
	}
	set_flag(f, in, "efuse.secure_boot.aggressive_revoke", d, "SECURE_BOOT_AGGRESSIVE_REVOKE");
	key_facts(f, in, d, esp32);

	/* Flash encryption: on while an odd number of counter bits is set. */
	if ((n = pick(d, crypt_cnt)) != NULL) {
		const struct efuse_field *cf = efuse_get(d, n);
		uint64_t full = strcmp(n, "FLASH_CRYPT_CNT") == 0 ? 0x7f : 0x7;

		if (bits(d, n, &v)) {
			fact_set_int(f, "efuse.flash_encryption.crypt_cnt", (long long)v, in, loc_field(n));
			fact_set_bool(f, "efuse.flash_encryption.enabled", popcount64(v) % 2 == 1,
			    in, loc_field(n));
			fact_set_bool(f, "efuse.flash_encryption.counter_exhausted", (v & full) == full,
			    in, loc_field(n));
		} else if (cf->text[0] != '\0') {
			fact_set_bool(f, "efuse.flash_encryption.enabled",
			    strcmp(cf->text, "Enable") == 0, in, loc_field(n));
		}
	}
	{
		size_t i;
		json_t *k, *keys = fact_lookup(f, "efuse.keys", NULL);
		int xts = 0, protected = 1;

		json_array_foreach(keys, i, k) {
			const char *p = json_string_value(json_object_get(k, "purpose"));

			if (strncmp(p, "XTS_AES", 7) == 0 || strcmp(p, "FLASH_ENCRYPTION") == 0 ||
			    strcmp(p, "SHARED") == 0) {
				if (strcmp(p, "FLASH_ENCRYPTION") == 0 || strcmp(p, "SHARED") == 0) {
					/* ESP32 BLOCK1 / C2 BLOCK_KEY0 hold a key only once FE is on. */
					json_t *en = fact_lookup(f, "efuse.flash_encryption.enabled", NULL);

					if (!json_is_true(en))
						continue;
				}
				xts++;
				if (json_is_true(json_object_get(k, "readable")))
					protected = 0;
			}
		}
		if (xts > 0)
			fact_set_bool(f, "efuse.flash_encryption.key_read_protected", protected, in,
			    loc_field("RD_DIS"));
	}

	/* JTAG: pad JTAG and USB-JTAG both off; soft disable can be undone by HMAC. */
	if ((n = pick(d, pad_jtag)) != NULL && bits(d, n, &v)) {
		pad = v != 0;
		have_pad = 1;
		fact_set_bool(f, "efuse.jtag.pad_disabled", pad, in, loc_field(n));
	}
	if (bits(d, "DIS_USB_JTAG", &v)) {
		usb = v != 0;
		fact_set_bool(f, "efuse.jtag.usb_disabled", usb, in, loc_field("DIS_USB_JTAG"));
	}
	if (bits(d, "SOFT_DIS_JTAG", &v))
		fact_set_bool(f, "efuse.jtag.soft_disabled", popcount64(v) % 2 == 1, in,
		    loc_field("SOFT_DIS_JTAG"));
	if (have_pad)
		fact_set_bool(f, "efuse.jtag.disabled", pad && usb, in, loc_field(pick(d, pad_jtag)));

	/* ROM download mode */
	if ((n = pick(d, dl_dis)) != NULL && bits(d, n, &v)) {
		dl = v != 0;
		have_dl = 1;
		fact_set_bool(f, "efuse.download_mode.disabled", dl, in, loc_field(n));
	}
	if (bits(d, "ENABLE_SECURITY_DOWNLOAD", &v)) {
		sec = v != 0;
		fact_set_bool(f, "efuse.download_mode.secure", sec, in,
		    loc_field("ENABLE_SECURITY_DOWNLOAD"));
	} else if (esp32) {
		fact_set_bool(f, "efuse.download_mode.secure", false, in,
		    loc_field("(ESP32 has no secure download mode)"));
	}
	if (have_dl)
		fact_set_str(f, "efuse.download_mode.state", dl ? "disabled" : sec ? "secure" : "enabled",
		    in, loc_field(dl ? pick(d, dl_dis) : sec ? "ENABLE_SECURITY_DOWNLOAD" : pick(d, dl_dis)));
	if ((n = pick(d, usb_dl)) != NULL)
		set_flag(f, in, "efuse.download_mode.usb_disabled", d, n);
	if ((n = pick(d, man_enc)) != NULL)
		set_flag(f, in, "efuse.download_mode.encrypt_disabled", d, n);
	if (esp32)
		set_flag(f, in, "efuse.download_mode.decrypt_disabled", d, "DISABLE_DL_DECRYPT");
	if ((n = pick(d, dl_cache)) != NULL && bits(d, n, &v)) {
		if (bits(d, "DIS_DOWNLOAD_DCACHE", &v2))
			v = v && v2;
		fact_set_bool(f, "efuse.download_mode.cache_disabled", v != 0, in, loc_field(n));
	}
	if (bits(d, "DIS_FORCE_DOWNLOAD", &v))
		fact_set_bool(f, "efuse.download_mode.force_disabled", v != 0, in,
		    loc_field("DIS_FORCE_DOWNLOAD"));
	if (esp32)
		set_flag(f, in, "efuse.rom_basic.disabled", d, "CONSOLE_DEBUG_DISABLE");
	if ((n = pick(d, direct)) != NULL)
		set_flag(f, in, "efuse.direct_boot.disabled", d, n);
	set_flag(f, in, "efuse.usb_serial_jtag.disabled", d, "DIS_USB_SERIAL_JTAG");

	if (bits(d, "RD_DIS", &v))
		fact_set_int(f, "efuse.rd_dis", (long long)v, in, loc_field("RD_DIS"));
	if (bits(d, "WR_DIS", &v))
		fact_set_int(f, "efuse.wr_dis", (long long)v, in, loc_field("WR_DIS"));
	if (bits(d, "SECURE_VERSION", &v)) {
		fact_set_int(f, "efuse.secure_version", (long long)v, in, loc_field("SECURE_VERSION"));
		fact_set_int(f, "efuse.anti_rollback.version", popcount64(v), in,
		    loc_field("SECURE_VERSION"));
	}
	{
		const struct efuse_field *mac = efuse_get(d, "MAC");

		if (mac != NULL && mac->text[0] != '\0') {
			char m[18];

			snprintf(m, sizeof(m), "%.17s", mac->text);
			fact_set_str(f, "efuse.mac", m, in, loc_field("MAC"));
			for (char *c = m; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			device_claim(f, in, "MAC", m, "eFuse MAC");
		}
	}
	return 0;
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
	return rc;
}

const struct collector collector_efuse_json = {
	.kind = "efuse-json",
	.what = "eFuse summary (espefuse.py summary --format json)",
	.detect = efuse_json_detect,
	.collect = collect_efuse_json,
};
