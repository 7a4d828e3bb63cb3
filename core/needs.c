#include "core/needs.h"

#include <string.h>

/* The order here is the order needs are listed in. */
const struct need_kind need_kinds[] = {
	{ "sdkconfig", "sdkconfig",
	  "no sdkconfig given", "the sdkconfig given lacks options these rules read",
	  "give the build's sdkconfig (build/sdkconfig)" },
	{ "efuse", "eFuse summary",
	  "no eFuse summary given", "the eFuse summary given lacks fields",
	  "give the eFuse summary (espefuse.py summary --format json) or probe the chip "
	  "(--serial PORT)" },
	{ "flash", "flash dump",
	  "no flash dump or firmware image given",
	  "the flash dump or images given lack parts (truncated, unparsed or absent)",
	  "give a whole flash dump (esptool.py read_flash 0 ALL flash.bin) or the build's images" },
	{ "nvs", "NVS data",
	  "no NVS partition given", "the NVS or identity data given lacks entries",
	  "give a flash dump that holds the nvs and esp_secure_cert partitions" },
	{ "app-elf", "app ELF",
	  "no app ELF given", "the app ELF given has no symbol table",
	  "give the build's app ELF (build/<project>.elf), not stripped" },
	{ "elf", "ELF binaries",
	  "no ELF binary or root filesystem given", "the ELF binaries given could not be read",
	  "give the firmware's root filesystem or its ELF binaries" },
	{ "rootfs", "root file system",
	  "no embedded-Linux root file system given",
	  "the root file system given lacks the files these rules read",
	  "give the firmware image, its SquashFS, or the root file system (directory, tar, cpio)" },
	{ "kernel", "Linux kernel",
	  "no Linux kernel or boot files given",
	  "the kernel and boot files given show no command line or no configuration",
	  "give the whole firmware image (the kernel part of its uImage, TP-Link or TRX), or a "
	  "root file system with boot/cmdline.txt, extlinux.conf or boot/config-*" },
	{ "serial", "serial probe",
	  "no serial ROM probe", "the serial ROM probe proved nothing",
	  "probe the device: --serial PORT" },
	{ "console", "console probe",
	  "no serial console probe", "the serial console probe showed no console",
	  "probe the console: --serial PORT --console" },
	{ "network", "network scan",
	  "no network scan", "the network scan left ports without evidence",
	  "scan the device: --host ADDR (--ports SPEC for more ports)" },
	{ "logins", "login attempts",
	  "no login attempts", "the login attempts did not complete",
	  "try default logins: --host ADDR --try-logins" },
	{ "compare", "second unit",
	  "no second unit compared", "the units compared lack data",
	  "compare two units: fwaudit scan --compare UNIT_A UNIT_B" },
	{ "vulndb", "vulnerability database",
	  "no vulnerability database given",
	  "the vulnerability database cannot decide some records for the components",
	  "give --vulndb PATH (fill it with fwaudit vulndb import FEEDS; docs/vulndb.md); "
	  "answer the records it cannot decide with a VEX document (--vex FILE)" },
	{ "sbom", "SBOM",
	  "no SBOM written", "the SBOM written names no component",
	  "write one with the report: --format cyclonedx -o FILE (or --evidence-dir DIR), "
	  "from plaintext images" },
	{ "declarations", "declarations",
	  "vendor declarations missing",
	  "vendor declarations missing from the file given",
	  "answer them in a declarations file (--declarations FILE, docs/declarations.md)" },
	{ "ciphertext", "plaintext images",
	  "evidence is ciphertext (flash encryption)",
	  "evidence is ciphertext (flash encryption)",
	  "give the build's plaintext images alongside the encrypted dump" },
	{ "other", "lab assessment",
	  "evidence no input of fwaudit gives", "evidence no input of fwaudit gives",
	  "assessment by the test lab" },
};
const size_t need_nkinds = sizeof(need_kinds) / sizeof(need_kinds[0]);

/* Fact-name prefixes (docs/facts.md namespaces); the longest match wins. */
static const struct {
	const char *prefix;
	const char *need;
} prefixes[] = {
	{ "sdkconfig.", "sdkconfig" },
	{ "efuse.", "efuse" },
	{ "esp.", "flash" },
	{ "components", "flash" },
	{ "components.vulnerabilities", "vulndb" },
	{ "vulndb.", "vulndb" },
	{ "sbom.", "sbom" },
	{ "spdx.", "declarations" },
	{ "vex.", "declarations" },
	{ "inputs.", "flash" },
	{ "esp.app_elf", "app-elf" },
	{ "elf.", "elf" },
	{ "nvs.", "nvs" },
	{ "identity.", "nvs" },
	{ "serial.", "serial" },
	{ "console.", "console" },
	{ "net.", "network" },
	{ "tls.", "network" },
	{ "net.logins", "logins" },
	{ "net.brute_force_samples", "logins" },
	{ "compare.", "compare" },
	{ "declared.", "declarations" },
	{ "unreadable:", "ciphertext" },
	{ "linux.", "rootfs" },
	{ "linux.kernel", "kernel" },
};

