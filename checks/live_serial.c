/* --serial: a read-only look at a live chip. Opens the line, resets the
 * chip into its ROM loader, asks GET_SECURITY_INFO and reads the eFuse
 * registers with READ_REG only (device/esp_rom.c refuses anything else),
 * turns them into efuse.* facts through formats/efuse_tables.c and
 * checks/efuse.c (the same facts an espefuse summary gives), then
 * optionally probes the application console. Whatever the chip does not
 * say stays missing; a chip that does not answer is evidence, not an error. */
#include "checks/live.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/efuse.h"
#include "util/hex.h"
#include "device/console.h"
#include "device/esp_reset.h"
#include "device/esp_rom.h"
#include "device/serial_port.h"
#include "formats/efuse_tables.h"

#define DEFAULT_TIMEOUT_MS 5000	/* whole ROM stage */
#define SYNC_WINDOW_MS 1000	/* how long an answer to SYNC may take after reset */
#define COMMAND_TIMEOUT_MS 500

struct serial_run {
	struct facts *f;
	int in;
	const struct serial_opts *o;
	struct serial_port *p;
	struct rom_session rs;
	uint64_t deadline;
	bool reset_done;	/* the download-mode reset went out on the lines */
};

static int
left_ms(const struct serial_run *r)
{
	uint64_t now = serial_now_us();

	return now >= r->deadline ? 0 : (int)((r->deadline - now) / 1000);
}

static int
cmd_timeout(const struct serial_run *r)
{
	int left = left_ms(r);

	return left < COMMAND_TIMEOUT_MS ? (left > 0 ? left : 1) : COMMAND_TIMEOUT_MS;
}

static void
set_excerpt(struct serial_run *r, const char *name, const char *text, size_t len)
{
	char ex[512];

	console_excerpt(text, len, ex, sizeof(ex));
	fact_set_str(r->f, name, ex, r->in, loc_excerpt(ex));
}

/* Why the ROM stage proves nothing: a warning on stderr and in the report,
 * and the same text as the fact serial.rom.untested_reason. */
