/* What checks/vulndb_store.c and checks/vulndb_query.c share. */
#ifndef FWAUDIT_VULNDB_INT_H
#define FWAUDIT_VULNDB_INT_H

#include <sqlite3.h>

#include "checks/vulndb.h"

#define VULNDB_SCHEMA "1"

struct vulndb {
	sqlite3 *db;
	char path[1024];
};

/* err from the database's last error: "PATH: what: sqlite's message". */
int vdb_err(struct vulndb *db, struct fw_err *err, const char *what);

/* The keys a product entry / a component is found by: "p:PRODUCTKEY",
 * "c:VENDORKEY:PRODUCTKEY" (CPE), "u:purl-without-version". Writes up to
 * max NUL-terminated keys of KEYLEN bytes; returns how many. */
#define VDB_KEYLEN 160
size_t vdb_product_keys(const struct vuln_product *p, char (*keys)[VDB_KEYLEN], size_t max);
size_t vdb_component_keys(const struct vuln_component *c, char (*keys)[VDB_KEYLEN],
    size_t max);

#endif
