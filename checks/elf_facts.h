/* ELF binaries as facts: one elf.binaries item per executable or shared
 * object, from a single ELF input (kind "elf", checks/elf.c) or from every
 * ELF a root filesystem holds (the rootfs collector calls these).
 *
 *   struct elf_hardening h;
 *   struct elf_calls c;      // ~10 KiB (heap it in a thread); optional: NULL = not looked
 *   if (elf_hardening(data, len, &h, &err) == 0) {
 *           elf_risky_calls(data, len, &c, NULL);
 *           elf_binary_add(f, elf_binary_json("usr/sbin/httpd", input, off, &h, &c), input);
 *   }
 *
 * rules/facts/elf.yaml documents the item; rules/elf.yaml judges it. */
#ifndef FWAUDIT_CHECKS_ELF_FACTS_H
#define FWAUDIT_CHECKS_ELF_FACTS_H

#include <jansson.h>

#include "core/facts.h"
#include "formats/elf_calls.h"
#include "formats/elf_hardening.h"

/* A new item {path, input, offset, class, endian, machine, type,
 * section_headers, dynamic, interp, nx, pie, relro, canary, ...}. path
 * names the binary (inside its filesystem, or the input path); offset is
 * where the ELF starts in the input (0 for a file of its own); calls may
 * be NULL (risky_calls then absent: not looked). NULL on allocation failure. */
json_t *elf_binary_json(const char *path, int input, uint64_t offset,
    const struct elf_hardening *h, const struct elf_calls *calls);
/* Appends item (stolen) to elf.binaries; 0, or -1 on allocation failure. */
int elf_binary_add(struct facts *f, json_t *item, int input);

#endif