static void __attribute__((format(printf, 3, 4)))
not_tested(struct serial_run *r, const char *refusal, const char *fmt, ...)
{
	char why[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	fact_set_str(r->f, "serial.rom.refusal", refusal, r->in, NULL);
	fact_set_str(r->f, "serial.rom.untested_reason", why, r->in, NULL);
	facts_warn(r->f, "%s: %s", r->o->port, why);
	fprintf(stderr, "fwaudit: warning: %s: %s\n", r->o->port, why);
}

static void
security_info_facts(struct serial_run *r, const struct rom_security_info *si, const char *chip)
{
	/* Flag bits (esptool loader.py get_security_info). */
	static const struct { const char *name; int bit; } flags[] = {
		{ "serial.rom.security_info.secure_boot", 0 },
		{ "serial.rom.security_info.aggressive_revoke", 1 },
		{ "serial.rom.security_info.secure_download", 2 },
		{ "serial.rom.security_info.jtag_soft_disabled", 6 },
		{ "serial.rom.security_info.jtag_hard_disabled", 7 },
		{ "serial.rom.security_info.usb_disabled", 8 },
		{ "serial.rom.security_info.download_dcache_disabled", 9 },
		{ "serial.rom.security_info.download_icache_disabled", 10 },
	};
	json_t *rev = json_array(), *purposes = json_array();
	char hex[16];

	snprintf(hex, sizeof(hex), "0x%08x", si->flags);
	fact_set_str(r->f, "serial.rom.security_info.flags", hex, r->in, loc_field("GET_SECURITY_INFO flags"));
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		fact_set_bool(r->f, flags[i].name, si->flags >> flags[i].bit & 1, r->in,
		    loc_field("GET_SECURITY_INFO flags"));
	for (int k = 0; k < 3; k++)
		json_array_append_new(rev, json_boolean(si->flags >> (3 + k) & 1));
	fact_set(r->f, "serial.rom.security_info.key_revoked", rev, r->in,
	    loc_field("GET_SECURITY_INFO flags bits 3..5"));
	fact_set_int(r->f, "serial.rom.security_info.flash_crypt_cnt", si->flash_crypt_cnt, r->in,
	    loc_field("GET_SECURITY_INFO flash_crypt_cnt"));
	fact_set_bool(r->f, "serial.rom.security_info.flash_encryption",
	    __builtin_popcount(si->flash_crypt_cnt) % 2 == 1, r->in,
	    loc_field("GET_SECURITY_INFO flash_crypt_cnt"));
	for (int k = 0; k < 7; k++)
		json_array_append_new(purposes, json_string(efuse_purpose_name(chip, si->key_purposes[k])));
	fact_set(r->f, "serial.rom.security_info.key_purposes", purposes, r->in,
	    loc_field("GET_SECURITY_INFO key_purposes"));
	if (si->has_chip_id) {
		fact_set_int(r->f, "serial.rom.security_info.chip_id", si->chip_id, r->in,
		    loc_field("GET_SECURITY_INFO chip_id"));
		fact_set_int(r->f, "serial.rom.security_info.api_version", si->api_version, r->in,
		    loc_field("GET_SECURITY_INFO eco_version"));
	}
}

static int
rom_error(struct serial_run *r, enum rom_result res, const char *what, uint32_t addr,
    struct fw_err *err)
{
	if (res == ROM_GONE)
		return err_set(err, r->o->port, ERR_NO_OFFSET, "the line went away during %s "
		    "(%s)", what, r->p->why);
	if (r->rs.bad_frames > 0)
		return err_set(err, r->o->port, ERR_NO_OFFSET, "%s 0x%08x: no valid answer; "
		    "%u frame(s) on the line were not ROM responses (last: %s)", what, addr,
		    r->rs.bad_frames, r->rs.last_bad);
	return err_set(err, r->o->port, ERR_NO_OFFSET, "%s 0x%08x: the ROM stopped "
	    "answering (no response within %d ms)", what, addr, COMMAND_TIMEOUT_MS);
}

/* Every eFuse word the tables need; read-protected key blocks are not read
 * (they read as zero, which is what espefuse shows as "??"). */
static int
read_efuses(struct serial_run *r, const struct efuse_chip_def *c, struct fw_err *err)
{
	struct efuse_regs regs = { .chip = c };
	struct efuse_dump dump;
	const struct efuse_field_def *rdd = NULL;
	int nread = 0, nprot = 0;
	long rd_dis;

	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].name, c->rd_dis_field) == 0)
			rdd = &c->fields[i];
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned b = 0; b < EFUSE_BLOCKS; b++) {
			for (unsigned w = 0; w < c->block_words[b]; w++) {
				uint32_t addr = efuse_word_addr(c, b, w), v = 0;
				enum rom_result res;

				/* Pass 0: the RD_DIS word, so protected blocks are known. */
				if ((pass == 0) != (rdd != NULL && b == rdd->block && w == rdd->word))
					continue;
				if (!efuse_word_needed(c, b, w) || (regs.have[b] >> w & 1))
					continue;
				rd_dis = efuse_regs_rd_dis(&regs);
				if (efuse_word_read_protected(c, b, w, rd_dis)) {
					regs.have[b] |= (uint8_t)(1u << w);
					nprot++;
					continue;
				}
				r->rs.timeout_ms = cmd_timeout(r);
				res = rom_read_reg(&r->rs, addr, &v);
				if (res == ROM_REFUSED && nread == 0) {
					/* Secure Download Mode refuses READ_REG outright. */
					fact_set_bool(r->f, "serial.rom.read_reg_allowed", false, r->in,
					    loc_register(addr));
					fact_set_bool(r->f, "serial.rom.secure_download", true, r->in,
					    loc_register(addr));
					facts_warn(r->f, "%s: the ROM refuses READ_REG (secure download "
					    "mode): eFuses are reported from GET_SECURITY_INFO only",
					    r->o->port);
					return 0;
				}
				if (res != ROM_OK)
					return rom_error(r, res, "READ_REG", addr, err);
				regs.w[b][w] = v;
				regs.have[b] |= (uint8_t)(1u << w);
				nread++;
			}
		}
	}
	fact_set_bool(r->f, "serial.rom.read_reg_allowed", true, r->in, NULL);
	fact_set_bool(r->f, "serial.rom.secure_download", false, r->in, NULL);
	fact_set_int(r->f, "serial.efuse.registers_read", nread, r->in, NULL);
	fact_set_int(r->f, "serial.efuse.words_read_protected", nprot, r->in, loc_field("RD_DIS"));
	if (efuse_regs_decode(&regs, &dump, r->o->port, err) != 0)
		return -1;
	if (efuse_facts(r->f, r->in, &dump) != 0) {
		efuse_dump_free(&dump);
		return err_internal(err, r->o->port, "eFuse facts could not be stored "
		    "(out of memory)");
	}
	efuse_dump_free(&dump);
	return 0;
}

