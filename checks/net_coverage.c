/* What the live network scan covered, as facts rules can require: the
 * state of each common port (net.port.tcp_N, net.port.udp_N) and whether
 * every common / every requested port answered and every open port was
 * identified. A port that gave no evidence (not probed, filtered,
 * unreachable, open but never identified) has the value null with the
 * reason as its excerpt: a rule over it ends not_tested, saying why. */
#include "checks/net_coverage.h"

#include <stdio.h>
#include <string.h>

#include "device/net_udp.h"

#define LIST_MAX 8	/* ports named in a coverage reason; the rest counted */

struct gaps {
	char text[768];
	size_t len;
	size_t n;
};

static void
gap(struct gaps *g, const char *id, const char *why)
{
	if (g->n++ < LIST_MAX && g->len < sizeof(g->text) - 1) {
		int k = snprintf(g->text + g->len, sizeof(g->text) - g->len, "%s%s %s",
		    g->n > 1 ? "; " : "", id, why);

		if (k > 0)
			g->len += (size_t)k < sizeof(g->text) - g->len ? (size_t)k :
			    sizeof(g->text) - 1 - g->len;
	}
}

/* A null fact with its reason as the location excerpt. */
static void
set_unknown(struct facts *f, const char *name, int in, const char *why)
{
	fact_set(f, name, json_null(), in, loc_excerpt(why));
}

static json_t *
find_item(json_t *items, const char *id)
{
	size_t i;
	json_t *x;

	json_array_foreach(items, i, x)
		if (strcmp(json_string_value(json_object_get(x, "id")), id) == 0)
			return x;
	return NULL;
}

static bool
is_filtered(const struct scan_result *sr, unsigned port)
{
	for (size_t i = 0; i < sr->nfiltered; i++)
		if (sr->filtered[i] == port)
			return true;
	return false;
}

/* The state of one TCP port, or NULL with why filled in. */
static const char *
tcp_state(const struct net_cover *c, unsigned port, json_t *open, char *why, size_t len)
{
	char id[16];
	json_t *item;

	snprintf(id, sizeof(id), "tcp/%u", port);
	if (!port_set_has(c->ps, port)) {
		snprintf(why, len, "not probed: not in --ports %s", c->spec);
		return NULL;
	}
	if ((item = find_item(open, id)) != NULL) {
		const char *reason = json_string_value(json_object_get(item, "reason"));

		if (json_is_string(json_object_get(item, "service")))
			return "open";
		snprintf(why, len, "%s", reason ? reason : "open, not identified");
		return NULL;
	}
	if (scan_closed(c->sr, port))
		return "closed";
	if (is_filtered(c->sr, port)) {
		snprintf(why, len, "filtered: no answer to %d connection attempts of %d ms "
		    "(dropped or unreachable)", c->attempts, c->timeout_ms);
		return NULL;
	}
	snprintf(why, len, "not probed: the scan hit its time limit first");
	return NULL;
}

static const char *
udp_state(const struct net_cover *c, size_t k, char *why, size_t len)
{
	const struct net_udp_answer *x;

	if (!c->ps->udp) {
		snprintf(why, len, "not probed: --ports %s has no UDP probes (add udp)", c->spec);
		return NULL;
	}
	if (c->udp == NULL || k >= NET_UDP_PROBES) {
		snprintf(why, len, "not probed: the audit hit its time limit first");
		return NULL;
	}
	x = &c->udp[k];
	if (net_udp_answered(x))
		return net_udp_state_name(x->state);
	snprintf(why, len, "%s: %s (%s)", x->state == UDP_UNREACHABLE ?
	    "unreachable" : "no answer", net_udp_services[k].request,
	    "filtered, or a service that ignores the request");
	return NULL;
}

/* net.port.PROTO_PORT: its state, or unknown with why (and a gap in
 * the common ports' list). 1 when the port gave evidence. */
