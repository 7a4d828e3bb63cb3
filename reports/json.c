#include "reports/report.h"

#include "util/json_out.h"

int
report_write_json(const json_t *report, FILE *fp, const struct report_opts *o)
{
	/* Sorted keys and fixed indentation: the same result gives the same
	 * bytes. Rendered to one string first: json_dumpf writes token by token. */
	return report_dump_json(report, fp, JSON_INDENT(2) | JSON_SORT_KEYS);
}

char *
report_render_json(const json_t *report, const struct report_opts *o, size_t *len)
{
	return json_canonical(report, len);
}
