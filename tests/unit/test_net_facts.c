/* checks/net_facts.c: the device layer's probe records as fact items.
 * Missing evidence must stay null or absent (never false, "none" or
 * empty), and key order is part of the report bytes (compact JSON in
 * excerpts and the text views print objects in insertion order). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/net_facts.h"

static const char *
str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The keys of o, comma-separated, in insertion order. */
static void
keys(const json_t *o, char *out, size_t len)
{
	const char *k;
	json_t *v;
	size_t at = 0;

	out[0] = '\0';
	json_object_foreach((json_t *)o, k, v)
		at += (size_t)snprintf(out + at, len - at, "%s%s", at ? "," : "", k);
}

static void
test_port_never_answered_is_null(void **state)
{
	struct net_port_probe p = { .port = 8000 };
	json_t *o;

	snprintf(p.reason, sizeof(p.reason), "open, but every probe connection was refused");
	o = net_port_json(&p);
	assert_non_null(o);
	assert_string_equal(str(o, "id"), "tcp/8000");
	/* null, not "unknown": the port gave no evidence of what it is */
	assert_true(json_is_null(json_object_get(o, "service")));
	assert_string_equal(str(o, "reason"), p.reason);
	assert_null(json_object_get(o, "banner"));
	json_decref(o);

	p.service = "unknown";	/* answered, as nothing we know: no reason */
	o = net_port_json(&p);
	assert_string_equal(str(o, "service"), "unknown");
	assert_null(json_object_get(o, "reason"));
	json_decref(o);
}

static void
test_http_cut_short_leaves_auth_unknown(void **state)
{
	struct net_port_probe p = { .port = 80, .service = "http", .app = APP_HTTP };
	json_t *o, *h;
	char k[256];

	p.http = (struct probe_http){ .status = 200, .head = false, .login_page = -1,
	    .reason = "the answer ended inside the HTTP head" };
	o = net_port_json(&p);
	h = json_object_get(o, "http");
	assert_int_equal(json_integer_value(json_object_get(h, "status")), 200);
	assert_null(json_object_get(h, "auth"));	/* not "none" */
	assert_null(json_object_get(h, "login_page"));	/* not false */
	assert_string_equal(str(h, "reason"), p.http.reason);
	json_decref(o);

	/* A whole head with a challenge: its scheme, after the header. */
	p.http = (struct probe_http){ .status = 401, .head = true, .login_page = 0,
	    .has_www_authenticate = true, .www_authenticate = "Basic realm=\"cam\"",
	    .scheme = "basic", .has_server = true, .server = "Boa/0.94" };
	o = net_port_json(&p);
	h = json_object_get(o, "http");
	assert_string_equal(str(h, "auth"), "basic");
	assert_true(json_is_false(json_object_get(h, "login_page")));
	/* auth is first set to "none" once the head is whole, then replaced. */
	keys(h, k, sizeof(k));
	assert_string_equal(k, "status,auth,server,www_authenticate,login_page");
	json_decref(o);
}

static void
test_port_key_order(void **state)
{
	struct net_port_probe p = { .port = 2222, .service = "ssh", .app = APP_SSH,
	    .has_banner = true, .banner = "SSH-2.0-dropbear\\r\\n", .banner_bytes = 18,
	    .has_product = true, .product = "dropbear" };
	json_t *o, *ssh;
	char k[256];

	snprintf(p.ssh.version, sizeof(p.ssh.version), "SSH-2.0-dropbear");
	p.ssh.has_kexinit = true;
	snprintf(p.ssh.kexinit.kex, sizeof(p.ssh.kexinit.kex), "diffie-hellman-group1-sha1,a,");
	o = net_port_json(&p);
	keys(o, k, sizeof(k));
	assert_string_equal(k, "id,proto,port,service,tls,banner,banner_bytes,"
	    "banner_truncated,product,ssh");
	ssh = json_object_get(o, "ssh");
	/* An SSH name-list, one item per name (a trailing comma adds none). */
	assert_int_equal(json_array_size(json_object_get(ssh, "kex_algorithms")), 2);
	assert_int_equal(json_array_size(json_object_get(ssh, "macs")), 0);
	json_decref(o);
}

