/* The library entry point (lib/fwaudit.h): a scan renders its reports once,
 * with every input's digest in; the report it renders shares nothing with
 * the fact tree; evaluate of a saved tree gives the scan's own report;
 * failures come back as a status and a message, nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/facts.h"
#include "util/hex.h"
#include "util/fileio.h"
#include "lib/fwaudit.h"
#include "lib/judge.h"

#define FLASH "samples/insecure/flash.bin"

static char dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/fwaudit-scanlib-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path_in(const char *name)
{
	static char p[4][128];
	static int n;
	char *s = p[n++ % 4];

	snprintf(s, 128, "%s/%s", dir, name);
	return s;
}

static json_t *
load(const char *path)
{
	json_error_t e;
	json_t *doc = json_load_file(path, 0, &e);

	assert_non_null(doc);
	return doc;
}

static char *
slurp(const char *path, size_t *len)
{
	char *buf;
	struct fw_err err;

	assert_int_equal(file_read(path, 64u << 20, &buf, len, &err), 0);
	return buf;
}

/* A 4 MiB dump is hashed on the hash queue while it is collected and
 * judged: the JSON and text reports both carry its real digest. */
static void
test_digest_in_every_report(void **state)
{
	const char *paths[] = { FLASH };
	struct scan_request r = { .paths = paths, .npaths = 1 };
	struct scan_result res;
	char hex[65], *text, *data;
	size_t len, tlen;
	json_t *doc, *in;

	r.opts.fail_on = "high";
	r.opts.standard_version = "3.1.3";
	r.opts.outputs[0] = (struct fwaudit_output){ "json", path_in("r.json") };
	r.opts.outputs[1] = (struct fwaudit_output){ "text", path_in("r.txt") };
	r.opts.noutputs = 2;
	fwaudit_scan(&r, &res);
	assert_string_equal(res.message, "");
	data = slurp(FLASH, &len);
	assert_int_equal(sha256_hex(data, len, hex), 0);
	free(data);
	doc = load(path_in("r.json"));
	in = json_array_get(json_object_get(doc, "inputs"), 0);
	assert_string_equal(json_string_value(json_object_get(in, "sha256")), hex);
	assert_int_equal(res.status, json_integer_value(json_object_get(json_object_get(doc,
	    "summary"), "exit_status")));
	text = slurp(path_in("r.txt"), &tlen);
	assert_non_null(strstr(text, hex));
	free(text);
	json_decref(doc);
}

/* Judged, then the fact tree changes (a value in place, a new fact, the
 * input's digest): the judged report keeps what was judged, and takes the
 * input's digest only when rendered. */
static void
test_report_shares_nothing_with_facts(void **state)
{
	struct fwaudit_opts o = { .fail_on = "high", .standard_version = "3.1.3", .quiet = true };
	struct facts *f = facts_new();
	struct scan_result res = { 0 };
	struct judge_prep prep;
	struct judged j;
	const char digest[65] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	const char other[65] = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
	json_t *rep_facts, *in;

	assert_non_null(f);
	assert_int_equal(facts_add_input_pending(f, "dump.bin", "esp-flash", 16), 0);
	assert_int_equal(fact_set_str(f, "x.name", "judged", 0, NULL), 0);
	o.outputs[0] = (struct fwaudit_output){ "json", path_in("d.json") };
	o.noutputs = 1;
	judge_prepare_start(&prep, &o, false);
	assert_int_equal(judge_facts(f, &o, &prep, false, &j, &res), 0);

	json_object_set_new(fact_record(f, "x.name"), "value", json_string("changed"));
	assert_int_equal(fact_set_str(f, "x.late", "late", 0, NULL), 0);
	json_array_append_new(f->warnings, json_string("late warning"));
	facts_input_set_sha256(f, 0, digest);

	rep_facts = json_object_get(j.report, "facts");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rep_facts,
	    "x.name"), "value")), "judged");
	assert_null(json_object_get(rep_facts, "x.late"));
	assert_int_equal(json_array_size(json_object_get(j.report, "warnings")), 0);
	in = json_array_get(json_object_get(j.report, "inputs"), 0);
	assert_string_equal(json_string_value(json_object_get(in, "sha256")), "");

	judge_render(f, &o, &j, &res);
	in = json_array_get(json_object_get(j.report, "inputs"), 0);
	assert_string_equal(json_string_value(json_object_get(in, "sha256")), digest);
	/* and the copy taken for the report is not the tree's own */
	assert_ptr_not_equal(json_object_get(j.report, "inputs"), f->inputs);
	facts_input_set_sha256(f, 0, other);
	assert_string_equal(json_string_value(json_object_get(in, "sha256")), digest);
	judged_free(&j);
	judge_prepare_free(&prep);
	facts_free(f);
}

/* A saved fact tree judged later gives the very report the scan wrote. */
static void
test_evaluate_gives_the_scan_report(void **state)
{
	const char *paths[] = { FLASH };
	struct scan_request r = { .paths = paths, .npaths = 1 };
	struct scan_result res;
	char *a, *b;
	size_t alen, blen;

	r.opts.fail_on = "high";
	r.opts.standard_version = "3.1.3";
	r.opts.quiet = true;
	r.opts.outputs[0] = (struct fwaudit_output){ "json", path_in("direct.json") };
	r.opts.noutputs = 1;
	fwaudit_scan(&r, &res);
	assert_true(res.status == 0 || res.status == 1);
	r.opts.facts_only = true;
	r.opts.outputs[0].path = path_in("facts.json");
	assert_int_equal(fwaudit_scan(&r, &res), 0);
	r.opts.facts_only = false;
	r.opts.outputs[0].path = path_in("later.json");
	fwaudit_evaluate(path_in("facts.json"), &r.opts, &res);
	a = slurp(path_in("direct.json"), &alen);
	b = slurp(path_in("later.json"), &blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	free(a);
	free(b);
}

/* An input that cannot be read: exit 2, the message names it, no report. */
static void
test_failure_is_a_status_and_a_message(void **state)
{
	const char *paths[] = { "/nonexistent/dump.bin" };
	struct scan_request r = { .paths = paths, .npaths = 1 };
	struct scan_result res;
	struct stat st;

	r.opts.fail_on = "high";
	r.opts.standard_version = "3.1.3";
	r.opts.outputs[0] = (struct fwaudit_output){ "json", path_in("none.json") };
	r.opts.noutputs = 1;
	assert_int_equal(fwaudit_scan(&r, &res), FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, "/nonexistent/dump.bin"));
	assert_int_not_equal(stat(path_in("none.json"), &st), 0);

	r.paths = (const char *[]){ FLASH };
	r.opts.outputs[0].format = "nope";
	assert_int_equal(fwaudit_scan(&r, &res), FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, "unknown --format 'nope' (text, json,"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_in_every_report),
		cmocka_unit_test(test_report_shares_nothing_with_facts),
		cmocka_unit_test(test_evaluate_gives_the_scan_report),
		cmocka_unit_test(test_failure_is_a_status_and_a_message),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
