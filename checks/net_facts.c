/* Key order is part of the report bytes (compact JSON and the text views
 * print objects in insertion order), so every object is built in the order
 * the items have always had. */
#include "checks/net_facts.h"
#include "util/json_out.h"

#include <stdio.h>
#include <string.h>


/* "a,b,c" (an SSH name-list) as ["a", "b", "c"]. */
static json_t *
split_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		json_array_append_new(a, json_stringn(p, n));
		p += n + (c ? 1 : 0);
	}
	return a;
}

static json_t *
ssh_json(const struct probe_ssh *s)
{
	json_t *o = json_object();

	json_set_string(o, "version", s->version);
	if (s->has_kexinit) {
		json_object_set_new(o, "kex_algorithms", split_list(s->kexinit.kex));
		json_object_set_new(o, "host_key_algorithms", split_list(s->kexinit.host_key));
		json_object_set_new(o, "ciphers", split_list(s->kexinit.ciphers));
		json_object_set_new(o, "macs", split_list(s->kexinit.macs));
	}
	return o;
}

/* auth: "none" once the head is whole, the challenge's scheme when there is
 * one, absent when neither is known. */
static json_t *
http_json(const struct probe_http *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "status", json_integer(h->status));
	if (h->head)
		json_set_string(o, "auth", "none");
	if (h->has_server)
		json_set_string(o, "server", h->server);
	if (h->has_www_authenticate) {
		json_set_string(o, "www_authenticate", h->www_authenticate);
		json_set_string(o, "auth", h->scheme);
	}
	if (h->has_location)
		json_set_string(o, "location", h->location);
	if (h->login_page >= 0)
		json_object_set_new(o, "login_page", json_boolean(h->login_page));
	if (h->reason != NULL)
		json_set_string(o, "reason", h->reason);
	return o;
}

static json_t *
rtsp_json(const struct probe_rtsp *r)
{
	json_t *o = json_pack("{s:i}", "status", r->status);

	if (r->has_server)
		json_set_string(o, "server", r->server);
	if (r->has_public)
		json_set_string(o, "public", r->public);
	return o;
}

static void
set_app(json_t *o, const struct net_port_probe *p)
{
	switch (p->app) {
	case APP_SSH:
		json_object_set_new(o, "ssh", ssh_json(&p->ssh));
		break;
	case APP_HTTP:
		json_object_set_new(o, "http", http_json(&p->http));
		break;
	case APP_TELNET:
		json_object_set_new(o, "telnet", json_pack("{s:s, s:b}", "text", p->telnet.text,
		    "login_prompt", p->telnet.login_prompt));
		break;
	case APP_MQTT:
		json_object_set_new(o, "mqtt", json_pack("{s:i, s:b}", "connack_code",
		    p->mqtt_connack, "anonymous_access", p->mqtt_connack == 0));
		break;
	case APP_RTSP:
		json_object_set_new(o, "rtsp", rtsp_json(&p->rtsp));
		break;
	case APP_NONE:
		break;
	}
}

json_t *
net_port_json(const struct net_port_probe *p)
{
	char id[16];
	json_t *o;

	snprintf(id, sizeof(id), "tcp/%u", p->port);
	o = json_pack("{s:s, s:s, s:i, s:s?, s:b}", "id", id, "proto", "tcp", "port", p->port,
	    "service", p->service, "tls", p->tls);
	if (o == NULL)
		return NULL;
	if (p->has_banner) {
		json_set_string(o, "banner", p->banner);
		json_object_set_new(o, "banner_bytes", json_integer((json_int_t)p->banner_bytes));
		json_object_set_new(o, "banner_truncated", json_boolean(p->banner_truncated));
	}
	if (p->has_product)
		json_set_string(o, "product", p->product);
	set_app(o, p);
	if (p->service == NULL)
		json_set_string(o, "reason", p->reason);
	return o;
}

json_t *
net_port_unprobed_json(uint16_t port)
{
	char id[16];

	snprintf(id, sizeof(id), "tcp/%u", port);
	return json_pack("{s:s, s:s, s:i, s:n, s:b, s:s}", "id", id, "proto", "tcp",
	    "port", port, "service", "tls", 0, "reason", "open, not identified: the audit hit "
	    "its time limit first");
}

static json_t *
versions_json(unsigned mask)
{
	json_t *a = json_array();

	for (size_t i = 0; i < NET_TLS_VERSIONS; i++)
		if (mask & 1u << i)
			json_array_append_new(a, json_string(net_tls_version_name(i)));
	return a;
}

/* NULL (and so left out) when a field is not valid text, as before. */
static json_t *
cert_json(const struct net_cert *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b, s:b}",
	    "subject", c->subject, "issuer", c->issuer, "not_before", c->not_before,
	    "not_after", c->not_after, "sha256", c->sha256, "key_type", c->key_type,
	    "key_bits", c->key_bits, "signature_algorithm", c->signature_algorithm,
	    "expired", c->expired, "not_yet_valid", c->not_yet_valid,
	    "self_signed", c->self_signed);
}

