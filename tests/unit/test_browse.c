/* The browsers as a library (lib/fwaudit_browse.h): they write to the
 * FILE * given, not to standard output, and a failure comes back as an
 * exit status with its message in the result, nothing half-written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwaudit_browse.h"

/* An output to read back: open_memstream's text once closed. */
struct capture {
	FILE *fp;
	char *text;
	size_t len;
};

static FILE *
cap_open(struct capture *c)
{
	c->text = NULL;
	c->fp = open_memstream(&c->text, &c->len);
	assert_non_null(c->fp);
	return c->fp;
}

static const char *
cap_text(struct capture *c)
{
	assert_int_equal(fclose(c->fp), 0);
	return c->text;
}

static void
test_rules_list_and_show(void **state)
{
	struct scan_result res;
	struct capture c, s;
	char id[128], want[160];
	const char *list;

	assert_int_equal(fwaudit_rules_list(NULL, cap_open(&c), &res), FWAUDIT_EXIT_CLEAN);
	assert_string_equal(res.message, "");
	list = cap_text(&c);
	/* rules/esp-sdkconfig.yaml defines it */
	assert_non_null(strstr(list, "\nESP-SDK-TLS-VERIFY "));
	/* the first rule listed is one rules show finds */
	assert_int_equal(sscanf(list, "%127s", id), 1);
	assert_int_equal(fwaudit_rules_show(NULL, id, cap_open(&s), &res), FWAUDIT_EXIT_CLEAN);
	snprintf(want, sizeof(want), "id:          %s\n", id);
	assert_true(strncmp(cap_text(&s), want, strlen(want)) == 0);
	free(c.text);
	free(s.text);
	/* an unknown id: exit 2, said in the result, nothing written */
	assert_int_equal(fwaudit_rules_show(NULL, "NO-SUCH-RULE", cap_open(&s), &res),
	    FWAUDIT_EXIT_USAGE);
	assert_int_equal(res.status, FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, "no rule 'NO-SUCH-RULE'"));
	assert_string_equal(cap_text(&s), "");
	free(s.text);
}

/* The three kinds of coverage count every provision once. */
static void
test_coverage_adds_up(void **state)
{
	struct scan_result res;
	struct capture c;
	const char *t, *line;
	size_t total = 0, sum = 0, n;
	int kinds = 0;

	assert_int_equal(fwaudit_profiles_coverage("etsi-en-303-645", NULL, cap_open(&c), &res),
	    FWAUDIT_EXIT_CLEAN);
	t = cap_text(&c);
	assert_non_null(line = strstr(t, "coverage of "));
	assert_int_equal(sscanf(line, "coverage of %zu provisions", &total), 1);
	for (line = strchr(line, '\n'); line != NULL; line = strchr(line + 1, '\n')) {
		const char *digits = line + 1 + strspn(line + 1, " abcdefghijklmnopqrstuvwxyz");

		if (strncmp(line + 1, "  ", 2) == 0 && line[3] != ' ' &&
		    sscanf(digits, "%zu", &n) == 1) {
			sum += n;
			kinds++;
		}
	}
	assert_int_equal(kinds, 3);
	assert_true(total > 0);
	assert_int_equal(sum, total);
	free(c.text);
	assert_int_equal(fwaudit_profiles_coverage("no-such-profile", NULL, cap_open(&c), &res),
	    FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, "no profile 'no-such-profile'"));
	assert_string_equal(cap_text(&c), "");
	free(c.text);
}

static void
test_questionnaire(void **state)
{
	struct fwaudit_questionnaire q = { .nprofiles = 0 };
	char dir[] = "/tmp/fwaudit-browse-XXXXXX", path[64];
	struct scan_result res;
	struct capture c;
	const char *head = "# Vendor declarations for fwaudit (docs/declarations.md), for: "
	    "etsi-en-303-645\n";

	/* no profile named: EN 303 645's questionnaire, to out */
	assert_int_equal(fwaudit_declarations_init(&q, cap_open(&c), &res), FWAUDIT_EXIT_CLEAN);
	assert_true(strncmp(cap_text(&c), head, strlen(head)) == 0);
	free(c.text);
	/* an unknown profile makes no file at all */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/q.yaml", dir);
	q.profiles[q.nprofiles++] = "etsi-en-303-645";
	q.profiles[q.nprofiles++] = "no-such-profile";
	q.output = path;
	assert_int_equal(fwaudit_declarations_init(&q, cap_open(&c), &res), FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, "no profile 'no-such-profile'"));
	assert_int_equal(access(path, F_OK), -1);
	assert_string_equal(cap_text(&c), "");
	free(c.text);
	rmdir(dir);
}

/* Reading a database that is not there neither makes one nor writes out. */
static void
test_vulndb_absent(void **state)
{
	char dir[] = "/tmp/fwaudit-browse-XXXXXX", path[64];
	struct scan_result res;
	struct capture c;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/v.sqlite", dir);
	assert_int_equal(fwaudit_vulndb_status(path, cap_open(&c), &res), FWAUDIT_EXIT_USAGE);
	assert_non_null(strstr(res.message, path));
	assert_string_equal(cap_text(&c), "");
	free(c.text);
	assert_int_equal(fwaudit_vulndb_match(path, "esp-idf", "5.1", false, cap_open(&c), &res),
	    FWAUDIT_EXIT_USAGE);
	assert_string_equal(cap_text(&c), "");
	free(c.text);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_list_and_show),
		cmocka_unit_test(test_coverage_adds_up),
		cmocka_unit_test(test_questionnaire),
		cmocka_unit_test(test_vulndb_absent),
	};

	fwaudit_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
