/* The build-time snapshot of the shipped rules stands in for parsing only if
 * it is exactly what parsing would give: the same tree, node for node, and
 * the same ruleset digest. (tests/integration/test_rules_snapshot.sh shows
 * that edited files are read from disk.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"
#include "core/rules_snapshot.h"
#include "core/ruleset.h"
#include "core/ytree.h"

static void
assert_same_tree(const struct ynode *a, const struct ynode *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	assert_int_equal(a->quoted, b->quoted);
	if (a->type == Y_SCALAR) {
		assert_string_equal(a->str, b->str);
		return;
	}
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < (a->type == Y_MAP ? 2 * a->n : a->n); i++)
		assert_same_tree(a->items[i], b->items[i]);
}

static void
test_trees_are_what_parsing_gives(void **state)
{
	void *mem = NULL;
	size_t cap = 0;

	assert_true(rules_snapshot_count >= 2);
	for (size_t i = 0; i < rules_snapshot_count; i++) {
		const struct rules_snapshot_file *f = &rules_snapshot[i];
		struct fw_err err;
		struct ynode *parsed = ytree_load_string("s.yaml", f->text, f->len, &err);
		struct ynode *snap = ytree_from_snap(&f->doc, &mem, &cap);

		assert_non_null(parsed);
		assert_non_null(snap);
		assert_int_equal(strlen(f->text), f->len);
		assert_same_tree(parsed, snap);
		ytree_free(parsed);
		ytree_free(snap);	/* built in mem: left alone */
	}
	free(mem);
}

static void
test_digest_is_of_the_texts_in_order(void **state)
{
	unsigned char md[32];
	char hex[65];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_true(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL));
	for (size_t i = 0; i < rules_snapshot_count; i++)
		EVP_DigestUpdate(ctx, rules_snapshot[i].text, rules_snapshot[i].len);
	EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	hex_encode(md, 32, hex);
	assert_string_equal(hex, rules_snapshot_digest);
}

/* The snapshot is of the rules beside the build, all of them: a load of the
 * shipped directory gets the digest with no file parsed. */
static void
test_shipped_rules_are_the_snapshot(void **state)
{
	struct ruleset *rs;
	struct fw_err err;

	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(rs->digest, rules_snapshot_digest);
	assert_non_null(ruleset_rule(rs, "ESP-EFUSE-SECURE-BOOT"));
	assert_non_null(ruleset_profile(rs, "etsi-en-303-645"));
	ruleset_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trees_are_what_parsing_gives),
		cmocka_unit_test(test_digest_is_of_the_texts_in_order),
		cmocka_unit_test(test_shipped_rules_are_the_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
