/* Feed files into records, several files at once (JSON parsing is most of
 * an import's time); checks/vulndb_import.c stores the results in file
 * order, so counts and the first error do not depend on the threads. */
#ifndef FWAUDIT_VULNDB_PARSE_H
#define FWAUDIT_VULNDB_PARSE_H

#include <stddef.h>

#include "formats/vuln_record.h"

struct feed_item {
	char *path;
	bool is_file;			/* false: a folder that could not be read */
	struct vuln_record *recs;
	size_t nrecs, cap;
	size_t nskips;			/* records or the file that could not be read */
	char *first_skip;
	char *internal;			/* fwaudit's own failure (memory) */
};

/* Parses items[0..n) (their paths) into their records and skips, with up
 * to threads threads. */
void feed_parse(struct feed_item *items, size_t n, int threads);
void feed_item_clear(struct feed_item *it);

#endif
