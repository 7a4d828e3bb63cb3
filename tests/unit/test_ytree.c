/* The YAML tree: shape, line and column of every node, quoting, and the
 * mistakes it refuses with file:line:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/ytree.h"

static struct ynode *
load(const char *text, struct fw_err *err)
{
	return ytree_load_string("t.yaml", text, strlen(text), err);
}

static void
test_shape_and_places(void **state)
{
	struct fw_err err;
	struct ynode *root = load("a: 1\nb:\n  - x\n  - 'y'\n  - {k: v, n: [1, 2]}\nc: \"\"\n", &err);
	const struct ynode *b, *m;

	assert_non_null(root);
	assert_int_equal(root->type, Y_MAP);
	assert_int_equal(root->n, 3);
	assert_string_equal(yscalar(ymap_get(root, "a")), "1");
	assert_false(ymap_get(root, "a")->quoted);
	b = ymap_get(root, "b");
	assert_int_equal(b->type, Y_SEQ);
	assert_int_equal(b->n, 3);
	assert_int_equal(b->line, 3);
	assert_int_equal(b->col, 3);
	assert_string_equal(yscalar(b->items[1]), "y");
	assert_true(b->items[1]->quoted);
	assert_int_equal(b->items[1]->col, 5);
	m = b->items[2];
	assert_int_equal(m->type, Y_MAP);
	assert_int_equal(m->n, 2);
	assert_int_equal(m->line, 5);
	assert_int_equal(m->col, 5);
	assert_int_equal(ymap_get(m, "n")->n, 2);
	assert_string_equal(yscalar(ymap_get(m, "n")->items[1]), "2");
	assert_int_equal(ymap_get(m, "n")->items[1]->col, 19);
	assert_string_equal(yscalar(ymap_get(root, "c")), "");
	assert_true(ymap_get(root, "c")->quoted);
	assert_null(ymap_get(root, "d"));
	ytree_free(root);
}

static void
test_empty_containers_and_scalar_root(void **state)
{
	struct fw_err err;
	struct ynode *root = load("a: []\nb: {}\n", &err);

	assert_non_null(root);
	assert_int_equal(ymap_get(root, "a")->n, 0);
	assert_int_equal(ymap_get(root, "b")->type, Y_MAP);
	assert_int_equal(ymap_get(root, "b")->n, 0);
	ytree_free(root);
	root = load("just text\n", &err);
	assert_non_null(root);
	assert_string_equal(yscalar(root), "just text");
	ytree_free(root);
}

/* Enough nodes and text to need several arena chunks. */
static void
test_large_document(void **state)
{
	enum { N = 5000 };
	static char text[N * 40];
	struct fw_err err;
	struct ynode *root;
	size_t len = 0;

	len += (size_t)snprintf(text + len, sizeof(text) - len, "items:\n");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "  - {id: item-%d, v: %d}\n", i, i * 7);
	root = ytree_load_string("big.yaml", text, len, &err);
	assert_non_null(root);
	assert_int_equal(ymap_get(root, "items")->n, N);
	for (int i = 0; i < N; i += 499) {
		const struct ynode *it = ymap_get(root, "items")->items[i];
		char want[32];

		snprintf(want, sizeof(want), "item-%d", i);
		assert_string_equal(yscalar(ymap_get(it, "id")), want);
		assert_int_equal(it->line, (unsigned)i + 2);
	}
	ytree_free(root);
}

static void
expect_error(const char *text, const char *msg)
{
	struct fw_err err;
	struct ynode *root = load(text, &err);

	assert_null(root);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("error '%s' lacks '%s'", err.msg, msg);
}

static void
test_mistakes(void **state)
{
	char deep[200];

	expect_error("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at line 1)");
	expect_error("x:\n  - {k: 1, k: 2}\n", "t.yaml:2:12: duplicate key 'k'");
	expect_error("{[a]: 1}\n", "t.yaml:1:2: a mapping key must be a plain scalar");
	expect_error("a: &x 1\nb: *x\n", "t.yaml:2:4: YAML aliases are not supported here");
	expect_error("a: [1, 2\n", "t.yaml:2:1: YAML:");
	expect_error("", "t.yaml: empty YAML document");
	expect_error("# only a comment\n", "empty YAML document");
	memset(deep, '[', 70);
	memset(deep + 70, ']', 70);
	deep[140] = '\0';
	expect_error(deep, "t.yaml:1:65: nested deeper than 64 levels");
}

static void
test_nul_byte(void **state)
{
	struct fw_err err;

	assert_null(ytree_load_string("t.yaml", "a: 1\0b", 6, &err));
	assert_non_null(strstr(err.msg, "NUL byte"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_and_places),
		cmocka_unit_test(test_empty_containers_and_scalar_root),
		cmocka_unit_test(test_large_document),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_nul_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
