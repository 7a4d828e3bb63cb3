/* NVS partitions -> nvs.* facts (and identity.* for identity data kept in
 * NVS). Called by the flash-dump collector for each NVS partition, and as
 * the collector of a standalone NVS partition binary. Facts are lists whose
 * items carry their input index, so several partitions and the two units of
 * --compare coexist (docs/nvs.md). */
#include "checks/nvs.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/identity.h"
#include "checks/secrets.h"
#include "core/input.h"
#include "util/reader.h"
#include "formats/esp_crc32.h"
#include "formats/nvs.h"

/* One decoded value: borrowed from the input or an assembled blob. */
struct nvs_value {
	const struct nvs_item *item;	/* the str/blob/blob_idx item */
	const char *ns;
	const uint8_t *v;
	size_t len;
	uint64_t offset;		/* in the input */
};

/* Reports stay bounded on a hostile partition full of "secrets". */
#define MAX_CREDS_PER_PARTITION 1000

struct nvs_ctx {
	struct facts *f;
	int input;
	const char *label;
	uint64_t base;
	json_t *creds;			/* nvs.credentials (borrowed) */
	json_t *problems;		/* this partition's problem list */
	unsigned ncreds, dropped, problems_dropped;
};

static void
add_cred(struct nvs_ctx *c, const struct nvs_value *nv, const char *key,
    const char *kind, const uint8_t *v, size_t len, uint64_t offset)
{
	if (c->ncreds >= MAX_CREDS_PER_PARTITION) {
		c->dropped++;
		return;
	}
	c->ncreds++;
	json_array_append_new(c->creds, secret_item(c->input, c->label, nv->ns,
	    key, kind, v, len, offset));
}

/* Text up to the first NUL (fixed-size, NUL-padded fields). */
static size_t
text_len(const uint8_t *v, size_t max)
{
	const uint8_t *z = memchr(v, 0, max);

	return z ? (size_t)(z - v) : max;
}

/* A password field of a Wi-Fi config: NUL-padded, erased = 0xFF. */
static void
wifi_text(struct nvs_ctx *c, const struct nvs_value *nv, const char *key,
    const char *kind, const uint8_t *v, size_t max, uint64_t offset)
{
	size_t n = text_len(v, max);

	if (n == 0 || bytes_all(v, n, 0xFF))
		return;
	add_cred(c, nv, key, kind, v, n, offset);
}

/* wifi_ssid_t-style {u32 len; u8 ssid[32]} ("blob_sz_fill(32)", §5.3). */
static void
wifi_ssid(struct nvs_ctx *c, const struct nvs_value *nv)
{
	struct reader r;
	const uint8_t *ssid;
	uint32_t n;

	rd_init(&r, nv->v, nv->len);
	if (rd_u32le(&r, &n) != 0 || n == 0 || n > 32 || rd_ptr(&r, &ssid, n) != 0)
		return;		/* erased (0xFFFFFFFF), empty or short */
	add_cred(c, nv, nv->item->key, "wifi_ssid", ssid, n, nv->offset + 4);
}

/* sta.apinfo: the remembered networks, 140-byte records
 * {u32 ssid_len; ssid[32]; password[64]; u8; bssid[6]; pmk[32]; u8}
 * (layout read from a real ESP-IDF v5.5 dump, realworld vector 1). */
#define APINFO_REC 140
static void
wifi_apinfo(struct nvs_ctx *c, const struct nvs_value *nv)
{
	struct reader all, rec;
	const uint8_t *pw, *pmk;
	char key[48];

	if (nv->len % APINFO_REC != 0)
		return;
	rd_init(&all, nv->v, nv->len);
	for (size_t r = 0; r < nv->len / APINFO_REC; r++) {
		size_t at = r * APINFO_REC;

		if (rd_sub(&all, at, APINFO_REC, &rec) != 0 ||
		    rd_peek_ptr(&rec, 36, &pw, 64) != 0 || rd_peek_ptr(&rec, 107, &pmk, 32) != 0)
			return;
		snprintf(key, sizeof(key), "sta.apinfo[%zu]", r);
		wifi_text(c, nv, key, "wifi_password", pw, 64, nv->offset + at + 36);
		if (!bytes_all(pmk, 32, 0xFF) && !bytes_all(pmk, 32, 0)) {
			snprintf(key, sizeof(key), "sta.apinfo[%zu].pmk", r);
			add_cred(c, nv, key, "pmk", pmk, 32, nv->offset + at + 107);
		}
	}
}