static void
test_tls_untested_legacy_is_null(void **state)
{
	struct net_tls_result r = { .port = 443, .outcome = TLS_CHAIN,
	    .accepted = 1u << 2 | 1u << 3, .tried = 0xf, .no_answer = 1u << 0 | 1u << 1,
	    .legacy_tested = false, .negotiated = "TLSv1.3", .cipher = "TLS_AES_128_GCM_SHA256" };
	json_t *o, *v;

	snprintf(r.reason, sizeof(r.reason), "TLS 1.0/1.1 not tested: silent");
	o = net_tls_json(&r);
	v = json_object_get(o, "versions");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 0)), "TLSv1.2");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "TLSv1.3");
	assert_int_equal(json_array_size(json_object_get(o, "versions_no_answer")), 2);
	/* null, not false: untested legacy versions are missing evidence */
	assert_true(json_is_null(json_object_get(o, "legacy_tested")));
	assert_string_equal(str(o, "reason"), r.reason);
	assert_null(json_object_get(o, "cert"));	/* no leaf recorded */
	json_decref(o);

	r = (struct net_tls_result){ .port = 8443, .outcome = TLS_NO_HANDSHAKE, .tried = 0xf,
	    .legacy_tested = true, .reason = "no handshake completed" };
	o = net_tls_json(&r);
	assert_int_equal(json_array_size(json_object_get(o, "versions")), 0);
	assert_true(json_is_true(json_object_get(o, "legacy_tested")));
	assert_null(json_object_get(o, "chain"));
	assert_string_equal(str(o, "reason"), "no handshake completed");
	json_decref(o);
}

static void
test_login_without_verdicts_is_incomplete(void **state)
{
	struct net_login_result r = { .port = 23, .service = "telnet", .method = "telnet",
	    .attempts = 3, .failures = 3, .refused = 3, .complete = false,
	    .reason = "30 of 30 credentials not tested", .rate_limited = true,
	    .label = "tcp/23 telnet" };
	json_t *o = net_login_json(&r);

	assert_true(json_is_null(json_object_get(o, "complete")));	/* not false */
	assert_string_equal(str(o, "reason"), r.reason);
	assert_int_equal(json_integer_value(json_object_get(o, "rejected")), 0);
	assert_null(json_object_get(o, "credential"));
	json_decref(o);

	r = (struct net_login_result){ .port = 80, .service = "http", .method = "http-basic",
	    .attempts = 1, .success = true, .complete = true, .label = "tcp/80 http-basic",
	    .credential = "admin / a***n" };
	o = net_login_json(&r);
	assert_true(json_is_true(json_object_get(o, "complete")));
	assert_null(json_object_get(o, "reason"));
	assert_string_equal(str(o, "credential"), "admin / a***n");
	json_decref(o);
}

static void
test_udp_items(void **state)
{
	struct net_udp_answer a[3] = {
		{ .port = 161, .service = "snmp", .state = UDP_CLOSED },
		{ .port = 53, .service = "dns", .state = UDP_OPEN, .banner = "x",
		    .dns = { .rcode = 5 } },
		{ .port = 1900, .service = "ssdp", .state = UDP_OPEN, .banner = "HTTP/1.1",
		    .has_product = true, .product = "Linux UPnP/1.0",
		    .ssdp = { .status = 200, .has = { true }, .value = { "Linux UPnP/1.0" } } },
	};
	json_t *out = net_udp_json(a, 3), *x;
	char k[256];

	assert_int_equal(json_array_size(out), 3);
	x = json_array_get(out, 0);
	assert_string_equal(str(x, "state"), "closed");
	assert_null(json_object_get(x, "banner"));
	x = json_array_get(out, 1);
	/* No TXT answer: version unknown (null), and no product claimed. */
	assert_true(json_is_null(json_object_get(json_object_get(x, "dns"), "version")));
	assert_null(json_object_get(x, "product"));
	x = json_array_get(out, 2);
	keys(x, k, sizeof(k));
	assert_string_equal(k, "id,proto,port,service,state,banner,product,ssdp");
	assert_null(json_object_get(json_object_get(x, "ssdp"), "location"));
	json_decref(out);
}

static void
test_udp_answered(void **state)
{
	struct net_udp_answer a = { .port = 53 };

	/* A reply or an ICMP port unreachable is an answer; silence and a
	 * local routing failure are not. */
	a.state = UDP_OPEN;
	assert_true(net_udp_answered(&a));
	a.state = UDP_CLOSED;
	assert_true(net_udp_answered(&a));
	a.state = UDP_NO_ANSWER;
	assert_false(net_udp_answered(&a));
	a.state = UDP_UNREACHABLE;
	assert_false(net_udp_answered(&a));
	assert_string_equal(net_udp_state_name(UDP_NO_ANSWER), "no_answer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_never_answered_is_null),
		cmocka_unit_test(test_http_cut_short_leaves_auth_unknown),
		cmocka_unit_test(test_port_key_order),
		cmocka_unit_test(test_tls_untested_legacy_is_null),
		cmocka_unit_test(test_login_without_verdicts_is_incomplete),
		cmocka_unit_test(test_udp_items),
		cmocka_unit_test(test_udp_answered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
