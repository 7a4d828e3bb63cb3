/* TS 103 701 IXIT tables (Implementation eXtra Information for Testing),
 * pre-filled where the audit knows the answer. Table names and the fields
 * the test cases cite ("Debug Interface", "Protection", "Status",
 * "Provisioning Mechanism") are from TS 103 701 V1.1.1 as extracted in
 * ouspg/tcsfw (reference/standards.md section 2). Each filled cell names the
 * facts it came from and where they were found; a cell no fact answers is
 * left for the supplier. Written as Markdown (docs/reports.md). */
#include <string.h>

#include "reports/report.h"

#define IXIT_MAX_FACTS 6

struct ixit_item {
	const char *name;		/* the row */
	const char *about;		/* what the row asks, or the interface's description */
	const char *facts[IXIT_MAX_FACTS];	/* evidence, in order; NULL-ended */
};

struct ixit_table {
	const char *id;			/* "15-Intf" */
	const char *title;
	const char *ts_cases;		/* the test cases that read it */
	const struct ixit_item *items;
	size_t nitems;
};

/* 15-Intf: debug interfaces of ESP32-class chips, their protection and state. */
static const struct ixit_item intf_items[] = {
	{ "JTAG (GPIO pads)", "Debug Interface: on-chip JTAG over GPIO pins",
	  { "efuse.jtag.pad_disabled", "efuse.jtag.soft_disabled", "efuse.jtag.disabled",
	    "sdkconfig.secure_boot.allow_jtag", NULL } },
	{ "USB-JTAG", "Debug Interface: JTAG over the built-in USB-Serial-JTAG peripheral",
	  { "efuse.jtag.usb_disabled", "efuse.usb_serial_jtag.disabled",
	    "sdkconfig.usb_serial_jtag.enabled", NULL } },
	{ "ROM download mode (UART/USB)", "Debug Interface: ROM serial bootloader that reads and writes flash",
	  { "efuse.download_mode.state", "efuse.download_mode.usb_disabled",
	    "efuse.download_mode.encrypt_disabled", "sdkconfig.download_mode",
	    "serial.rom.reachable", "serial.rom.secure_download" } },
	{ "ROM BASIC console", "Debug Interface: ESP32 ROM interpreter on the UART when boot fails",
	  { "efuse.rom_basic.disabled", "sdkconfig.rom_basic_disabled",
	    "sdkconfig.secure_boot.allow_rom_basic", NULL } },
	{ "GDB stub", "Debug Interface: software debugger on the console UART",
	  { "sdkconfig.debug.gdbstub_on_panic", "sdkconfig.debug.gdbstub_runtime",
	    "sdkconfig.debug.ocd_aware", "sdkconfig.debug.app_trace", NULL } },
	{ "Application console", "Debug Interface: the firmware's serial console and log output",
	  { "sdkconfig.console", "sdkconfig.log.level", "serial.device.output_seen",
	    "serial.boot_log", NULL } },
	{ "Undeclared interfaces", "Physically accessible interfaces not listed above (test case 5.6-4-2 b)",
	  { NULL } },
};

/* 20-SecBoot: the secure boot mechanism and its trust anchor. */
static const struct ixit_item secboot_items[] = {
	{ "Secure boot enabled", "Is the boot chain verified in ROM?",
	  { "efuse.secure_boot.enabled", "sdkconfig.secure_boot.enabled", NULL } },
	{ "Mechanism", "Scheme and algorithm",
	  { "efuse.secure_boot.version", "sdkconfig.secure_boot.version",
	    "sdkconfig.secure_boot.scheme", "sdkconfig.secure_boot.ecdsa_curve", NULL } },
	{ "Trust anchor", "Public-key digests burned in eFuse",
	  { "efuse.secure_boot.digests", NULL } },
	{ "Key revocation", "Revoked and unused slots",
	  { "efuse.secure_boot.revoked", "efuse.secure_boot.unused_slots_revoked",
	    "efuse.secure_boot.aggressive_revoke", NULL } },
	{ "Anti-rollback", "Secure version in eFuse and in the build",
	  { "efuse.anti_rollback.version", "sdkconfig.anti_rollback.enabled",
	    "sdkconfig.anti_rollback.secure_version", NULL } },
	{ "Signed images", "Signature blocks found on the images, checked against eFuse",
	  { "esp.secure_boot.images", "esp.secure_boot.signatures", NULL } },
	{ "Insecure options", "Build options that weaken secure boot",
	  { "sdkconfig.secure_boot.insecure_options", NULL } },
};