static const char *
detect_chip(struct serial_run *r, const struct rom_security_info *si, bool si_ok,
    enum rom_result *res_out)
{
	const char *chip = NULL;
	uint32_t magic = 0;
	enum rom_result res;

	*res_out = ROM_OK;
	if (si_ok && si->has_chip_id && (chip = rom_chip_from_id(si->chip_id)) != NULL) {
		fact_set_str(r->f, "serial.rom.chip_source", "security_info", r->in,
		    loc_field("GET_SECURITY_INFO chip_id"));
		return chip;
	}
	res = rom_read_reg(&r->rs, ROM_CHIP_MAGIC_REG, &magic);
	*res_out = res;
	if (res == ROM_OK) {
		char hex[16];

		snprintf(hex, sizeof(hex), "0x%08x", magic);
		fact_set_str(r->f, "serial.rom.chip_magic", hex, r->in, loc_register(ROM_CHIP_MAGIC_REG));
		if ((chip = rom_chip_from_magic(magic)) != NULL)
			fact_set_str(r->f, "serial.rom.chip_source", "magic", r->in,
			    loc_register(ROM_CHIP_MAGIC_REG));
		else
			facts_warn(r->f, "%s: unknown chip magic 0x%08x at 0x%08x: not an ESP chip "
			    "fwaudit knows; eFuses not read", r->o->port, magic, ROM_CHIP_MAGIC_REG);
		return chip;
	}
	if (res == ROM_REFUSED && si_ok && !si->has_chip_id) {
		/* esptool: READ_REG refused and no chip id => ESP32-S2 in SDM. */
		fact_set_str(r->f, "serial.rom.chip_source", "secure_download_inference", r->in, NULL);
		return "esp32s2";
	}
	if (res == ROM_REFUSED)
		facts_warn(r->f, "%s: the ROM refused READ_REG of the chip magic register and "
		    "gave no chip id: chip unknown, eFuses not read", r->o->port);
	return NULL;
}

