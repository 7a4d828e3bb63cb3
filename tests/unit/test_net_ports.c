/* --ports parsing, the credentials file and password masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device/net_login.h"
#include "device/net_scan.h"

static struct port_set ps;

static void
test_lists_and_ranges(void **state)
{
	struct fw_err err;

	assert_int_equal(net_ports_parse("22,80,8000-8100", &ps, &err), 0);
	assert_int_equal(ps.ntcp, 2 + 101);
	assert_true(port_set_has(&ps, 22) && port_set_has(&ps, 8000) && port_set_has(&ps, 8100));
	assert_false(port_set_has(&ps, 8101) || port_set_has(&ps, 23) || ps.udp);
	/* Overlaps count once. */
	assert_int_equal(net_ports_parse("1-10,5-15,7", &ps, &err), 0);
	assert_int_equal(ps.ntcp, 15);
	assert_int_equal(net_ports_parse("65535", &ps, &err), 0);
	assert_true(port_set_has(&ps, 65535));
}

static void
test_keywords(void **state)
{
	struct fw_err err;

	assert_int_equal(net_ports_parse(NULL, &ps, &err), 0);	/* default: top */
	assert_true(ps.udp && port_set_has(&ps, 23) && port_set_has(&ps, 1883) &&
	    port_set_has(&ps, 8883) && port_set_has(&ps, 49152));
	assert_int_equal(net_ports_parse("all", &ps, &err), 0);
	assert_int_equal(ps.ntcp, 65535);
	assert_false(port_set_has(&ps, 0));
	assert_int_equal(net_ports_parse("udp", &ps, &err), 0);
	assert_true(ps.udp);
	assert_int_equal(ps.ntcp, 0);
	assert_int_equal(net_ports_parse("1-65535", &ps, &err), 0);
	assert_false(ps.udp);
}

static void
test_bad_specs(void **state)
{
	static const char *const bad[] = { "0", "65536", "70000", "10-5", "22,,80", ",",
	    "-5", "5-", "abc", "1-2-3", "22 ", "1234567", "top1", NULL };
	struct fw_err err;

	for (int i = 0; bad[i] != NULL; i++) {
		assert_int_equal(net_ports_parse(bad[i], &ps, &err), -1);
		assert_non_null(strstr(err.msg, "--ports: '"));
	}
	assert_int_equal(net_ports_parse("", &ps, &err), -1);
	assert_string_equal(err.msg, "--ports: empty port list");
}

static void
test_resolve(void **state)
{
	struct net_target t;
	struct fw_err err;

	assert_int_equal(net_resolve("127.0.0.2", &t, &err), 0);
	assert_string_equal(t.addr, "127.0.0.2");
	assert_int_equal(t.family, AF_INET);
	assert_int_equal(net_resolve("[::1]", &t, &err), 0);
	assert_string_equal(t.addr, "::1");
	assert_int_equal(t.family, AF_INET6);
	/* A name: resolved once, one address kept (/etc/hosts has localhost). */
	assert_int_equal(net_resolve("localhost", &t, &err), 0);
	assert_true(strcmp(t.addr, "127.0.0.1") == 0 || strcmp(t.addr, "::1") == 0);
	assert_string_equal(t.host, "localhost");
	assert_int_equal(net_resolve("", &t, &err), -1);
	assert_int_equal(net_resolve("no-such-host.invalid", &t, &err), -1);
	assert_non_null(strstr(err.msg, "no-such-host.invalid: cannot resolve host name"));
}

static char *
write_tmp(const char *text)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/fwaudit-creds-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_credentials_file(void **state)
{
	struct cred_list l = { 0 };
	struct fw_err err;
	char *p = write_tmp("# comment\n\nadmin:admin\r\nroot:\nuser:pa:ss  \n");

	assert_int_equal(cred_list_load(&l, p, &err), 0);
	unlink(p);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].pass, "admin");	/* \r\n handled */
	assert_string_equal(l.v[1].pass, "");
	assert_string_equal(l.v[2].user, "user");
	assert_string_equal(l.v[2].pass, "pa:ss");	/* split at the first colon */
	cred_list_free(&l);
}

static void
test_credentials_hostile(void **state)
{
	struct cred_list l = { 0 };
	struct fw_err err;
	char line[200], *p;

	p = write_tmp("admin:admin\nnocolon\n");
	assert_int_equal(cred_list_load(&l, p, &err), -1);
	assert_non_null(strstr(err.msg, ":2: expected user:password"));
	unlink(p);
	cred_list_free(&l);
	p = write_tmp(":password\n");
	assert_int_equal(cred_list_load(&l, p, &err), -1);
	unlink(p);
	cred_list_free(&l);
	/* A 100-byte password does not fit: refused, not truncated. */
	memset(line, 'x', sizeof(line));
	memcpy(line, "u:", 2);
	line[102] = '\0';
	p = write_tmp(line);
	assert_int_equal(cred_list_load(&l, p, &err), -1);
	assert_non_null(strstr(err.msg, ":1: "));
	unlink(p);
	cred_list_free(&l);
	assert_int_equal(cred_list_load(&l, "/nonexistent/creds", &err), -1);
}

static void
test_mask(void **state)
{
	struct cred c = { "admin", "admin" };
	char out[160];

	cred_mask(&c, out, sizeof(out));
	assert_string_equal(out, "admin / a***n");
	strcpy(c.pass, "");
	cred_mask(&c, out, sizeof(out));
	assert_string_equal(out, "admin / (empty)");
	strcpy(c.pass, "abc");	/* too short to show any of it */
	cred_mask(&c, out, sizeof(out));
	assert_string_equal(out, "admin / ***");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_and_ranges),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_credentials_file),
		cmocka_unit_test(test_credentials_hostile),
		cmocka_unit_test(test_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
