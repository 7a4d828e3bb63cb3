/* Units for the report layer's own parsers and escapers: the baseline
 * loader, the evidence manifest reader and verifier, and the escaping every
 * markup writer relies on. Good and hostile input, each error asserted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/baseline.h"
#include "core/engine.h"
#include "reports/evidence.h"
#include "reports/report.h"

typedef void (*esc_fn)(FILE *, const char *);

static char *
escaped(esc_fn fn, const char *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fn(fp, in);
	fclose(fp);
	return buf;
}

static void
assert_escaped(esc_fn fn, const char *in, const char *want)
{
	char *s = escaped(fn, in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_esc_xml(void **state)
{
	assert_escaped(esc_xml, "<a href=\"x\">&'\x01\x1b</a>\tok\n",
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\xef\xbf\xbd\xef\xbf\xbd&lt;/a&gt;\tok\n");
	assert_escaped(esc_xml, "]]></failure>", "]]&gt;&lt;/failure&gt;");
	assert_escaped(esc_xml, NULL, "");
}

static void
test_esc_csv(void **state)
{
	assert_escaped(esc_csv, "say \"hi\", then\nleave", "\"say \"\"hi\"\", then\nleave\"");
	/* Formula injection: a leading = + - @ is kept as text. */
	assert_escaped(esc_csv, "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	assert_escaped(esc_csv, "", "\"\"");
}

static void
test_esc_md(void **state)
{
	assert_escaped(esc_md, "a|b <img src=x> *c*_d_\n[e](f)",
	    "a\\|b &lt;img src=x&gt; \\*c\\*\\_d\\_ \\[e\\](f)");
	assert_escaped(esc_md_code, "x`y|z\n", "x'y\\|z ");
}

static void
test_value_text_cuts_on_utf8_boundary(void **state)
{
	json_t *v = json_string("aaaaa\xc3\xa9\xc3\xa9\xc3\xa9");
	char buf[10];

	report_value_text(v, buf, sizeof(buf));
	/* 9 bytes room: "aaaaa" + "..." (the cut never splits a character). */
	assert_string_equal(buf, "aaaaa...");
	json_decref(v);
	report_value_text(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(missing)");
}

static char tmpdir[64];

static const char *
write_tmp(const char *name, const char *text)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static int
setup_tmp(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fwaudit-unit-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_tmp(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_baseline_load_hostile(void **state)
{
	struct fw_err err;
	json_t *b;

	b = baseline_load(write_tmp("trunc.json", "{\"schema_version\": 1, \"rules\": ["), &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "not a JSON report"));
	assert_non_null(strstr(err.msg, "trunc.json"));

	b = baseline_load(write_tmp("v9.json", "{\"schema_version\": 9, \"rules\": []}"), &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "schema_version 9"));

	b = baseline_load(write_tmp("facts.json", "{\"schema_version\": 1, \"facts\": {}}"), &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "not an fwaudit JSON report"));

	b = baseline_load(write_tmp("norule.json", "{\"schema_version\": 1, \"rules\": [{\"id\": 3}]}"),
	    &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "rules[0]"));

	b = baseline_load(write_tmp("arr.json", "[1, 2]"), &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "not an fwaudit JSON report"));

	b = baseline_load("/nonexistent/old.json", &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "/nonexistent/old.json"));
}

static void
test_baseline_marks(void **state)
{
	struct fw_err err;
	json_t *old = baseline_load(write_tmp("old.json",
	    "{\"schema_version\": 1, \"generated_at\": \"t\", \"rules\": ["
	    "{\"id\": \"A\", \"verdict\": \"fail\"}, {\"id\": \"B\", \"verdict\": \"fail\"},"
	    "{\"id\": \"GONE\", \"verdict\": \"waived\"}, {\"id\": \"C\", \"verdict\": \"pass\"}]}"),
	    &err);
	json_t *now = json_pack("{s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}],"
	    " s:{s:i}}", "fail_on", "high", "rules",
	    "id", "A", "verdict", "fail", "severity", "high",
	    "id", "B", "verdict", "pass", "severity", "high",
	    "id", "C", "verdict", "fail", "severity", "high",
	    "summary", "exit_status", 1);

	assert_non_null(old);
	baseline_apply(now, old, "old.json", true);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(now, "rules"), 0), "baseline")), "unchanged");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(now, "rules"), 1), "baseline")), "fixed");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(now, "rules"), 2), "baseline")), "new");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(now, "baseline"),
	    "fixed")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(now, "summary"),
	    "failing_new")), 1);
	assert_int_equal(report_exit_status(now), 1);
	json_decref(old);
	json_decref(now);
}