/* The Wi-Fi driver's namespace (esp_wifi, §5.3). */
static void
net80211(struct nvs_ctx *c, const struct nvs_value *nv)
{
	const char *k = nv->item->key;

	if (strcmp(k, "sta.pswd") == 0 || strcmp(k, "ap.passwd") == 0)
		wifi_text(c, nv, k, "wifi_password", nv->v, nv->len < 64 ? nv->len : 64, nv->offset);
	else if (strcmp(k, "sta.pmk") == 0 || strcmp(k, "ap.pmk") == 0) {
		if (nv->len > 0 && !bytes_all(nv->v, nv->len, 0xFF) && !bytes_all(nv->v, nv->len, 0))
			add_cred(c, nv, k, "pmk", nv->v, nv->len, nv->offset);
	} else if (strcmp(k, "sta.ssid") == 0 || strcmp(k, "ap.ssid") == 0)
		wifi_ssid(c, nv);
	else if (strcmp(k, "sta.apinfo") == 0)
		wifi_apinfo(c, nv);
}

static bool
key_has(const char *key, const char *const *words)
{
	char low[NVS_KEY_MAX];
	size_t i;

	for (i = 0; key[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)key[i]);
	low[i] = '\0';
	for (i = 0; words[i] != NULL; i++)
		if (strstr(low, words[i]) != NULL)
			return true;
	return false;
}

/* Identity data in NVS: Matter factory data (namespace chip-factory,
 * connectedhomeip ESP32Config.cpp) and the legacy NVS-format
 * esp_secure_cert (namespace esp_secure_cert). 1 when handled. */
static int
identity_value(struct nvs_ctx *c, const struct nvs_value *nv)
{
	static const char *const dev_certs[] = { "dac-cert", "device-cert", "dev_cert", NULL };
	static const char *const ca_certs[] = { "pai-cert", "device-ca-certs", "ca_cert", "cd", NULL };
	static const char *const keys[] = { "dac-key", "device-key", "priv_key", NULL };
	const char *k = nv->item->key;
	char source[64];
	struct id_origin o = { c->input, c->label, source, nv->offset };
	int i;

	if (strcmp(nv->ns, "chip-factory") != 0 && strcmp(nv->ns, "esp_secure_cert") != 0)
		return 0;
	snprintf(source, sizeof(source), "%s:%s", nv->ns, k);
	for (i = 0; dev_certs[i] != NULL; i++)
		if (strcmp(k, dev_certs[i]) == 0)
			return identity_add_cert(c->f, &o, 1, nv->v, nv->len), 1;
	for (i = 0; ca_certs[i] != NULL; i++)
		if (strcmp(k, ca_certs[i]) == 0)
			return identity_add_cert(c->f, &o, 0, nv->v, nv->len), 1;
	for (i = 0; keys[i] != NULL; i++) {
		if (strcmp(k, keys[i]) == 0) {
			identity_add_key(c->f, &o, "none", nv->v, nv->len);
			add_cred(c, nv, k, "private_key", nv->v, nv->len, nv->offset);
			return 1;
		}
	}
	return 0;
}

/* Anything else: secrets recognised by content or by key name. */
static void
generic_value(struct nvs_ctx *c, const struct nvs_value *nv)
{
	static const char *const pw[] = { "pass", "pswd", "pwd", NULL };
	static const char *const tok[] = { "token", "secret", "apikey", "api_key", "psk", NULL };
	const char *k = nv->item->key;
	size_t n = nv->len;

	if (n == 0 || bytes_all(nv->v, n, 0xFF) || bytes_all(nv->v, n, 0))
		return;
	if (bytes_contain(nv->v, n, "PRIVATE KEY-----")) {
		add_cred(c, nv, k, "private_key", nv->v, n, nv->offset);
		return;
	}
	if (bytes_contain(nv->v, n, "LE_LOCAL_KEY_") || bytes_contain(nv->v, n, "LinkKey")) {
		add_cred(c, nv, k, "bluetooth_key", nv->v, n, nv->offset);
		return;
	}
	if (nv->item->type == NVS_STR && n > 0 && nv->v[n - 1] == '\0')
		n--;		/* strings are stored with their NUL */
	if (n == 0)
		return;
	if (key_has(k, pw))
		add_cred(c, nv, k, "password", nv->v, n, nv->offset);
	else if (key_has(k, tok))
		add_cred(c, nv, k, "token", nv->v, n, nv->offset);
}

