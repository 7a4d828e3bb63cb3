/* elf.binaries items, and whether ELF hardening applies at all; see
 * checks/elf_facts.h. */
#include "checks/elf_facts.h"

#include <elf.h>

#include "checks/esp_common.h"
#include "formats/elf.h"

static const char *
type_name(unsigned t)
{
	switch (t) {
	case ET_EXEC: return "exec";
	case ET_DYN: return "dyn";
	case ET_REL: return "rel";
	case ET_CORE: return "core";
	default: return "other";
	}
}

static json_t *
str_or_null(bool present, const char *s)
{
	return present ? json_string(s) : json_null();
}

static json_t *
calls_json(const struct elf_calls *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < c->n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "address",
		    (json_int_t)c->v[i].addr, "function", c->v[i].func, "via", c->v[i].via));
	return a;
}

static void
add_calls(json_t *o, const struct elf_calls *c)
{
	if (c == NULL)
		return;
	if (!c->supported) {
		/* an architecture we cannot disassemble: unknown, not none */
		json_object_set_new(o, "risky_calls", json_null());
		json_object_set_new(o, "risky_calls_reason", json_string(c->reason));
		return;
	}
	json_object_set_new(o, "risky_calls", calls_json(c));
	json_object_set_new(o, "risky_call_count", json_integer((json_int_t)c->total));
	json_object_set_new(o, "imports_resolved", json_integer((json_int_t)c->imports_resolved));
}

json_t *
elf_binary_json(const char *path, int input, uint64_t offset, const struct elf_hardening *h,
    const struct elf_calls *calls)
{
	const char *arch = elfile_machine_name(h->machine);
	json_t *o = json_pack("{s:s, s:i, s:I, s:i, s:s, s:s, s:i, s:s, s:b, s:b, s:b, s:b}",
	    "path", path, "input", input, "offset", (json_int_t)offset, "class", (int)h->elf_class,
	    "endian", h->big_endian ? "big" : "little", "arch", arch != NULL ? arch : "other",
	    "machine", (int)h->machine, "type", type_name(h->type),
	    "section_headers", h->section_headers, "dynamic", h->dynamic, "interp", h->interp,
	    "gnu_stack", h->gnu_stack);

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "nx", json_boolean(h->nx));
	json_object_set_new(o, "pie", json_string(elf_pie_name(h->pie)));
	json_object_set_new(o, "relro", json_string(elf_relro_name(h->relro)));
	json_object_set_new(o, "bind_now", json_boolean(h->bind_now));
	json_object_set_new(o, "canary", json_boolean(h->canary));
	if (h->canary) {
		json_object_set_new(o, "canary_symbol", json_string(h->canary_symbol));
		json_object_set_new(o, "canary_from", json_string(h->canary_from));
	}
	json_object_set_new(o, "fortified", json_integer(h->fortified));
	if (h->fortified)
		json_object_set_new(o, "fortified_example", json_string(h->fortified_first));
	json_object_set_new(o, "has_rpath", json_boolean(h->rpath));
	json_object_set_new(o, "has_runpath", json_boolean(h->runpath));
	json_object_set_new(o, "rpath", str_or_null(h->rpath, h->rpath_value));
	json_object_set_new(o, "runpath", str_or_null(h->runpath, h->runpath_value));
	json_object_set_new(o, "stripped", json_boolean(!h->symtab));
	json_object_set_new(o, "dynamic_symbols", json_integer((json_int_t)h->dynsyms));
	json_object_set_new(o, "needed", json_integer((json_int_t)h->needed));
	add_calls(o, calls);
	return o;
}

int
elf_binary_add(struct facts *f, json_t *item, int input)
{
	return esp_fact_append(f, "elf.binaries", item, input, NULL);
}

/* Post-collect: elf.linux_userland, which the ELF hardening and the
 * embedded-Linux rules apply on. True once ELF binaries or a root file
 * system were examined; false when the firmware given is an ESP-IDF one
 * (its images or app ELF: FreeRTOS, no Linux userland) and neither. An
 * sdkconfig or eFuses alone do not say what the firmware is: the rules stay
 * not_tested. */
void
elf_scope(struct facts *f)
{
	static const char *const esp[] = { "esp.images", "esp.app_elfs", NULL };
	json_t *rec = fact_record(f, "elf.binaries");

	if (rec == NULL)
		rec = fact_record(f, "linux.rootfs");
	if (rec != NULL) {
		fact_set_bool(f, "elf.linux_userland", true,
		    (int)json_integer_value(json_object_get(rec, "input")), NULL);
		return;
	}
	for (int i = 0; esp[i] != NULL; i++)
		if ((rec = fact_record(f, esp[i])) != NULL) {
			fact_set_bool(f, "elf.linux_userland", false,
			    (int)json_integer_value(json_object_get(rec, "input")), NULL);
			return;
		}
}
