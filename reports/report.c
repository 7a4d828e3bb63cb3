#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "reports/cyclonedx.h"

static const struct report_writer text_writer = { "text", "terminal report",
	"report.txt", report_write_text, NULL };
static const struct report_writer json_writer = { "json", "canonical JSON report",
	"report.json", report_write_json, report_render_json };
static const struct report_writer html_writer = { "html", "printable HTML evidence report",
	"report.html", report_write_html, NULL };
static const struct report_writer sarif_writer = { "sarif", "SARIF 2.1.0 for code scanning",
	"report.sarif", report_write_sarif, NULL };
static const struct report_writer junit_writer = { "junit", "JUnit XML, one testcase per rule",
	"report.junit.xml", report_write_junit, NULL };
static const struct report_writer md_writer = { "md", "Markdown summary for a pull request",
	"summary.md", report_write_markdown, NULL };
static const struct report_writer ics_writer = { "ics", "EN 303 645 Annex B ICS (CSV)",
	"ics.csv", report_write_ics, NULL };
static const struct report_writer cdx_writer = { "cyclonedx", "CycloneDX 1.6 SBOM (JSON)",
	"sbom.cdx.json", report_write_cyclonedx, NULL };
static const struct report_writer vex_writer = { "cyclonedx-vex",
	"CycloneDX 1.6 vulnerability analysis (VEX, JSON)", "vex.cdx.json",
	report_write_cyclonedx_vex, NULL };
static const struct report_writer ixit_writer = { "ixit", "TS 103 701 IXIT tables (Markdown)",
	"ixit.md", report_write_ixit, NULL };
static const struct report_writer techdoc_writer = { "techdoc",
	"EN 18031 technical documentation table (Markdown)", "techdoc.md", report_write_techdoc,
	NULL };

const struct report_writer *const report_writers[] = {
	&text_writer,
	&json_writer,
	&html_writer,
	&sarif_writer,
	&junit_writer,
	&md_writer,
	&ics_writer,
	&ixit_writer,
	&techdoc_writer,
	&cdx_writer,
	&vex_writer,
	NULL
};

const struct report_writer *
report_writer_find(const char *format)
{
	for (size_t i = 0; report_writers[i] != NULL; i++)
		if (strcmp(report_writers[i]->format, format) == 0)
			return report_writers[i];
	return NULL;
}

int
report_write(const json_t *report, const char *format, const char *path,
    const struct report_opts *o, struct fw_err *err)
{
	const struct report_writer *w = report_writer_find(format);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (w == NULL)
		return err_set(err, NULL, ERR_NO_OFFSET, "unknown --format '%s'", format);
	if (w->render != NULL) {
		if ((buf = w->render(report, o, &len)) == NULL)
			return err_set(err, path ? path : "<stdout>", ERR_NO_OFFSET,
			    "cannot render the %s report", format);
		rc = file_write(path, buf, len, err);
		free(buf);
		return rc;
	}
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return err_oom(err, path, ERR_NO_OFFSET);
	rc = w->write(report, fp, o);
	if (fclose(fp) != 0 || rc != 0) {
		free(buf);
		return err_set(err, path ? path : "<stdout>", ERR_NO_OFFSET,
		    "cannot render the %s report", format);
	}
	rc = file_write(path, buf, len, err);
	free(buf);
	return rc;
}