/* 7-UpdMech: how updates are delivered and checked. */
static const struct ixit_item updmech_items[] = {
	{ "Update mechanism", "How the software is updated (OTA partitions, rollback)",
	  { "esp.ota", "esp.otadata", "sdkconfig.app_rollback.enabled", NULL } },
	{ "Authenticity check", "Updates are verified before use",
	  { "sdkconfig.signed_apps.on_update", "sdkconfig.signed_apps.enabled",
	    "efuse.secure_boot.enabled", NULL } },
	{ "Transport security", "Update download channel",
	  { "sdkconfig.ota.allow_http", "sdkconfig.tls.skip_server_verify",
	    "sdkconfig.tls.cert_bundle", NULL } },
	{ "Rollback protection", "Older images are refused",
	  { "sdkconfig.anti_rollback.enabled", "efuse.anti_rollback.version", NULL } },
	{ "Update source", "Update server and trust relationship", { NULL } },
	{ "Update policy", "Automatic updates, checks after initialisation, notification", { NULL } },
};

/* 10-SecParam: where security parameters live and how they are protected. */
static const struct ixit_item secparam_items[] = {
	{ "Flash encryption", "Persistent storage encrypted",
	  { "efuse.flash_encryption.enabled", "efuse.flash_encryption.counter_exhausted",
	    "sdkconfig.flash_encryption.mode", "esp.flash_encryption.state",
	    "esp.flash_encryption.readable_partitions", NULL } },
	{ "Key protection", "Key blocks read-protected in eFuse",
	  { "efuse.flash_encryption.key_read_protected", "efuse.keys", NULL } },
	{ "NVS encryption", "Key-value store for credentials encrypted",
	  { "sdkconfig.nvs_encryption.enabled", "sdkconfig.nvs_encryption.key_protection",
	    "nvs.keys_partitions", NULL } },
	{ "Plaintext secrets", "Credentials found readable in storage",
	  { "nvs.credentials", NULL } },
	{ "Device identity keys", "Private keys and their protection",
	  { "identity.private_keys", "identity.certificates", NULL } },
	{ "Provisioning Mechanism", "How per-device secrets are generated and loaded", { NULL } },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct ixit_table ixit_tables[] = {
	{ "15-Intf", "Interfaces", "5.6-4-1, 5.6-4-2", intf_items, N(intf_items) },
	{ "20-SecBoot", "Secure boot", "5.7-1-1, 5.7-1-2", secboot_items, N(secboot_items) },
	{ "7-UpdMech", "Update mechanisms", "5.3-2-1, 5.3-7-1, 5.3-9-1, 5.3-10-1",
	  updmech_items, N(updmech_items) },
	{ "10-SecParam", "Security parameters", "5.4-1-1, 5.4-1-2", secparam_items,
	  N(secparam_items) },
};

/* One item's cell: every fact found, with its value and where it came from. */
static int
evidence_cell(FILE *fp, const json_t *report, const char *const facts[IXIT_MAX_FACTS])
{
	const json_t *map = json_object_get(report, "facts");
	int n = 0;

	for (int k = 0; k < IXIT_MAX_FACTS && facts[k] != NULL; k++) {
		const json_t *rec = json_object_get(map, facts[k]);
		char val[200], where[512];
		json_t *ev;

		if (rec == NULL)
			continue;
		report_value_text(json_object_get(rec, "value"), val, sizeof(val));
		ev = json_pack("{s:O, s:O}", "input", json_object_get(rec, "input"),
		    "loc", json_object_get(rec, "loc") ? json_object_get(rec, "loc") : json_null());
		report_where(report, ev, where, sizeof(where));
		json_decref(ev);
		fputs(n++ ? "<br>`" : "`", fp);
		esc_md_code(fp, facts[k]);
		fputs("` = ", fp);
		esc_md(fp, val);
		fputs(" (", fp);
		esc_md(fp, where);
		fputs(")", fp);
	}
	return n;
}

static void
write_table(FILE *fp, const json_t *report, const struct ixit_table *t)
{
	fprintf(fp, "## IXIT %s: %s\n\nRead by test cases %s.\n\n", t->id, t->title, t->ts_cases);
	fputs("| Item | Asks | Answer (fact = value, source) |\n|---|---|---|\n", fp);
	for (size_t i = 0; i < t->nitems; i++) {
		const struct ixit_item *it = &t->items[i];

		fprintf(fp, "| %s | %s | ", it->name, it->about);
		if (evidence_cell(fp, report, it->facts) == 0)
			fputs(it->facts[0] == NULL ? "_supplier to fill_" :
			    "_not found by this audit: supplier to fill_", fp);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

/* 13-SoftServ: network services. Any net.* fact holding a list of objects
 * with a port is a list of services found by a scan. */
static void
write_services(FILE *fp, const json_t *report)
{
	const json_t *map = json_object_get(report, "facts"), *rec, *item;
	const char *name;
	int rows = 0;
	size_t i;

	fputs("## IXIT 13-SoftServ: Software services\n\nRead by test cases 5.6-1-1, "
	    "5.6-1-2, 5.6-5-1.\n\n| Service | Port | Status | Source |\n|---|---|---|---|\n", fp);
	json_object_foreach((json_t *)map, name, rec) {
		const json_t *v = json_object_get(rec, "value");
		char where[512];

		if (strncmp(name, "net.", 4) != 0 || !json_is_array(v))
			continue;
		report_where(report, rec, where, sizeof(where));
		json_array_foreach(v, i, item) {
			char port[64], svc[200];

			if (!json_is_object(item) || json_object_get(item, "port") == NULL)
				continue;
			report_value_text(json_object_get(item, "port"), port, sizeof(port));
			report_value_text(json_object_get(item, "service") ?
			    json_object_get(item, "service") : json_object_get(item, "name"),
			    svc, sizeof(svc));
			fputs("| ", fp);
			esc_md(fp, svc);
			fputs(" | ", fp);
			esc_md(fp, port);
			fputs("/", fp);
			esc_md(fp, json_object_get(item, "proto") ? jstr(item, "proto") :
			    jstr(item, "protocol"));
			fputs(" | ", fp);
			esc_md(fp, json_object_get(item, "state") ? jstr(item, "state") : "open");
			if (json_is_boolean(json_object_get(item, "expected")))
				fputs(json_is_true(json_object_get(item, "expected")) ?
				    ", declared" : ", not declared", fp);
			fputs(" | `", fp);
			esc_md_code(fp, name);
			fputs("` (", fp);
			esc_md(fp, where);
			fputs(") |\n", fp);
			rows++;
		}
	}
	if (rows == 0)
		fputs("| _no network scan in this audit: supplier to list the services_ | | | |\n", fp);
	rec = json_object_get(map, "declared.expected_ports");
	if (rec != NULL) {
		char val[512], where[512];

		report_value_text(json_object_get(rec, "value"), val, sizeof(val));
		report_where(report, rec, where, sizeof(where));
		fputs("| _declared by the supplier_ | ", fp);
		esc_md(fp, val);
		fputs(" | declared | ", fp);
		esc_md(fp, where);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

int
report_write_ixit(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *in;
	size_t i;

	fputs("# TS 103 701 IXIT, pre-filled by fwaudit\n\n", fp);
	fprintf(fp, "fwaudit %s, ruleset %.12s, %s. Inputs:",
	    jstr(json_object_get(report, "tool"), "version"),
	    jstr(json_object_get(report, "tool"), "ruleset_digest"), jstr(report, "generated_at"));
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		fputs(i ? ", " : " ", fp);
		esc_md(fp, json_object_get(in, "path") ? jstr(in, "path") : jstr(in, "live"));
		if (json_object_get(in, "sha256") != NULL)
			fprintf(fp, " (sha256 %.16s…)", jstr(in, "sha256"));
	}
	fputs(".\n\nCells name the fact and where it was found. _supplier to fill_ marks "
	    "what only the supplier knows; the tables list only the entries this audit "
	    "can inform.\n\n", fp);
	write_table(fp, report, &ixit_tables[0]);
	write_services(fp, report);
	for (i = 1; i < N(ixit_tables); i++)
		write_table(fp, report, &ixit_tables[i]);
	return ferror(fp) ? -1 : 0;
}