static void
test_manifest_hostile(void **state)
{
	struct fw_err err;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	/* No manifest at all. */
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), -1);
	assert_non_null(strstr(err.msg, "manifest.json"));
	write_tmp("manifest.json", "{\"manifest_version\": 1, \"files\": [{\"path\": "
	    "\"../../etc/passwd\", \"sha256\": "
	    "\"0000000000000000000000000000000000000000000000000000000000000000\"}]}");
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), -1);
	assert_non_null(strstr(err.msg, "leaves the bundle"));
	write_tmp("manifest.json", "{\"manifest_version\": 1, \"files\": [{\"path\": \"x\"}]}");
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), -1);
	assert_non_null(strstr(err.msg, "files[0]"));
	write_tmp("manifest.json", "{\"manifest_version\": 7, \"files\": []}");
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), -1);
	assert_non_null(strstr(err.msg, "version 1"));
	write_tmp("manifest.json", "{\"manifest_version\": 1, \"files\": [");
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), -1);
	assert_non_null(strstr(err.msg, "not JSON"));
	/* A garbage signature is reported as invalid, not a crash. */
	write_tmp("manifest.json", "{\"manifest_version\": 1, \"files\": []}");
	write_tmp("manifest.json.p7s", "\x30\x82\xff\xff garbage");
	assert_int_equal(evidence_verify(tmpdir, NULL, fp, &err), 1);
	fclose(fp);
	assert_non_null(strstr(out, "signature invalid"));
	free(out);
}

static void
test_manifest_detects_changes(void **state)
{
	struct fw_err err;
	char *out = NULL, dir[128], path[256];
	size_t len = 0;
	FILE *fp;
	json_t *files;

	snprintf(dir, sizeof(dir), "%s/bundle", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	write_tmp("bundle/a.txt", "alpha");
	write_tmp("bundle/b.txt", "beta");
	files = evidence_list_files(dir, &err);
	assert_non_null(files);
	assert_int_equal(json_array_size(files), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(files, 0), "path")),
	    "a.txt");
	{
		json_t *m = json_pack("{s:i, s:o}", "manifest_version", 1, "files", files);
		char *text = json_dumps(m, 0);

		write_tmp("bundle/manifest.json", text);
		free(text);
		json_decref(m);
	}
	fp = open_memstream(&out, &len);
	assert_int_equal(evidence_verify(dir, NULL, fp, &err), 0);
	write_tmp("bundle/a.txt", "alpha!");
	write_tmp("bundle/c.txt", "new");
	snprintf(path, sizeof(path), "%s/b.txt", dir);
	unlink(path);
	assert_int_equal(evidence_verify(dir, NULL, fp, &err), 1);
	fclose(fp);
	assert_non_null(strstr(out, "changed: a.txt"));
	assert_non_null(strstr(out, "removed: b.txt"));
	assert_non_null(strstr(out, "added: c.txt"));
	free(out);
}

/* One provision result with its rules (id, verdict) and a report around it. */
static json_t *
ics_report(const char *status, const char *verdict, const char *reason, json_t *rules,
    json_t *rule_results)
{
	return json_pack("{s:s, s:o, s:{}, s:[], s:[{s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:o, "
	    "s:[], s:{s:i, s:i}}]}]}",
	    "standard_version", "3.1.3", "rules", rule_results, "facts", "inputs",
	    "profiles", "id", "etsi-en-303-645", "provisions",
	    "id", "5.6-3", "title", "t", "status", status, "verdict", verdict, "reason", reason,
	    "rules", rules, "declarations", "counts", "declared", 0, "not_tested", 0);
}