size_t
need_find(const char *id)
{
	for (size_t i = 0; i < need_nkinds; i++)
		if (id != NULL && strcmp(need_kinds[i].id, id) == 0)
			return i;
	return need_nkinds;
}

size_t
need_of_fact(const char *name)
{
	const char *best = "other";
	size_t bestlen = 0;

	for (size_t i = 0; name != NULL && i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (n > bestlen && strncmp(name, prefixes[i].prefix, n) == 0) {
			best = prefixes[i].need;
			bestlen = n;
		}
	}
	return need_find(best);
}

unsigned
needs_of_rule(const json_t *missing, const json_t *evidence)
{
	unsigned bits = 0;
	json_t *v;
	size_t i;

	json_array_foreach(missing, i, v)
		bits |= 1u << need_of_fact(json_string_value(v));
	if (bits == 0)
		json_array_foreach(evidence, i, v) {
			const char *r = json_string_value(json_object_get(v, "result"));

			if ((r != NULL && strcmp(r, "unknown") == 0) ||
			    json_integer_value(json_object_get(v, "unknown")) > 0)
				bits |= 1u << need_of_fact(json_string_value(
				    json_object_get(v, "fact")));
		}
	return bits != 0 ? bits : 1u << need_find("other");
}

json_t *
needs_json(unsigned needs)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < need_nkinds; i++)
		if (needs & (1u << i))
			json_array_append_new(a, json_string(need_kinds[i].id));
	return a;
}

unsigned
needs_bits(const json_t *needs)
{
	unsigned bits = 0;
	json_t *v;
	size_t i, k;

	json_array_foreach(needs, i, v)
		if ((k = need_find(json_string_value(v))) < need_nkinds)
			bits |= 1u << k;
	return bits;
}

static bool
is_not_tested(const json_t *o)
{
	const char *v = json_string_value(json_object_get(o, "verdict"));

	return v != NULL && strcmp(v, "not_tested") == 0;
}

json_t *
needs_to_complete(const json_t *rules, const json_t *profiles, const json_t *facts)
{
	size_t nrules[32] = { 0 }, order[32], n = 0, i, k;
	unsigned used = 0, given = 1u << need_find("ciphertext");
	const char *name;
	json_t *out, *r, *p, *x, *v;

	json_array_foreach(rules, i, r)
		if (is_not_tested(r)) {
			unsigned b = needs_bits(json_object_get(r, "needs"));

			used |= b;
			for (k = 0; k < need_nkinds; k++)
				nrules[k] += (b >> k) & 1u;
		}
	json_array_foreach(profiles, i, p)
		json_array_foreach(json_object_get(p, "provisions"), k, x)
			if (is_not_tested(x))
				used |= needs_bits(json_object_get(x, "needs"));
	if (used == 0)
		return json_array();
	/* One pass over the fact names, only when something is untested. */
	json_object_foreach((json_t *)facts, name, v)
		given |= 1u << need_of_fact(name);
	for (k = 0; k < need_nkinds; k++)
		if (used & (1u << k))
			order[n++] = k;
	/* Most rules first; the table order among equals (insertion sort: stable). */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && nrules[order[k]] > nrules[order[k - 1]]; k--) {
			size_t t = order[k];

			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	out = json_array();
	for (i = 0; out != NULL && i < n; i++) {
		const struct need_kind *nk = &need_kinds[order[i]];
		unsigned bit = 1u << order[i];
		json_t *e = json_object(), *ids = json_array(), *provs = json_object();
		size_t j, m;

		json_array_foreach(rules, j, r)
			if (is_not_tested(r) && (needs_bits(json_object_get(r, "needs")) & bit))
				json_array_append(ids, json_object_get(r, "id"));
		json_array_foreach(profiles, j, p) {
			json_t *list = json_array();

			json_array_foreach(json_object_get(p, "provisions"), m, x)
				if (is_not_tested(x) && (needs_bits(json_object_get(x, "needs")) & bit))
					json_array_append(list, json_object_get(x, "id"));
			if (json_array_size(list) > 0)
				json_object_set_new(provs, json_string_value(json_object_get(p, "id")),
				    list);
			else
				json_decref(list);
		}
		json_object_set_new(e, "given", json_boolean(given & bit));
		json_object_set_new(e, "how", json_string(nk->how));
		json_object_set_new(e, "id", json_string(nk->id));
		json_object_set_new(e, "provisions", provs);
		json_object_set_new(e, "rules", ids);
		json_object_set_new(e, "what", json_string(given & bit ? nk->lacking : nk->absent));
		json_array_append_new(out, e);
	}
	return out;
}
