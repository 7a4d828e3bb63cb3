/* The scan command: its options into a scan_request, and fwaudit_scan
 * (lib/fwaudit.h) does the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "lib/fwaudit.h"

enum {
	OPT_SERIAL = OPT_COMMAND_BASE, OPT_CONSOLE, OPT_NO_RESET, OPT_BAUD,
	OPT_HOST, OPT_PORTS, OPT_TRY_LOGINS, OPT_CREDENTIALS, OPT_KIND,
	OPT_COMPARE, OPT_TIMEOUT, OPT_SCAN_TIMEOUT, OPT_ORIGIN, OPT_SEPARATE_UNITS, OPT_VEX,
	OPT_VULNDB,
	OPT_FLASH_KEY, OPT_SBV1_BL_KEY, OPT_SBV1_VERIFY_KEY,
};

/* The kinds are the collectors': one list for help and for --kind. */
static bool
kind_value(size_t i, struct opt_value *out)
{
	return fwaudit_kind(i, &out->name, &out->what);
}

static const struct opt_value origin_values[] = {
	{ "readback", "read back from a device (esptool read_flash, a programmer)" },
	{ "build", "a build output (idf.py build, merge_bin, an OTA payload)" },
	{ NULL, NULL }
};

static const struct opt_row scan_opt_rows[] = {
	OPT_HEADING("inputs"),
	{ "kind", OPT_KIND, "KIND", "Read every input as KIND instead of recognising it by "
	  "content; `--kind help` lists the kinds.", NULL, NULL, kind_value, NULL },
	{ "compare", OPT_COMPARE, NULL, "The two inputs are two units of one product: "
	  "report the keys, certificates and passwords they wrongly share "
	  "([compare.md](compare.md)).", NULL, NULL, NULL, NULL },
	{ "origin", OPT_ORIGIN, "ORIGIN", "What the flash and image inputs are: bytes read "
	  "back from a device, or build outputs. Flash encryption is judged from a read-back's "
	  "own bytes, and for a build output from the eFuses, else the sdkconfig "
	  "([images.md](images.md)).", "told from the input's own evidence, else unknown",
	  origin_values, NULL, NULL },
	{ "separate-units", OPT_SEPARATE_UNITS, NULL, "The inputs come from different units: "
	  "inputs whose chip, MAC or flash size contradict each other are a warning, not "
	  "exit 2.", NULL, NULL, NULL, NULL },
	{ "vex", OPT_VEX, "FILE", "A CycloneDX VEX document: its analysis (not_affected, "
	  "resolved, ... with justification) applies to the vulnerabilities found in the "
	  "components; `--format cyclonedx-vex` writes the result ([sbom.md](sbom.md)).",
	  NULL, NULL, NULL, NULL },
	{ "vulndb", OPT_VULNDB, "PATH", "Match the components found against the vulnerability "
	  "database at PATH (`fwaudit vulndb import` fills it): each known vulnerability with "
	  "its status, reason and severity; without it the vulnerability rules are not tested "
	  "([vulndb.md](vulndb.md)).", NULL, NULL, NULL, NULL },
	OPT_HEADING("keys (audit what the key holder sees)"),
	{ "flash-key", OPT_FLASH_KEY, "FILE", "A flash encryption key (16, 24, 32 or 64 bytes, "
	  "as espsecure takes it); repeatable. A flash-encrypted dump is decrypted in memory "
	  "(never written) by the chip's scheme (ESP32 AES-256 with its address tweak, "
	  "XTS-AES on later chips) and audited in plaintext; the report names each key by "
	  "its file's SHA-256 only, and says when a key decrypts nothing valid "
	  "([images.md](images.md)).", NULL, NULL, NULL, NULL },
	{ "sbv1-bootloader-key", OPT_SBV1_BL_KEY, "FILE", "ESP32 Secure Boot V1: the "
	  "bootloader key (32 bytes); the reflashable bootloader digest at flash 0x0 is "
	  "checked with it.", NULL, NULL, NULL, NULL },
	{ "sbv1-verify-key", OPT_SBV1_VERIFY_KEY, "PEM", "ESP32 Secure Boot V1: the app "
	  "signing key's public half (PEM public key, PEM private key or 64 bytes X||Y, "
	  "P-256); each app's signature trailer is verified with it.", NULL, NULL, NULL, NULL },
	OPT_HEADING("live chip (serial)"),
	{ "serial", OPT_SERIAL, "PORT", "Read the chip through its ROM loader on PORT, "
	  "read-only: security info and eFuses ([serial.md](serial.md)). PORT is a device "
	  "(`/dev/ttyUSB0`), `rfc2217://HOST:PORT` or `tcp://HOST:PORT`; `fwaudit ports` "
	  "lists the serial ports. The chip is told from its answers.", NULL, NULL, NULL, NULL },
	{ "console", OPT_CONSOLE, NULL, "With `--serial`: also boot the application and "
	  "classify its console (root shell, login, REPL, U-Boot); sends one line break.",
	  NULL, NULL, NULL, NULL },
	{ "no-reset", OPT_NO_RESET, NULL, "With `--serial`: do not reset the chip into the ROM "
	  "loader (DTR/RTS); put it in download mode by hand (hold BOOT, tap EN).",
	  NULL, NULL, NULL, NULL },
	{ "baud", OPT_BAUD, "N", "With `--serial`: the line speed, 300 to 5000000.",
	  "115200", NULL, NULL, NULL },
	OPT_HEADING("live network"),
	{ "host", OPT_HOST, "ADDR", "Audit the network face of the device at ADDR (IPv4, IPv6 "
	  "or a name): open ports, banners, TLS, default logins; only this address is "
	  "touched ([network.md](network.md)).", NULL, NULL, NULL, NULL },
	{ "ports", OPT_PORTS, "SPEC", "With `--host`: the TCP ports, a list such as "
	  "`22,80,8000-8100`, or `top` (31 common IoT ports) or `all` (1-65535); `udp` adds "
	  "the UDP probes, which `top` and `all` include.", "top", NULL, NULL, NULL },
	{ "try-logins", OPT_TRY_LOGINS, NULL, "With `--host`: try default credentials on the "
	  "services that take a login (an active login attempt, so off by default).",
	  NULL, NULL, NULL, NULL },
	{ "credentials", OPT_CREDENTIALS, "FILE", "With `--try-logins`: more `user:password` "
	  "lines to try after the built-in list.", NULL, NULL, NULL, NULL },
	{ "timeout", OPT_TIMEOUT, "MS", "Milliseconds, 1 to 3600000: with `--serial` the "
	  "whole ROM stage (default 5000); with `--host` each connection, banner, probe, TLS "
	  "handshake or login attempt (default 1000).", NULL, NULL, NULL, NULL },
	{ "scan-timeout", OPT_SCAN_TIMEOUT, "MS", "With `--host`: milliseconds, 1 to 3600000, "
	  "for the whole network audit; a scan cut short says so (`net.scan.complete` false, "
	  "a warning).", "600000", NULL, NULL, NULL },
	OPT_ROWS_END
};