json_t *
net_tls_json(const struct net_tls_result *r)
{
	char id[16];
	json_t *o = NULL, *ch;

	snprintf(id, sizeof(id), "tcp/%u", r->port);
	o = json_pack("{s:s, s:i, s:o, s:o, s:o}", "id", id, "port", r->port,
	    "versions", versions_json(r->accepted), "versions_tried", versions_json(r->tried),
	    "versions_unavailable", versions_json(r->unavailable));
	if (o == NULL)
		return NULL;
	if (r->outcome == TLS_CHAIN) {
		json_set_string(o, "negotiated", r->negotiated);
		json_set_string(o, "cipher", r->cipher);
		json_object_set_new(o, "chain", ch = json_array());
		for (size_t i = 0; i < r->nchain; i++)
			json_array_append_new(ch, cert_json(&r->chain[i]));
		if (r->has_leaf)
			json_object_set_new(o, "cert", cert_json(&r->leaf));
	} else if (r->outcome == TLS_CHAIN_FAILED) {
		json_set_string(o, "reason", r->reason);
	}
	json_object_set_new(o, "versions_refused", versions_json(r->refused));
	json_object_set_new(o, "versions_no_answer", versions_json(r->no_answer));
	/* null, not false: untested legacy versions are missing evidence */
	json_object_set_new(o, "legacy_tested", r->legacy_tested ? json_true() : json_null());
	if (r->reason[0] != '\0' && json_object_get(o, "reason") == NULL)
		json_set_string(o, "reason", r->reason);
	return o;
}

static json_t *
names_json(const struct net_names *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *
ssdp_json(const struct udp_ssdp *s)
{
	static const char *const hdr[] = { "server", "location", "st", "usn" };
	json_t *o = json_object();

	for (int i = 0; i < 4; i++)
		if (s->has[i])
			json_set_string(o, hdr[i], s->value[i]);
	json_object_set_new(o, "status", json_integer(s->status));
	return o;
}

/* What the answer said; product goes where it always went (before the
 * SSDP object, after the DNS and SNMP ones). */
static void
udp_details(json_t *o, const struct net_udp_answer *a)
{
	switch (a->port) {
	case 5353:
		json_object_set_new(o, "mdns", json_pack("{s:o, s:o, s:i}", "services",
		    names_json(&a->dns.ptr), "txt", names_json(&a->dns.txt), "rcode", a->dns.rcode));
		break;
	case 53:
		json_object_set_new(o, "dns", json_pack("{s:i, s:s?}", "rcode", a->dns.rcode,
		    "version", a->dns.txt.n ? a->dns.txt.v[0] : NULL));
		break;
	case 1900:
		if (a->has_product)
			json_set_string(o, "product", a->product);
		json_object_set_new(o, "ssdp", ssdp_json(&a->ssdp));
		return;
	case 5683:
		if (a->has_coap)
			json_object_set_new(o, "coap", json_pack("{s:i, s:s, s:b}", "code",
			    a->coap_code, "resources", a->coap_resources,
			    "unauthenticated_content", a->coap_code / 100 == 2));
		break;
	case 161:
		if (a->has_snmp)
			json_object_set_new(o, "snmp", json_pack("{s:i, s:s, s:b}", "error_status",
			    a->snmp_error_status, "sys_descr", a->snmp_sys_descr,
			    "community_public_accepted", a->snmp_error_status == 0));
		break;
	case 5540:
		if (a->has_matter)
			json_object_set_new(o, "matter", json_pack("{s:i, s:i, s:s}", "protocol",
			    a->matter_protocol, "opcode", a->matter_opcode, "message",
			    a->matter_message));
		break;
	}
	if (a->has_product)
		json_set_string(o, "product", a->product);
}

json_t *
net_udp_json(const struct net_udp_answer *a, size_t n)
{
	json_t *out = json_array();

	for (size_t i = 0; out != NULL && i < n; i++) {
		char id[16];
		json_t *o;

		snprintf(id, sizeof(id), "udp/%u", a[i].port);
		o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "id", id, "proto", "udp",
		    "port", a[i].port, "service", a[i].service,
		    "state", net_udp_state_name(a[i].state));
		if (o != NULL && a[i].state == UDP_OPEN) {
			json_set_string(o, "banner", a[i].banner);
			udp_details(o, &a[i]);
		}
		json_array_append_new(out, o);
	}
	return out;
}

json_t *
net_login_json(const struct net_login_result *r)
{
	char id[16];
	json_t *o;

	snprintf(id, sizeof(id), "tcp/%u", r->port);
	o = json_pack("{s:s, s:I, s:s, s:s, s:I, s:I, s:b, s:I, s:I}",
	    "id", id, "port", (json_int_t)r->port, "service", r->service, "method", r->method,
	    "attempts", (json_int_t)r->attempts, "failures", (json_int_t)r->failures,
	    "success", r->success, "refused", (json_int_t)r->refused,
	    "rejected", (json_int_t)(r->failures - r->refused));
	if (o == NULL)
		return NULL;
	/* null, not false: a credential without a verdict is not_tested */
	json_object_set_new(o, "complete", r->complete ? json_true() : json_null());
	if (!r->complete)
		json_set_string(o, "reason", r->reason);
	json_object_set_new(o, "rate_limited", json_boolean(r->rate_limited));
	json_set_string(o, "label", r->label);
	if (r->success)
		json_set_string(o, "credential", r->credential);
	return o;
}
