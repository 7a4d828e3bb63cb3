#include "device/esp_reset.h"

bool
esp_is_usb_serial_jtag(const struct serial_port *p)
{
	return p->usb_vid == 0x303a && p->usb_pid == 0x1001;
}

/* DTR drives IO0 and RTS drives EN through the usual two-transistor
 * circuit; "asserted" pulls the pin low. */
static int
classic(struct serial_port *p)
{
	/* D0|R1|W0.1|D1|R0|W0.05|D0 */
	if (serial_set_lines(p, false, true) != 0)
		return -1;
	serial_sleep_ms(100);
	if (serial_set_lines(p, true, false) != 0)
		return -1;
	serial_sleep_ms(50);
	return serial_set_lines(p, false, false);
}

static int
usb_jtag(struct serial_port *p)
{
	/* R0 D0 W0.1 D1 R0 W0.1 R1 D0 (through 1,1) W0.1 D0 R0 */
	if (serial_set_lines(p, false, false) != 0)
		return -1;
	serial_sleep_ms(100);
	if (serial_set_lines(p, true, false) != 0)
		return -1;
	serial_sleep_ms(100);
	if (serial_set_lines(p, true, true) != 0 || serial_set_lines(p, false, true) != 0)
		return -1;
	serial_sleep_ms(100);
	return serial_set_lines(p, false, false);
}

int
esp_reset_download(struct serial_port *p, const char **sequence)
{
	bool usb = esp_is_usb_serial_jtag(p);

	*sequence = usb ? "usb-serial-jtag" : "classic";
	serial_note(p, "reset into download mode: %s sequence", *sequence);
	return usb ? usb_jtag(p) : classic(p);
}

int
esp_reset_run(struct serial_port *p)
{
	serial_note(p, "reset into the application (EN pulse)");
	if (serial_set_lines(p, false, true) != 0)
		return -1;
	serial_sleep_ms(esp_is_usb_serial_jtag(p) ? 200 : 100);
	return serial_set_lines(p, false, false);
}