static int
rom_stage(struct serial_run *r, struct fw_err *err)
{
	struct rom_security_info si;
	enum rom_result res;
	const char *chip;
	uint8_t si_err;
	bool si_ok;
	int window = left_ms(r) < SYNC_WINDOW_MS ? left_ms(r) : SYNC_WINDOW_MS;

	rom_session_init(&r->rs, r->p, COMMAND_TIMEOUT_MS);
	res = rom_sync(&r->rs, 20, window);
	if (res == ROM_GONE)
		return rom_error(r, res, "SYNC", 0, err);
	if (res == ROM_TIMEOUT) {
		bool output = r->p->rx_bytes > 0;
		char said[256];

		if (r->rs.bad_frames > 0)
			return err_set(err, r->o->port, ERR_NO_OFFSET, "SYNC: %u frame(s) on the "
			    "line were not ROM responses (last: %s); wrong baud rate, or another "
			    "program on the port?", r->rs.bad_frames, r->rs.last_bad);
		fact_set_bool(r->f, "serial.device.output_seen", output, r->in, NULL);
		if (r->rs.boot_len > 0)
			set_excerpt(r, "serial.boot_log", r->rs.boot_text, r->rs.boot_len);
		if (rom_boot_says_download_disabled(r->rs.boot_text, r->rs.boot_len, said,
		    sizeof(said))) {
			/* The ROM itself said it will not enter the loader: the one
			 * kind of silence that is evidence. */
			fact_set_bool(r->f, "serial.rom.reachable", false, r->in, loc_excerpt(said));
			fact_set_str(r->f, "serial.rom.refusal", "download_disabled_message", r->in,
			    loc_excerpt(said));
			return 0;
		}
		/* Silence, or a device that prints without its ROM saying why it
		 * does not answer, proves nothing: serial.rom.reachable stays
		 * missing and the ROM rules are not tested. */
		if (!output)
			not_tested(r, "silent_line", "nothing answered on the line for %d ms: wrong "
			    "port, wrong baud rate, device off, or ROM download mode disabled; "
			    "ROM download mode is not tested (check the port and baud rate, "
			    "power the device, or give its eFuses)", window);
		else if (!r->reset_done)
			not_tested(r, "no_sync_answer_not_reset", "the device prints but its ROM "
			    "did not answer, and it was not reset into download mode (--no-reset, "
			    "or no modem lines): ROM download mode is not tested; hold BOOT, tap "
			    "EN and run again with --no-reset");
		else
			not_tested(r, "no_sync_answer_device_output", "the device prints but its "
			    "ROM did not answer SYNC and did not say that download mode is "
			    "disabled: wrong baud rate, the reset did not reach IO0 (the "
			    "application booted), or download mode disabled; ROM download mode "
			    "is not tested (check serial.boot_log, or give its eFuses)");
		return 0;
	}
	fact_set_bool(r->f, "serial.rom.reachable", true, r->in, NULL);
	fact_set_bool(r->f, "serial.device.output_seen", true, r->in, NULL);
	if (res == ROM_REFUSED) {
		fact_set_str(r->f, "serial.rom.refusal", "sync_refused", r->in, NULL);
		return 0;
	}
	res = rom_get_security_info(&r->rs, &si, &si_err);
	if (res == ROM_GONE)
		return rom_error(r, res, "GET_SECURITY_INFO", 0, err);
	si_ok = res == ROM_OK;
	fact_set_bool(r->f, "serial.rom.security_info.supported", si_ok, r->in, NULL);
	chip = detect_chip(r, &si, si_ok, &res);
	/* Key purpose numbers mean what the chip's table says. */
	if (si_ok)
		security_info_facts(r, &si, chip);
	if (res == ROM_GONE || res == ROM_TIMEOUT)
		return rom_error(r, res, "READ_REG", ROM_CHIP_MAGIC_REG, err);
	fact_set_str(r->f, "serial.rom.chip", chip != NULL ? chip : "unknown", r->in, NULL);
	if (chip == NULL)
		return 0;
	if (efuse_chip_def(chip) == NULL) {
		facts_warn(r->f, "%s: %s is a chip fwaudit does not audit yet (no eFuse "
		    "meanings or rules for it); only the security info is reported",
		    r->o->port, chip);
		return 0;
	}
	return read_efuses(r, efuse_chip_def(chip), err);
}

static int
console_stage(struct serial_run *r)
{
	struct console_limits lim = { 3000, 700, 8192 };
	struct console_result *c = malloc(sizeof(*c));
	char ex[512];

	if (c == NULL)
		return -1;
	if (!r->o->no_reset && esp_reset_run(r->p) != 0)
		facts_warn(r->f, "%s: cannot reset into the application (%s); probing the console "
		    "as it is", r->o->port, r->p->why);
	if (console_probe(r->p, &lim, c) != 0) {
		facts_warn(r->f, "%s: console probe: %s", r->o->port, r->p->why);
		free(c);
		return 0;
	}
	console_excerpt(c->transcript, c->len, ex, sizeof(ex));
	fact_set_str(r->f, "console.kind", console_kind_name(c->kind), r->in, loc_excerpt(ex));
	fact_set_bool(r->f, "console.output_seen", c->len > 0, r->in, NULL);
	/* Silence shows nothing about the console: the rules over it stay
	 * not_tested, and this says why. */
	if (c->len > 0)
		fact_set_bool(r->f, "console.answered", true, r->in, loc_excerpt(ex));
	else
		fact_set(r->f, "console.answered", json_null(), r->in, loc_excerpt(
		    "the console printed nothing after a line break: wrong port or baud "
		    "rate, the console on another UART or disabled, or the application "
		    "did not boot"));
	fact_set_int(r->f, "console.bytes", (long long)c->len, r->in, NULL);
	if (c->prompt[0] != '\0')
		fact_set_str(r->f, "console.prompt", c->prompt, r->in, loc_excerpt(ex));
	if (c->kind != CONSOLE_SILENT && c->kind != CONSOLE_OUTPUT)
		fact_set_bool(r->f, "console.auth_required", c->kind == CONSOLE_LOGIN, r->in,
		    loc_excerpt(ex));
	if (r->o->evidence_dir != NULL) {
		char path[4096];
		FILE *fp;

		snprintf(path, sizeof(path), "%s/console-transcript.txt", r->o->evidence_dir);
		if ((fp = fopen(path, "wb")) != NULL) {
			fwrite(c->transcript, 1, c->len, fp);
			fclose(fp);
			fact_set_str(r->f, "console.transcript_file", path, r->in, NULL);
		}
	}
	free(c);
	return 0;
}