static void
ics_check(json_t *report, const char *support, const char *detail_part)
{
	const json_t *pv = json_array_get(json_object_get(json_array_get(json_object_get(report,
	    "profiles"), 0), "provisions"), 0);
	json_t *idx = report_rule_index(report);
	struct ics_row row;

	ics_row(report, idx, pv, &row);
	assert_string_equal(row.support, support);
	assert_non_null(row.detail);
	if (strstr(row.detail, detail_part) == NULL)
		fail_msg("detail '%s' lacks '%s'", row.detail, detail_part);
	free(row.detail);
	json_decref(idx);
	json_decref(report);
}

static void
test_ics_support_and_detail(void **state)
{
	/* An unmet recommendation without a justification says what is missing. */
	ics_check(ics_report("R", "fail", "1 of 1 rules fail",
	    json_pack("[{s:s, s:s}]", "id", "A", "verdict", "fail"),
	    json_pack("[{s:s, s:s}]", "id", "A", "verdict", "fail")),
	    "N", "No justification recorded: provision 5.0-1 requires one");
	/* A waiver is the justification. */
	ics_check(ics_report("R", "waived", "1 failing rules waived",
	    json_pack("[{s:s, s:s}]", "id", "A", "verdict", "waived"),
	    json_pack("[{s:s, s:s, s:{s:s, s:s, s:s}}]", "id", "A", "verdict", "waived",
	    "waiver", "justification", "potted", "approver", "qa", "expires", "2099-01-01")),
	    "N", "A waived until 2099-01-01 by qa: potted");
	/* A mandatory failure is non-conformant. */
	ics_check(ics_report("M", "fail", "x", json_pack("[{s:s, s:s}]", "id", "A", "verdict",
	    "fail"), json_array()), "N", "Mandatory provision not met");
	ics_check(ics_report("M", "pass", "x", json_pack("[{s:s, s:s}]", "id", "A", "verdict",
	    "pass"), json_array()), "Y", "Met, verified by fwaudit: A (pass)");
	/* N/A only for a conditional provision whose feature is declared absent. */
	ics_check(ics_report("RF(w)", "not_applicable",
	    "not applicable: feature (w) \"telemetry is collected\" is absent", json_array(),
	    json_array()), "N/A", "Not applicable: feature (w)");
	ics_check(ics_report("RF(w)", "not_applicable", "no rule applies to these inputs",
	    json_array(), json_array()), "", "N/A needs the feature or condition declared absent");
	ics_check(ics_report("M", "not_applicable", "no rule applies to these inputs",
	    json_array(), json_array()), "", "this one is not");
	ics_check(ics_report("M", "not_tested", "no automated evidence", json_array(),
	    json_array()), "", "To be completed by the supplier: no automated evidence");
}

static void
test_markdown_cuts_long_lists(void **state)
{
	json_t *rules = json_array(), *report;
	char *out = NULL;
	size_t len = 0;
	struct report_opts o = { 0 };
	FILE *fp;

	for (int i = 0; i < 60; i++) {
		char id[16];

		snprintf(id, sizeof(id), "R-%02d", i);
		json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:s, s:[]}", "id", id,
		    "verdict", "fail", "severity", "high", "title", "t|<b>", "evidence"));
	}
	report = json_pack("{s:o, s:{s:i, s:i, s:{}}, s:s, s:[], s:{}}", "rules", rules,
	    "summary", "exit_status", 1, "failing_at_or_above_threshold", 60, "rules",
	    "fail_on", "high", "profiles", "tool");
	fp = open_memstream(&out, &len);
	assert_int_equal(report_write_markdown(report, fp, &o), 0);
	fclose(fp);
	assert_non_null(strstr(out, "`R-49`"));
	assert_null(strstr(out, "`R-50`"));
	assert_non_null(strstr(out, "…and 10 more failing rules"));
	assert_non_null(strstr(out, "t\\|&lt;b&gt;"));
	free(out);
	json_decref(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esc_xml),
		cmocka_unit_test(test_esc_csv),
		cmocka_unit_test(test_esc_md),
		cmocka_unit_test(test_value_text_cuts_on_utf8_boundary),
		cmocka_unit_test(test_baseline_load_hostile),
		cmocka_unit_test(test_baseline_marks),
		cmocka_unit_test(test_manifest_hostile),
		cmocka_unit_test(test_manifest_detects_changes),
		cmocka_unit_test(test_ics_support_and_detail),
		cmocka_unit_test(test_markdown_cuts_long_lists),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