static const char *const scan_usage[] = {
	"scan [OPTION...] INPUT...",
	"scan [OPTION...] --serial PORT [--console] [--no-reset] [INPUT...]",
	"scan [OPTION...] --host ADDR [--ports SPEC] [--try-logins] [INPUT...]",
	"scan [OPTION...] --compare UNIT_A UNIT_B",
	NULL
};

static const struct opt_row *const scan_tables[] = {
	scan_opt_rows, run_opt_rows, help_opt_rows, NULL
};

const struct cmd_doc scan_doc = {
	"scan", "gather facts from inputs and live devices, judge them, report", scan_usage,
	"Gathers facts from every input and live source, judges them with the rules of the "
	"chosen profiles and writes the reports. Inputs are recognised by content, not by "
	"name: a flash dump, an app or bootloader image, a partition table, otadata, an NVS "
	"or `esp_secure_cert` partition, an `sdkconfig`, an eFuse summary or dump (the "
	"`--kind` list). An input of no known kind is exit 2, naming what was seen. Missing "
	"evidence is `not_tested`, never `pass`.\n\n"
	"Long work (inputs of 4 MiB and more, the serial ROM, network scans) shows one "
	"progress line on standard error, only when it is a terminal and `--quiet` is not "
	"given; the line is cleared before the report is written.",
	scan_tables, NULL
};

