/* ESP-IDF app ELFs; see formats/esp_app_elf.h. */
#include "formats/esp_app_elf.h"

#include <stdio.h>
#include <string.h>

#include "formats/elf.h"
#include "util/reader.h"

/* Symbol names telling a feature: exact, or a prefix when ending in '*'.
 * The public entry points of each component, which any use links in. */
static const struct {
	enum esp_elf_feature f;
	const char *name;
	const char *sym;
} features[] = {
	{ ESP_ELF_OTA, "ota", "esp_ota_begin" },
	{ ESP_ELF_OTA, "ota", "esp_ota_write" },
	{ ESP_ELF_OTA, "ota", "esp_https_ota*" },
	{ ESP_ELF_GDBSTUB, "gdbstub", "esp_gdbstub*" },
	{ ESP_ELF_GDBSTUB, "gdbstub", "gdbstub*" },
	{ ESP_ELF_APP_TRACE, "app_trace", "esp_apptrace*" },
	{ ESP_ELF_CONSOLE, "console", "esp_console_*" },
	{ ESP_ELF_HTTP_SERVER, "http_server", "httpd_start" },
	{ ESP_ELF_HTTP_SERVER, "http_server", "httpd_ssl_start" },
	{ ESP_ELF_MDNS, "mdns", "mdns_init" },
	{ ESP_ELF_PROVISIONING, "provisioning", "wifi_prov_mgr_*" },
	{ ESP_ELF_PROVISIONING, "provisioning", "network_prov_mgr_*" },
	{ ESP_ELF_SECURE_BOOT, "secure_boot", "esp_secure_boot_*" },
	{ ESP_ELF_NVS_ENCRYPTION, "nvs_encryption", "nvs_flash_secure_init*" },
	{ ESP_ELF_TLS, "tls", "esp_tls_*" },
};

const char *
esp_elf_feature_name(enum esp_elf_feature f)
{
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (features[i].f == f)
			return features[i].name;
	return "?";
}

static bool
sym_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

struct scan {
	const struct elfile *ef;
	struct esp_app_elf *out;
	GElf_Sym desc_sym;
	bool have_desc_sym;
};

static int
on_symbol(void *ctx, const GElf_Sym *s, const char *name)
{
	struct scan *sc = ctx;

	sc->out->nsymbols++;
	if (s->st_shndx == SHN_UNDEF || name[0] == '\0')
		return 0;
	if (strcmp(name, "esp_app_desc") == 0) {
		sc->desc_sym = *s;
		sc->have_desc_sym = true;
	}
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		enum esp_elf_feature f = features[i].f;

		if (!sc->out->feature[f] && sym_matches(features[i].sym, name)) {
			sc->out->feature[f] = true;
			snprintf(sc->out->feature_symbol[f], sizeof(sc->out->feature_symbol[f]),
			    "%s", name);
		}
	}
	return 0;
}

static bool
esp_machine(unsigned m)
{
	return m == EM_XTENSA || m == EM_RISCV;
}

/* The descriptor: where the esp_app_desc symbol points, else the start
 * of .flash.appdesc (the linker fragment puts it first). */
static void
find_desc(const struct elfile *ef, struct scan *sc)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elfile_section(ef, ".flash.appdesc", &sh);
	size_t off;
	const char *from = NULL;

	if (sc->have_desc_sym && sc->desc_sym.st_size >= ESP_APP_DESC_LEN &&
	    elfile_section_off(ef, sc->desc_sym.st_shndx, sc->desc_sym.st_value,
	    ESP_APP_DESC_LEN, &off) == 0)
		from = "symbol esp_app_desc";
	else if (scn != NULL && elfile_section_off(ef, elf_ndxscn(scn), sh.sh_addr,
	    ESP_APP_DESC_LEN, &off) == 0)
		from = "section .flash.appdesc";
	if (from == NULL || ld_le32(ef->data + off) != ESP_APP_DESC_MAGIC)
		return;
	sc->out->has_desc = true;
	sc->out->desc_offset = off;
	sc->out->desc_source = from;
	esp_app_desc_decode(ef->data + off, &sc->out->desc);
}

int
esp_app_elf_read(const char *input, const uint8_t *data, size_t len,
    struct esp_app_elf *out, struct fw_err *err)
{
	struct elfile ef;
	struct scan sc;
	GElf_Shdr sh;

	memset(out, 0, sizeof(*out));
	if (elfile_open(&ef, input, data, len, err) != 0)
		return -1;
	out->machine = ef.ehdr.e_machine;
	out->arch = elfile_machine_name(out->machine);
	memset(&sc, 0, sizeof(sc));
	sc.ef = &ef, sc.out = out;
	out->symtab = elfile_symtab_each(&ef, on_symbol, &sc) == 0;
	find_desc(&ef, &sc);
	if (!esp_machine(out->machine) || (!out->has_desc && !sc.have_desc_sym &&
	    elfile_section(&ef, ".flash.appdesc", &sh) == NULL)) {
		err_set(err, input, ERR_NO_OFFSET, "an ELF for %s without .flash.appdesc or "
		    "esp_app_desc: not an ESP-IDF app (expected Xtensa or RISC-V with an app "
		    "descriptor)", out->arch != NULL ? out->arch : "another machine");
		elfile_close(&ef);
		return -1;
	}
	elfile_close(&ef);
	return 0;
}

static int
is_desc_symbol(void *ctx, const GElf_Sym *s, const char *name)
{
	return s->st_shndx != SHN_UNDEF && strcmp(name, "esp_app_desc") == 0;
}

int
esp_app_elf_detect(const uint8_t *data, size_t len)
{
	struct elfile ef;
	GElf_Shdr sh;
	int score = 0;

	if (!elfile_probe(data, len) || elfile_open(&ef, NULL, data, len, NULL) != 0)
		return 0;
	/* IDF before v5 kept the descriptor in .flash.rodata: then the symbol. */
	if (esp_machine(ef.ehdr.e_machine) && (elfile_section(&ef, ".flash.appdesc", &sh) != NULL ||
	    elfile_symtab_each(&ef, is_desc_symbol, NULL) == 1))
		score = 90;
	elfile_close(&ef);
	return score;
}
