#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"

static const struct report_writer text_writer = { "text", "terminal report", report_write_text };
static const struct report_writer json_writer = { "json", "canonical JSON report", report_write_json };

const struct report_writer *const report_writers[] = {
	&text_writer,
	&json_writer,
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
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return err_set(err, path, ERR_NO_OFFSET, "out of memory");
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

void
report_where(const json_t *report, const json_t *ev, char *buf, size_t len)
{
	json_t *in = json_array_get(json_object_get(report, "inputs"),
	    (size_t)json_integer_value(json_object_get(ev, "input")));
	json_t *loc = json_object_get(ev, "loc");
	const char *path = json_string_value(json_object_get(in, "path"));
	json_t *v;

	if (path == NULL)
		path = json_string_value(json_object_get(in, "live"));
	if (path == NULL || !json_is_integer(json_object_get(ev, "input"))) {
		snprintf(buf, len, "-");
		return;
	}
	if ((v = json_object_get(loc, "line")) != NULL)
		snprintf(buf, len, "%s:%lld", path, (long long)json_integer_value(v));
	else if ((v = json_object_get(loc, "offset")) != NULL) {
		json_t *l = json_object_get(loc, "length");

		if (l != NULL)
			snprintf(buf, len, "%s@0x%llx+%lld", path,
			    (long long)json_integer_value(v), (long long)json_integer_value(l));
		else
			snprintf(buf, len, "%s@0x%llx", path, (long long)json_integer_value(v));
	} else if ((v = json_object_get(loc, "field")) != NULL)
		snprintf(buf, len, "%s field %s", path, json_string_value(v));
	else if ((v = json_object_get(loc, "register")) != NULL)
		snprintf(buf, len, "%s register %s", path, json_string_value(v));
	else
		snprintf(buf, len, "%s", path);
}
