/* The fact tree: what collectors learned, each fact with its provenance.
 *
 * Facts are a flat map from a dotted name ("efuse.secure_boot.enabled") to a
 * record {"value": V, "input": I, "loc": {...}}: I indexes the inputs array
 * (file path + SHA-256, or a live source), loc says where inside the input
 * the value came from (line, offset/length, eFuse field, register, transcript
 * excerpt). Values are JSON (jansson); lists of things (images, partitions,
 * open ports) are arrays of objects under one name. docs/facts.md lists every
 * name a collector emits. */
#ifndef FWAUDIT_FACTS_H
#define FWAUDIT_FACTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define FACTS_SCHEMA_VERSION 1

struct facts {
	json_t *inputs;		/* array of {"path", "kind", "sha256", "size"} or {"live", "kind"} */
	json_t *map;		/* object: fact name -> record */
	json_t *warnings;	/* array of strings */
};

struct facts *facts_new(void);
void facts_free(struct facts *f);

/* Registers a file input (SHA-256 computed over data) and returns its index. */
int facts_add_input(struct facts *f, const char *path, const char *kind,
    const void *data, size_t len);
/* The same, in two steps, so a large input can be hashed on another thread
 * while its collector runs: register it now (sha256 "" until set), set the
 * digest (hex, 64 characters) before the facts are written or judged. */
int facts_add_input_pending(struct facts *f, const char *path, const char *kind,
    size_t len);
void facts_input_set_sha256(struct facts *f, int input, const char hex[65]);
/* Registers a live source ("serial:/dev/ttyUSB0", "host:192.168.4.1"). */
int facts_add_live(struct facts *f, const char *source, const char *kind);
const char *facts_input_path(const struct facts *f, int input);

/* Sets a fact. value and loc are stolen (loc may be NULL). Setting a name
 * twice keeps the first value; a different second value is a warning. */
int fact_set(struct facts *f, const char *name, json_t *value, int input,
    json_t *loc);
int fact_set_bool(struct facts *f, const char *name, bool v, int input, json_t *loc);
int fact_set_int(struct facts *f, const char *name, long long v, int input, json_t *loc);
int fact_set_str(struct facts *f, const char *name, const char *v, int input, json_t *loc);

/* Locations. Each returns a new object, or NULL on allocation failure. */
json_t *loc_line(unsigned line);
json_t *loc_offset(uint64_t offset, uint64_t length);	/* length 0: unknown */
json_t *loc_field(const char *efuse_field);
json_t *loc_register(uint32_t address);
json_t *loc_excerpt(const char *text);

/* The members an item of a list fact is named by in evidence (a for_each
 * record's "failing"): the first present, a string or an integer. In this
 * order, NULL-ended; core/predicate.c names items by it, reports read the
 * names back with it. */
extern const char *const fact_item_name_keys[];

/* The record stored under exactly this name, or NULL. */
json_t *fact_record(const struct facts *f, const char *name);
/* A value by path: the longest stored name that prefixes the path, then
 * descent into that value's objects ("esp.images.0.chip" works too).
 * Sets *record to the record the value came from (may be NULL). */
json_t *fact_lookup(const struct facts *f, const char *path, json_t **record);

void facts_warn(struct facts *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* {"schema_version", "inputs", "facts", "warnings"}: a new reference. */
json_t *facts_to_json(const struct facts *f);
/* Loads a saved tree; 0, or -1 with err. */
int facts_from_json(const json_t *doc, const char *name, struct facts **out,
    struct fw_err *err);

#endif