/* --timeout, --scan-timeout: milliseconds, 1 to 3600000; else -1, said. */
static int
parse_timeout(const char *opt, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end != '\0' || v < 1 || v > 3600000) {
		die(FWAUDIT_EXIT_USAGE, "--%s takes milliseconds (1..3600000), not '%s'", opt, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* The options into r; false with *status when the command ends here (a
 * bad option, --help). */
static bool
scan_parse_options(int argc, char **argv, struct scan_request *r, int *status)
{
	struct opt_parser op;
	int opt;

	*status = FWAUDIT_EXIT_USAGE;
	run_opts_init(&r->opts);
	optind = 1;
	opt_parser_init(&op, &scan_doc);
	while ((opt = opt_next(&op, argc, argv, status)) != -1) {
		int h = opt == OPT_STOP ? 0 : run_opts_handle(&r->opts, opt, optarg);

		if (h < 0)
			return *status = FWAUDIT_EXIT_USAGE, false;
		if (h > 0)
			continue;
		switch (opt) {
		case OPT_STOP:
			return false;
		case OPT_SERIAL: r->serial.port = optarg; break;
		case OPT_CONSOLE: r->serial.console = true; break;
		case OPT_NO_RESET: r->serial.no_reset = true; break;
		case OPT_BAUD:
			r->serial.baud = atoi(optarg);
			if (r->serial.baud < 300 || r->serial.baud > 5000000)
				return *status = die(FWAUDIT_EXIT_USAGE, "--baud takes 300..5000000, not '%s'",
				    optarg), false;
			break;
		case OPT_HOST: r->net.host = optarg; break;
		case OPT_PORTS: r->net.ports = optarg; break;
		case OPT_TRY_LOGINS: r->net.try_logins = true; break;
		case OPT_CREDENTIALS: r->net.credentials = optarg; break;
		case OPT_KIND: r->kind = optarg; break;
		case OPT_VEX: r->vex = optarg; break;
		case OPT_VULNDB: r->vulndb = optarg; break;
		case OPT_COMPARE: r->compare = true; break;
		case OPT_ORIGIN:
			/* Where flash and image inputs come from (docs/images.md):
			 * flash encryption is judged from the bytes of a read-back
			 * only; a build output's from eFuses and sdkconfig. */
			if (opt_row_check(cmd_doc_row(&scan_doc, OPT_ORIGIN), optarg) != 0)
				return false;
			r->origin = optarg;
			break;
		case OPT_SEPARATE_UNITS: r->separate_units = true; break;
		case OPT_FLASH_KEY:
			if (r->nflash_keys == FWAUDIT_MAX_FLASH_KEYS)
				return *status = die(FWAUDIT_EXIT_USAGE, "too many --flash-key "
				    "options (at most %d)", FWAUDIT_MAX_FLASH_KEYS), false;
			r->flash_keys[r->nflash_keys++] = optarg;
			break;
		case OPT_SBV1_BL_KEY: r->sbv1_bootloader_key = optarg; break;
		case OPT_SBV1_VERIFY_KEY: r->sbv1_verify_key = optarg; break;
		case OPT_TIMEOUT:
			if (parse_timeout("timeout", optarg, &r->net.timeout_ms) != 0)
				return false;
			r->serial.timeout_ms = r->net.timeout_ms;
			break;
		case OPT_SCAN_TIMEOUT:
			if (parse_timeout("scan-timeout", optarg, &r->net.total_timeout_ms) != 0)
				return false;
			break;
		default:
			return *status = die(FWAUDIT_EXIT_INTERNAL, "option %d has a row but no case", opt),
			    false;
		}
	}
	r->paths = (const char *const *)(argv + optind);
	r->npaths = argc - optind;
	return true;
}

static bool
kind_known(const char *kind)
{
	const char *name, *what;

	for (size_t i = 0; fwaudit_kind(i, &name, &what); i++)
		if (strcmp(name, kind) == 0)
			return true;
	return false;
}

/* The options together make sense and --kind help is answered; false with
 * *status when the command ends here. */
static bool
scan_check_args(struct scan_request *r, int *status)
{
	const char *name, *what;

	*status = FWAUDIT_EXIT_USAGE;
	if (run_opts_finish(&r->opts) != 0)
		return false;
	r->progress = !r->opts.quiet && isatty(STDERR_FILENO);
	if (r->npaths == 0 && r->kind != NULL && strcmp(r->kind, "help") == 0)
		;	/* handled below */
	else if (r->npaths == 0 && r->serial.port == NULL && r->net.host == NULL) {
		cmd_usage_text(&scan_doc, stderr);
		return *status = die(FWAUDIT_EXIT_USAGE, "nothing to scan: give input files, --serial "
		    "or --host"), false;
	}
	if (r->compare && r->npaths != 2)
		return *status = die(FWAUDIT_EXIT_USAGE, "--compare takes exactly two inputs (UNIT_A "
		    "UNIT_B), got %d", r->npaths), false;
	if (r->kind != NULL && strcmp(r->kind, "help") == 0) {
		for (size_t i = 0; fwaudit_kind(i, &name, &what); i++)
			printf("%-20s %s\n", name, what);
		return *status = FWAUDIT_EXIT_CLEAN, false;
	}
	if (r->kind != NULL && !kind_known(r->kind)) {
		fprintf(stderr, "fwaudit: unknown --kind '%s'; kinds:", r->kind);
		for (size_t i = 0; fwaudit_kind(i, &name, &what); i++)
			fprintf(stderr, " %s", name);
		fputc('\n', stderr);
		return false;
	}
	return true;
}

int
cmd_scan(int argc, char **argv)
{
	struct scan_request r = { .paths = NULL };
	struct scan_result res;
	int status;

	if (!scan_parse_options(argc, argv, &r, &status) || !scan_check_args(&r, &status))
		return status;
	if (fwaudit_scan(&r, &res) != 0 && res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
