/* What would complete the evidence (core/needs.c): every fact namespace
 * maps to a kind of input, and the report's to_complete groups by it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/needs.h"

static const char *
need(const char *fact)
{
	return need_kinds[need_of_fact(fact)].id;
}

static void
test_prefixes(void **state)
{
	(void)state;
	assert_string_equal(need("sdkconfig.CONFIG_SECURE_BOOT"), "sdkconfig");
	assert_string_equal(need("efuse.jtag.pad_disabled"), "efuse");
	assert_string_equal(need("esp.images[2] ota_1: truncated at 0x1000"), "flash");
	assert_string_equal(need("inputs.device_claims"), "flash");
	assert_string_equal(need("identity.certificates"), "nvs");
	assert_string_equal(need("net.port.tcp_23"), "network");
	assert_string_equal(need("tls.services"), "network");
	/* The longest prefix wins: logins are their own probe. */
	assert_string_equal(need("net.logins"), "logins");
	assert_string_equal(need("net.brute_force_samples"), "logins");
	assert_string_equal(need("console.kind"), "console");
	assert_string_equal(need("serial.rom.reachable"), "serial");
	assert_string_equal(need("compare.units"), "compare");
	assert_string_equal(need("declared.support_period_end"), "declarations");
	assert_string_equal(need("unreadable: esp.images"), "ciphertext");
	assert_string_equal(need("something.else"), "other");
	assert_string_equal(need("sdkconfig"), "other");	/* a prefix needs its dot */
	assert_int_equal(need_find("nope"), need_nkinds);
}

/* Every fact the catalogue (rules/facts/NAME.yaml) names comes from a kind
 * of input a user can give: none maps to "other". */
static void
test_catalogue_namespaces_map(void **state)
{
	const char *top = getenv("TOP");
	char pat[4096], line[8192];
	glob_t g;
	size_t names = 0;

	(void)state;
	snprintf(pat, sizeof(pat), "%s/rules/facts/*.yaml", top ? top : ".");
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 8);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *fp = fopen(g.gl_pathv[i], "r");

		assert_non_null(fp);
		while (fgets(line, sizeof(line), fp) != NULL) {
			char *p = strstr(line, "{name: "), name[256];
			size_t n = 0;

			if (p == NULL)
				continue;
			for (p += 7; *p == '"' || *p == ' '; p++)
				;
			while (n + 1 < sizeof(name) && *p && *p != ',' && *p != '"' && *p != '}')
				name[n++] = *p++;
			name[n] = '\0';
			if (need_of_fact(name) == need_find("other"))
				fail_msg("%s: %s maps to no kind of input", g.gl_pathv[i], name);
			names++;
		}
		fclose(fp);
	}
	globfree(&g);
	assert_true(names > 100);
}

static void
test_rule_needs(void **state)
{
	json_t *missing = json_pack("[s, s]", "sdkconfig.CONFIG_X", "net.logins");
	json_t *ev = json_pack("[{s:s, s:s}]", "fact", "efuse.x", "result", "unknown");
	json_t *empty = json_array(), *a;
	unsigned b;

	(void)state;
	b = needs_of_rule(missing, ev);
	a = needs_json(b);
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "sdkconfig");
	assert_string_equal(json_string_value(json_array_get(a, 1)), "logins");
	assert_int_equal(needs_bits(a), b);
	json_decref(a);
	/* Nothing missing as a whole: the undecided evidence says what. */
	assert_int_equal(needs_of_rule(empty, ev), 1u << need_find("efuse"));
	assert_int_equal(needs_of_rule(empty, empty), 1u << need_find("other"));
	json_decref(missing);
	json_decref(ev);
	json_decref(empty);
}

static void
test_to_complete(void **state)
{
	json_t *rules = json_pack("[{s:s, s:s, s:[s]}, {s:s, s:s, s:[s]}, {s:s, s:s, s:[s]},"
	    " {s:s, s:s}]",
	    "id", "A", "verdict", "not_tested", "needs", "console",
	    "id", "B", "verdict", "not_tested", "needs", "sdkconfig",
	    "id", "C", "verdict", "not_tested", "needs", "sdkconfig",
	    "id", "D", "verdict", "fail");
	json_t *profiles = json_pack("[{s:s, s:[{s:s, s:s, s:[s]}, {s:s, s:s}]}]",
	    "id", "p", "provisions", "id", "1-1", "verdict", "not_tested", "needs",
	    "declarations", "id", "1-2", "verdict", "pass");
	json_t *facts = json_pack("{s:{}}", "sdkconfig.CONFIG_Y");
	json_t *tc = needs_to_complete(rules, profiles, facts), *e;

	(void)state;
	assert_int_equal(json_array_size(tc), 3);
	e = json_array_get(tc, 0);	/* most rules first */
	assert_string_equal(json_string_value(json_object_get(e, "id")), "sdkconfig");
	assert_true(json_is_true(json_object_get(e, "given")));
	assert_string_equal(json_string_value(json_object_get(e, "what")),
	    need_kinds[need_find("sdkconfig")].lacking);
	assert_int_equal(json_array_size(json_object_get(e, "rules")), 2);
	e = json_array_get(tc, 1);
	assert_string_equal(json_string_value(json_object_get(e, "id")), "console");
	assert_true(json_is_false(json_object_get(e, "given")));
	assert_string_equal(json_string_value(json_object_get(e, "what")),
	    "no serial console probe");
	e = json_array_get(tc, 2);
	assert_string_equal(json_string_value(json_object_get(e, "id")), "declarations");
	assert_int_equal(json_array_size(json_object_get(e, "rules")), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    json_object_get(e, "provisions"), "p"), 0)), "1-1");
	json_decref(tc);
	json_decref(rules);
	json_decref(profiles);
	json_decref(facts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_catalogue_namespaces_map),
		cmocka_unit_test(test_rule_needs),
		cmocka_unit_test(test_to_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