static void
classify(struct nvs_ctx *c, const struct nvs_value *nv)
{
	if (strcmp(nv->ns, "nvs.net80211") == 0)
		net80211(c, nv);
	else if (!identity_value(c, nv))
		generic_value(c, nv);
}

#define MAX_PROBLEMS_PER_PARTITION 100

static void
problem(struct nvs_ctx *c, uint64_t offset, const char *what)
{
	if (json_array_size(c->problems) >= MAX_PROBLEMS_PER_PARTITION) {
		c->problems_dropped++;
		return;
	}
	json_array_append_new(c->problems, json_pack("{s:I, s:s}", "offset",
	    (json_int_t)offset, "problem", what));
}

static const char *const item_problems[] = {
	[NVS_ITEM_OK] = "ok",
	[NVS_ITEM_BAD_CRC] = "entry CRC32 mismatch",
	[NVS_ITEM_BAD_SPAN] = "span is 0 or runs past the end of the page",
	[NVS_ITEM_BAD_SIZE] = "data size larger than the item's span",
	[NVS_ITEM_BAD_DATA_CRC] = "data CRC32 mismatch",
	[NVS_ITEM_BAD_TYPE] = "unknown item type",
};

/* Walks the current values: strings, v1 blobs and assembled v2 blobs. */
static int
scan_values(struct nvs_ctx *c, const struct nvs_part *p, const char *inpath)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct nvs_item *it = &p->items[i];
		struct nvs_value nv = { it, NULL, it->payload, it->payload_len,
		    c->base + it->payload_off };
		uint8_t *buf = NULL;
		struct fw_err e;

		if (it->problem != NVS_ITEM_OK || it->superseded || it->ns == 0)
			continue;
		if ((nv.ns = nvs_ns_name(p, it->ns)) == NULL)
			nv.ns = "?";
		if (it->type == NVS_BLOB_IDX) {
			const struct nvs_item *first = NULL;

			if (nvs_blob_assemble(p, it, inpath, c->base, &buf, &nv.len, &e) != 0) {
				/* Keep "NVS blob 'k': ...", drop "input: offset 0x..: ". */
				problem(c, c->base + it->offset, strstr(e.msg, "NVS blob") ?
				    strstr(e.msg, "NVS blob") : e.msg);
				continue;
			}
			nv.v = buf;
			/* Point at the first chunk's data for the location. */
			first = nvs_find_chunk(p, it->ns, it->key, it->blob_start);
			nv.offset = c->base + (first ? first->payload_off : it->offset);
		} else if (it->type != NVS_STR && it->type != NVS_BLOB) {
			continue;
		}
		classify(c, &nv);
		free(buf);
	}
	return 0;
}

/* NVS encryption (§5.4) keeps page headers and bitmaps in plaintext and
 * encrypts each entry: valid pages whose written entries all fail their
 * CRC and look random. That is what encrypted NVS looks like, and also what
 * damaged NVS looks like: it is claimed as encryption only when another
 * input shows NVS encryption is on (nvs_encryption_crossref). */
static bool
entries_look_encrypted(const struct nvs_part *p)
{
	return p->pages_valid > 0 && p->nitems > 0 && p->items_bad_crc == p->nitems &&
	    p->items_random * 2 >= p->items_bad_crc;
}

static json_t *
namespaces_json(const struct nvs_part *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->nns; i++)
		json_array_append_new(a, json_pack("{s:s, s:i}", "name", p->ns[i].name,
		    "index", p->ns[i].index));
	return a;
}

/* Bytes with no valid NVS page that are not erased are not NVS, plain or
 * encrypted: NVS encryption leaves every page header in plaintext. */
