#include "reports/report.h"

int
report_write_json(const json_t *report, FILE *fp, const struct report_opts *o)
{
	/* Sorted keys and fixed indentation: the same result gives the same bytes. */
	if (json_dumpf(report, fp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}
