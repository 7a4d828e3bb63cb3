#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

int
report_write_json(const json_t *report, FILE *fp, const struct report_opts *o)
{
	/* Sorted keys and fixed indentation: the same result gives the same
	 * bytes. Rendered to one string first: json_dumpf writes token by token. */
	char *s = json_dumps(report, JSON_INDENT(2) | JSON_SORT_KEYS);
	int rc;

	if (s == NULL)
		return -1;
	rc = fputs(s, fp) == EOF || fputc('\n', fp) == EOF ? -1 : 0;
	free(s);
	return rc;
}