static void
keep_transcript(struct serial_run *r)
{
	char path[4096], sha[65];
	FILE *fp;

	if (r->o->evidence_dir == NULL || r->p->log.text == NULL)
		return;
	snprintf(path, sizeof(path), "%s/serial-transcript.txt", r->o->evidence_dir);
	if ((fp = fopen(path, "wb")) == NULL) {
		facts_warn(r->f, "%s: cannot write %s: %s", r->o->port, path, strerror(errno));
		return;
	}
	fwrite(r->p->log.text, 1, r->p->log.len, fp);
	fclose(fp);
	if (sha256_hex(r->p->log.text, r->p->log.len, sha) != 0) {
		facts_warn(r->f, "%s: cannot compute the SHA-256 of %s", r->o->port, path);
		return;
	}
	fact_set_str(r->f, "serial.transcript.file", path, r->in, NULL);
	fact_set_str(r->f, "serial.transcript.sha256", sha, r->in, NULL);
}

int
collect_serial(struct facts *f, const struct serial_opts *o, struct fw_err *err)
{
	struct serial_run r = { .f = f, .o = o };
	char source[300];
	const char *seq = "none";
	uint64_t t0 = serial_now_us();
	int rc;

	if (serial_open(o->port, o->baud, &r.p, err) != 0)
		return -1;
	if (o->evidence_dir != NULL)
		mkdir(o->evidence_dir, 0755);
	r.deadline = t0 + (uint64_t)(o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS) * 1000u;
	snprintf(source, sizeof(source), "serial:%s", o->port);
	r.in = facts_add_live(f, source, "serial");
	fact_set_str(f, "serial.port", o->port, r.in, NULL);
	fact_set_str(f, "serial.transport", r.p->transport, r.in, NULL);
	fact_set_int(f, "serial.baud", r.p->baud, r.in, NULL);
	if (r.p->usb_vid >= 0) {
		char id[16];

		snprintf(id, sizeof(id), "%04x:%04x", r.p->usb_vid, r.p->usb_pid);
		fact_set_str(f, "serial.usb_id", id, r.in, NULL);
	}
	if (!o->no_reset) {
		if (esp_reset_download(r.p, &seq) != 0) {
			facts_warn(f, "%s: cannot set DTR/RTS (%s): reset skipped; if the chip is "
			    "not already in download mode, hold BOOT and tap EN", o->port, r.p->why);
			fact_set_bool(f, "serial.reset.lines_ok", false, r.in, NULL);
		} else {
			fact_set_bool(f, "serial.reset.lines_ok", true, r.in, NULL);
			r.reset_done = true;
		}
	}
	fact_set_str(f, "serial.reset.sequence", seq, r.in, NULL);
	rc = rom_stage(&r, err);
	if (rc == 0 && o->console)
		rc = console_stage(&r);
	fact_set_int(f, "serial.bytes_sent", (long long)r.p->tx_bytes, r.in, NULL);
	fact_set_int(f, "serial.bytes_received", (long long)r.p->rx_bytes, r.in, NULL);
	fact_set_int(f, "serial.elapsed_ms", (long long)((serial_now_us() - t0) / 1000), r.in, NULL);
	keep_transcript(&r);
	serial_close(r.p);
	return rc;
}