static bool
no_nvs_page(const struct nvs_part *p)
{
	return p->pages_valid == 0 && p->pages_empty < p->npages;
}

/* The nvs.partitions item of a decoded partition. encrypted: false when
 * entries decode in plaintext; missing (null) when nothing was written or
 * the entries look like ciphertext, until another input shows NVS
 * encryption (nvs_encryption_crossref). */
static json_t *
partition_item(int input, const char *label, uint64_t offset, size_t len,
    const struct nvs_part *p, bool cipher)
{
	unsigned version = 0;

	for (size_t i = 0; i < p->npages; i++)
		if (p->pages[i].kind == NVS_PK_VALID && p->pages[i].version > version)
			version = p->pages[i].version;
	return json_pack("{s:i, s:s, s:I, s:I, s:b, s:o, s:b, s:b, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o}",
	    "input", input, "label", label, "offset", (json_int_t)offset,
	    "size", (json_int_t)len, "decoded", 1,
	    "encrypted", cipher || p->nitems == 0 ? json_null() : json_false(),
	    "entries_look_encrypted", cipher, "values_read", !cipher,
	    "format_version", version,
	    "pages", (int)p->npages, "pages_valid", p->pages_valid,
	    "pages_empty", p->pages_empty, "pages_bad", p->pages_bad,
	    "pages_not_nvs", p->pages_not_nvs, "items", (int)p->nitems,
	    "items_bad", p->items_bad, "duplicates", p->duplicates,
	    "namespaces", namespaces_json(p));
}

/* Damaged pages, damaged entries (unless they are ciphertext) and a cut
 * last page, as problems of the partition. */
static void
page_problems(struct nvs_ctx *c, const struct nvs_part *p, uint64_t offset, bool cipher)
{
	for (size_t i = 0; i < p->npages; i++) {
		const struct nvs_page *pg = &p->pages[i];

		if (pg->kind == NVS_PK_BAD_CRC)
			problem(c, offset + pg->offset, "page header CRC32 mismatch");
		else if (pg->kind == NVS_PK_NOT_NVS)
			problem(c, offset + pg->offset, "not an NVS page (unknown page state)");
		else if (pg->kind == NVS_PK_UNINIT)
			problem(c, offset + pg->offset, "uninitialised page holds data");
		else if (pg->kind == NVS_PK_CORRUPT)
			problem(c, offset + pg->offset, "page marked corrupt");
	}
	if (!cipher)
		for (size_t i = 0; i < p->nitems; i++)
			if (p->items[i].problem != NVS_ITEM_OK)
				problem(c, offset + p->items[i].offset, item_problems[p->items[i].problem]);
	if (p->trailing != 0)
		problem(c, offset + p->npages * NVS_PAGE_SIZE, "partial page at the end ignored");
}

