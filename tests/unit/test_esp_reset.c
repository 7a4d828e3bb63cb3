/* Reset sequences as they reach the modem lines (a recording transport),
 * and the USB ids `fwaudit ports` recognises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "device/esp_reset.h"
#include "device/serial_list.h"

struct rec {
	int n;
	char seq[64];	/* "dr" pairs: 0/1 for DTR then RTS */
	bool fail;
};

static int
rec_read(struct serial_port *p, uint8_t *b, size_t n, int t) { (void)p; (void)b; (void)n; (void)t; return 0; }
static int
rec_write(struct serial_port *p, const uint8_t *b, size_t n) { (void)p; (void)b; (void)n; return 0; }
static void
rec_close(struct serial_port *p) { (void)p; }

static int
rec_lines(struct serial_port *p, bool dtr, bool rts)
{
	struct rec *r = p->impl;

	if (r->fail) {
		strcpy(p->why, "no modem lines");
		return -1;
	}
	r->seq[r->n++] = dtr ? '1' : '0';
	r->seq[r->n++] = rts ? '1' : '0';
	r->seq[r->n++] = ' ';
	return 0;
}

static const struct serial_ops rec_ops = { rec_read, rec_write, rec_lines, rec_close };

static void
setup_port(struct serial_port *p, struct rec *r, int vid, int pid)
{
	memset(p, 0, sizeof(*p));
	memset(r, 0, sizeof(*r));
	p->ops = &rec_ops;
	p->impl = r;
	p->usb_vid = vid;
	p->usb_pid = pid;
	p->log.max = 4096;
}

static void
t_classic(void **s)
{
	struct serial_port p;
	struct rec r;
	const char *seq;

	(void)s;
	setup_port(&p, &r, 0x10c4, 0xea60);
	assert_int_equal(esp_reset_download(&p, &seq), 0);
	assert_string_equal(seq, "classic");
	/* EN low (RTS), then IO0 low (DTR) with EN released, then idle. */
	assert_string_equal(r.seq, "01 10 00 ");
	assert_non_null(strstr(p.log.text, "reset into download mode: classic"));
	free(p.log.text);
}

static void
t_usb_serial_jtag(void **s)
{
	struct serial_port p;
	struct rec r;
	const char *seq;

	(void)s;
	setup_port(&p, &r, 0x303a, 0x1001);
	assert_true(esp_is_usb_serial_jtag(&p));
	assert_int_equal(esp_reset_download(&p, &seq), 0);
	assert_string_equal(seq, "usb-serial-jtag");
	/* Idle, IO0 low, through (1,1) to reset with IO0 high... then idle. */
	assert_string_equal(r.seq, "00 10 11 01 00 ");
	free(p.log.text);
}

static void
t_run_and_failure(void **s)
{
	struct serial_port p;
	struct rec r;
	const char *seq;

	(void)s;
	setup_port(&p, &r, -1, -1);
	assert_int_equal(esp_reset_run(&p), 0);
	assert_string_equal(r.seq, "01 00 ");
	free(p.log.text);
	setup_port(&p, &r, -1, -1);
	r.fail = true;
	assert_int_equal(esp_reset_download(&p, &seq), -1);
	assert_string_equal(p.why, "no modem lines");
	free(p.log.text);
}

static void
t_usb_ids(void **s)
{
	(void)s;
	assert_non_null(strstr(serial_usb_board(0x303a, 0x1001), "USB-Serial-JTAG"));
	assert_non_null(strstr(serial_usb_board(0x10c4, 0xea60), "CP210x"));
	assert_non_null(strstr(serial_usb_board(0x1a86, 0x7523), "CH340"));
	assert_non_null(strstr(serial_usb_board(0x0403, 0x6010), "FT2232"));
	assert_null(serial_usb_board(0x1234, 0x5678));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_classic), cmocka_unit_test(t_usb_serial_jtag),
		cmocka_unit_test(t_run_and_failure), cmocka_unit_test(t_usb_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