static int
port_fact(struct facts *f, int in, const char *proto, unsigned port, const char *st,
    const char *why, struct gaps *common)
{
	char name[64], id[16], text[300];

	snprintf(name, sizeof(name), "net.port.%s_%u", proto, port);
	if (st != NULL) {
		fact_set_str(f, name, st, in, NULL);
		return 1;
	}
	snprintf(id, sizeof(id), "%s/%u", proto, port);
	snprintf(text, sizeof(text), "%s %s", id, why);
	set_unknown(f, name, in, text);
	gap(common, id, why);
	return 0;
}

/* net.open_ports_identified; the number of open TCP ports identified. */
static size_t
open_ports_fact(struct facts *f, int in, json_t *open)
{
	struct gaps unidentified = { .len = 0 };
	size_t identified = 0, i;
	char text[900];
	json_t *x;

	json_array_foreach(open, i, x) {
		const char *reason = json_string_value(json_object_get(x, "reason"));

		if (json_is_string(json_object_get(x, "service"))) {
			if (!strcmp(json_string_value(json_object_get(x, "proto")), "tcp"))
				identified++;
			continue;
		}
		gap(&unidentified, json_string_value(json_object_get(x, "id")),
		    reason ? reason : "open, not identified");
	}
	if (unidentified.n == 0) {
		fact_set_bool(f, "net.open_ports_identified", true, in, NULL);
		return identified;
	}
	snprintf(text, sizeof(text), "%zu open port%s not identified: %s%s", unidentified.n,
	    unidentified.n > 1 ? "s" : "", unidentified.text,
	    unidentified.n > LIST_MAX ? "; ..." : "");
	set_unknown(f, "net.open_ports_identified", in, text);
	return identified;
}

void
net_coverage_facts(struct facts *f, int in, const struct net_cover *c, json_t *open)
{
	const uint16_t *top;
	size_t ntop = net_top_ports(&top), i;
	struct gaps common = { .len = 0 };
	size_t answered = 0, identified_open, udp_answered = 0;
	char why[256];

	for (i = 0; i < ntop; i++)
		port_fact(f, in, "tcp", top[i], tcp_state(c, top[i], open, why, sizeof(why)),
		    why, &common);
	for (i = 0; i < NET_UDP_PROBES; i++)
		udp_answered += (size_t)port_fact(f, in, "udp", net_udp_services[i].port,
		    udp_state(c, i, why, sizeof(why)), why, &common);
	if (common.n == 0) {
		fact_set_bool(f, "net.common_ports_answered", true, in, NULL);
	} else {
		char text[900];

		snprintf(text, sizeof(text), "%zu of %zu common ports gave no evidence: %s%s",
		    common.n, ntop + NET_UDP_PROBES, common.text, common.n > LIST_MAX ? "; ..." : "");
		set_unknown(f, "net.common_ports_answered", in, text);
	}
	identified_open = open_ports_fact(f, in, open);
	/* Every requested port: TCP ones refused or open and identified, and
	 * (when asked for) every UDP probe answered. */
	answered = c->sr->nclosed + identified_open;
	if (answered == c->ps->ntcp && (!c->ps->udp || udp_answered == NET_UDP_PROBES)) {
		fact_set_bool(f, "net.all_ports_answered", true, in, NULL);
	} else {
		char text[512];
		size_t unprobed = c->ps->ntcp - c->sr->ntried;

		snprintf(text, sizeof(text), "of %zu TCP port%s requested (--ports %s): %zu filtered "
		    "or unreachable, %zu open but not identified, %zu not probed (time limit); "
		    "UDP probes without an answer: %zu of %d%s", c->ps->ntcp,
		    c->ps->ntcp == 1 ? "" : "s", c->spec, c->sr->nfiltered,
		    c->sr->nopen - identified_open, unprobed,
		    c->ps->udp ? NET_UDP_PROBES - udp_answered : 0, c->ps->udp ? NET_UDP_PROBES : 0,
		    c->ps->udp ? "" : " (not requested)");
		set_unknown(f, "net.all_ports_answered", in, text);
	}
}