static int
partition_facts(struct facts *f, int input, const char *label, const uint8_t *data,
    size_t len, uint64_t offset, bool alone, struct fw_err *err)
{
	const char *inpath = facts_input_path(f, input);
	struct nvs_ctx c = { f, input, label, offset, NULL, NULL, 0, 0, 0 };
	json_t *parts, *item = NULL;
	struct nvs_part p;
	struct fw_err e;
	bool cipher, parsed;
	int rc = -1;

	if ((parts = facts_list(f, "nvs.partitions", input)) == NULL ||
	    (c.creds = facts_list(f, "nvs.credentials", input)) == NULL)
		return err_oom(err, inpath, ERR_NO_OFFSET);
	parsed = nvs_parse(data, len, inpath, offset, &p, &e) == 0;
	if (parsed && no_nvs_page(&p)) {
		nvs_part_free(&p);
		parsed = false;
		err_set(&e, inpath, offset, "not an NVS partition: none of its %zu pages has "
		    "a valid NVS page header (state word and header CRC32), and not all are "
		    "erased; NVS encryption keeps page headers in plaintext, so these bytes "
		    "are neither plaintext nor encrypted NVS", len / NVS_PAGE_SIZE);
		if (alone) {
			if (err != NULL)
				*err = e;
			return -1;
		}
	}
	if (!parsed) {
		/* Damage inside a dump is a fact, not an error: nothing read, so
		 * the NVS rules are not tested for this partition. */
		facts_warn(f, "%s", e.msg);
		json_array_append_new(parts, json_pack("{s:i, s:s, s:I, s:I, s:b, s:b, s:s}",
		    "input", input, "label", label, "offset", (json_int_t)offset,
		    "size", (json_int_t)len, "decoded", 0, "values_read", 0, "error", e.msg));
		return 0;
	}
	cipher = entries_look_encrypted(&p);
	item = partition_item(input, label, offset, len, &p, cipher);
	if (item == NULL || (c.problems = json_array()) == NULL) {
		err_oom(err, inpath, offset);
		goto out;
	}
	page_problems(&c, &p, offset, cipher);
	if (!cipher)
		scan_values(&c, &p, inpath);
	if (c.dropped > 0) {
		json_object_set_new(item, "credentials_not_listed", json_integer(c.dropped));
		problem(&c, offset, "more secrets than listed (first 1000 kept)");
	}
	json_object_set(item, "problems", c.problems);
	if (c.problems_dropped > 0)
		json_object_set_new(item, "problems_not_listed", json_integer(c.problems_dropped));
	if (json_array_size(c.problems) > 0)
		facts_warn(f, "%s: NVS partition '%s' at 0x%llx: %zu problem(s), first at "
		    "0x%llx: %s", inpath, label, (unsigned long long)offset,
		    json_array_size(c.problems) + c.problems_dropped,
		    (unsigned long long)json_integer_value(json_object_get(
		    json_array_get(c.problems, 0), "offset")),
		    json_string_value(json_object_get(json_array_get(c.problems, 0), "problem")));
	json_array_append(parts, item);
	rc = 0;
out:
	json_decref(c.problems);
	json_decref(item);
	nvs_part_free(&p);
	return rc;
}

int
nvs_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err)
{
	return partition_facts(f, input, label, data, len, offset, false, err);
}

/* What shows NVS encryption is on, for partitions of input `input`: an
 * nvs_keys partition holding keys in the same input, CONFIG_NVS_ENCRYPTION=y,
 * or an eFuse key block with purpose HMAC_UP (the HMAC scheme's key). NULL
 * when nothing does. */
static const char *
encryption_shown_by(struct facts *f, int input, char *buf, size_t cap)
{
	json_t *v, *it;
	size_t i;

	json_array_foreach(fact_lookup(f, "nvs.keys_partitions", NULL), i, it) {
		const char *st = json_string_value(json_object_get(it, "state"));

		if (json_integer_value(json_object_get(it, "input")) == input && st != NULL &&
		    (strcmp(st, "plaintext") == 0 || strcmp(st, "unreadable") == 0)) {
			snprintf(buf, cap, "nvs_keys partition '%s' at 0x%llx holds keys",
			    json_string_value(json_object_get(it, "label")),
			    (unsigned long long)json_integer_value(json_object_get(it, "offset")));
			return buf;
		}
	}
	if ((v = fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL)) != NULL &&
	    json_is_true(v))
		return "CONFIG_NVS_ENCRYPTION=y in the sdkconfig";
	json_array_foreach(fact_lookup(f, "efuse.keys", NULL), i, it) {
		const char *purpose = json_string_value(json_object_get(it, "purpose"));

		if (purpose != NULL && strcmp(purpose, "HMAC_UP") == 0) {
			snprintf(buf, cap, "eFuse key block %s has purpose HMAC_UP (NVS "
			    "encryption, HMAC scheme)", json_string_value(json_object_get(it,
			    "block")) ? json_string_value(json_object_get(it, "block")) : "?");
			return buf;
		}
	}
	return NULL;
}

/* Entries that look like ciphertext are NVS encryption only where another
 * input shows it is on; otherwise encrypted stays missing and the NVS
 * rules are not tested for that partition (damage looks the same). */
