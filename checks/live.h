/* Live sources and multi-input modes that scan wires in. Each adds facts
 * (and registers its live source as an input); 0, or -1 with err (exit 2). */
#ifndef FWAUDIT_LIVE_H
#define FWAUDIT_LIVE_H

#include <stdbool.h>

#include "util/error.h"
#include "core/facts.h"
#include "core/input.h"

struct serial_opts {
	const char *port;	/* /dev/ttyUSB0, a pty, rfc2217://h:p, tcp://h:p */
	int baud;		/* 0: default 115200 */
	bool console;		/* also probe the application console */
	bool no_reset;		/* do not toggle DTR/RTS */
	int timeout_ms;		/* 0: default */
	const char *evidence_dir;	/* where to keep the transcript, or NULL */
};

struct net_opts {
	const char *host;
	const char *ports;	/* NULL: "top" */
	bool try_logins;
	const char *credentials;	/* extra credentials file, or NULL */
	int timeout_ms;		/* per connection; 0: default */
	int total_timeout_ms;	/* whole scan; 0: default */
	int jobs;		/* concurrency; 0: default */
	const char *evidence_dir;
};

int collect_serial(struct facts *f, const struct serial_opts *o, struct fw_err *err);
int collect_network(struct facts *f, const struct net_opts *o, struct fw_err *err);
/* --compare: facts on what two units of one product wrongly share. Both
 * inputs are already collected (their facts are in f). */
int collect_compare(struct facts *f, const struct input *a, const struct input *b,
    struct fw_err *err);

#endif
