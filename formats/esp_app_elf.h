/* ESP-IDF application ELFs (build/<project>.elf): the app descriptor the
 * build links at the start of .flash.appdesc (symbol esp_app_desc), and
 * which features the link pulled in, told by their symbols in .symtab.
 * Sources: esp-idf components/esp_app_format (esp_app_desc.c, the linker
 * fragment placing .flash.appdesc), and the components whose public entry
 * points the feature table names. */
#ifndef FWAUDIT_FORMATS_ESP_APP_ELF_H
#define FWAUDIT_FORMATS_ESP_APP_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "formats/esp_image.h"

enum esp_elf_feature {
	ESP_ELF_OTA,		/* esp_ota_* / esp_https_ota: the app can update itself */
	ESP_ELF_GDBSTUB,	/* GDB stub on panic or at runtime */
	ESP_ELF_APP_TRACE,	/* app trace over JTAG / UART */
	ESP_ELF_CONSOLE,	/* esp_console REPL */
	ESP_ELF_HTTP_SERVER,	/* esp_http_server */
	ESP_ELF_MDNS,		/* mDNS responder */
	ESP_ELF_PROVISIONING,	/* Wi-Fi / network provisioning manager */
	ESP_ELF_SECURE_BOOT,	/* esp_secure_boot_* in the app */
	ESP_ELF_NVS_ENCRYPTION,	/* nvs_flash_secure_init* */
	ESP_ELF_TLS,		/* esp_tls */
	ESP_ELF_FEATURE_COUNT
};

struct esp_app_elf {
	unsigned machine;	/* e_machine: 94 Xtensa, 243 RISC-V */
	const char *arch;	/* "xtensa", "riscv" */
	bool has_desc;
	size_t desc_offset;	/* file offset of esp_app_desc_t */
	const char *desc_source; /* "symbol esp_app_desc" or "section .flash.appdesc" */
	struct esp_app_desc desc; /* app_elf_sha256 is zero in an ELF: the image carries it */
	bool symtab;		/* .symtab present: features can be told */
	size_t nsymbols;
	bool feature[ESP_ELF_FEATURE_COUNT];
	char feature_symbol[ESP_ELF_FEATURE_COUNT][64]; /* the first symbol that told it */
};

/* Confidence 0..100 that data is an ESP-IDF app ELF: an ELF for Xtensa or
 * RISC-V with a .flash.appdesc section or an esp_app_desc symbol. */
int esp_app_elf_detect(const uint8_t *data, size_t len);
/* Reads the descriptor and the features. 0, or -1 with err when the ELF is
 * unreadable or is no ESP-IDF app (neither section nor symbol). */
int esp_app_elf_read(const char *input, const uint8_t *data, size_t len,
    struct esp_app_elf *out, struct fw_err *err);
/* "ota", "gdbstub", "app_trace", ... (the fact member names). */
const char *esp_elf_feature_name(enum esp_elf_feature f);

#endif