void
nvs_encryption_crossref(struct facts *f)
{
	json_t *it;
	size_t i;

	json_array_foreach(fact_lookup(f, "nvs.partitions", NULL), i, it) {
		char buf[160], ev[320];
		const char *by;
		int input = (int)json_integer_value(json_object_get(it, "input"));

		if (!json_is_true(json_object_get(it, "entries_look_encrypted")))
			continue;
		if ((by = encryption_shown_by(f, input, buf, sizeof(buf))) != NULL) {
			snprintf(ev, sizeof(ev), "page headers valid, every entry fails its CRC "
			    "and looks random, and %s", by);
			json_object_set_new(it, "encrypted", json_true());
			json_object_set_new(it, "encryption_evidence", json_string(ev));
			continue;
		}
		json_object_set_new(it, "encryption_unproven", json_string("every entry fails "
		    "its CRC and looks random: encrypted or damaged, and no input shows NVS "
		    "encryption (an nvs_keys partition with keys, CONFIG_NVS_ENCRYPTION=y, "
		    "an HMAC_UP eFuse key)"));
		facts_warn(f, "%s: NVS partition '%s' at 0x%llx: every entry fails its CRC and "
		    "looks random, but no input shows NVS encryption is on (nvs_keys "
		    "partition, CONFIG_NVS_ENCRYPTION, HMAC_UP eFuse key): encrypted or "
		    "damaged, its NVS rules are not tested; add the device's sdkconfig or "
		    "eFuse summary", facts_input_path(f, input),
		    json_string_value(json_object_get(it, "label")),
		    (unsigned long long)json_integer_value(json_object_get(it, "offset")));
	}
}

/* nvs_keys (esp-formats.md §5.4): eky[32] || tky[32] || u32 CRC32 (IDF
 * convention, over the 64 key bytes); the rest 0xFF. */
int
nvs_keys_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err)
{
	json_t *list = facts_list(f, "nvs.keys_partitions", input);
	struct reader r;
	const uint8_t *keys = NULL;
	uint32_t crc = 0;
	const char *state;

	if (list == NULL)
		return err_oom(err, facts_input_path(f, input), offset);
	rd_init(&r, data, len);
	if (rd_ptr(&r, &keys, 64) != 0 || rd_u32le(&r, &crc) != 0)
		state = "truncated";
	else if (bytes_all(keys, 64, 0xFF))
		state = "erased";
	else if (esp_crc32_idf(keys, 64) == crc)
		state = "plaintext";
	else
		state = "unreadable";
	json_array_append_new(list, json_pack("{s:i, s:s, s:I, s:I, s:s, s:b}",
	    "input", input, "label", label, "offset", (json_int_t)offset,
	    "size", (json_int_t)len, "state", state,
	    "readable", strcmp(state, "plaintext") == 0));
	return 0;
}

/* Standalone NVS partition binary: page 0 is a valid NVS page (or erased)
 * and most pages are NVS or erased. */
static int
nvs_detect(const uint8_t *data, size_t len)
{
	struct nvs_part p;
	int score = 0;

	if (len < NVS_PAGE_SIZE || len % NVS_PAGE_SIZE != 0 || len > 64u << 20)
		return 0;
	/* Cheap look at the first pages before decoding the whole file. */
	if (nvs_parse(data, len < 2 * NVS_PAGE_SIZE ? len : 2 * NVS_PAGE_SIZE,
	    NULL, 0, &p, NULL) != 0)
		return 0;
	score = p.pages_valid + p.pages_empty == p.npages;
	nvs_part_free(&p);
	if (!score || nvs_parse(data, len, NULL, 0, &p, NULL) != 0)
		return 0;
	score = 0;
	if (p.pages_valid > 0 &&
	    (p.pages[0].kind == NVS_PK_VALID || p.pages[0].kind == NVS_PK_EMPTY) &&
	    (p.pages_valid + p.pages_empty) * 4 >= p.npages * 3)
		score = 80;
	nvs_part_free(&p);
	return score;
}

static int
nvs_collect(struct facts *f, const struct input *in, struct fw_err *err)
{
	/* Alone (not inside a dump), a file with no whole page is unusable. */
	if (in->len < NVS_PAGE_SIZE)
		return err_set(err, in->path, 0, "NVS partition of %zu bytes is "
		    "shorter than one 4096-byte page", in->len);
	return partition_facts(f, in->index, "nvs", in->data, in->len, 0, true, err);
}

const struct collector collector_nvs = {
	.kind = "nvs",
	.what = "ESP-IDF NVS partition binary",
	.detect = nvs_detect,
	.collect = nvs_collect,
	.max_len = (size_t)32 << 20,
};
