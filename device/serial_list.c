#include "device/serial_list.h"

#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
serial_usb_board(int vid, int pid)
{
	static const struct { int vid, pid; const char *what; } ids[] = {
		{ 0x303a, 0x1001, "Espressif USB-Serial-JTAG (ESP32-C3/C6/H2/S3 built-in)" },
		{ 0x303a, 0x0002, "Espressif USB-OTG CDC (ESP32-S2/S3 ROM)" },
		{ 0x10c4, 0xea60, "Silicon Labs CP210x (common ESP32 DevKit bridge)" },
		{ 0x1a86, 0x7523, "WCH CH340 (common ESP board bridge)" },
		{ 0x1a86, 0x55d4, "WCH CH9102 (ESP32 DevKit bridge)" },
		{ 0x0403, 0x6001, "FTDI FT232R" },
		{ 0x0403, 0x6010, "FTDI FT2232 (ESP-Prog, ESP-WROVER-KIT)" },
		{ 0x0403, 0x6014, "FTDI FT232H" },
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i].vid == vid && ids[i].pid == pid)
			return ids[i].what;
	return NULL;
}

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

int
serial_list(struct serial_port_info **out, size_t *n, char *why, size_t whylen)
{
	struct sp_port **ports = NULL;
	struct serial_port_info *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (sp_list_ports(&ports) != SP_OK) {
		char *m = sp_last_error_message();

		snprintf(why, whylen, "%s", m != NULL ? m : "cannot enumerate serial ports");
		sp_free_error_message(m);
		return -1;
	}
	while (ports[k] != NULL)
		k++;
	if ((v = calloc(k ? k : 1, sizeof(*v))) == NULL) {
		sp_free_port_list(ports);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < k; i++) {
		enum sp_transport t = sp_get_port_transport(ports[i]);

		copy(v[i].name, sizeof(v[i].name), sp_get_port_name(ports[i]));
		copy(v[i].transport, sizeof(v[i].transport),
		    t == SP_TRANSPORT_USB ? "usb" : t == SP_TRANSPORT_BLUETOOTH ? "bluetooth" : "native");
		v[i].vid = v[i].pid = -1;
		if (t == SP_TRANSPORT_USB) {
			sp_get_port_usb_vid_pid(ports[i], &v[i].vid, &v[i].pid);
			copy(v[i].product, sizeof(v[i].product), sp_get_port_usb_product(ports[i]));
			copy(v[i].manufacturer, sizeof(v[i].manufacturer),
			    sp_get_port_usb_manufacturer(ports[i]));
			copy(v[i].serial, sizeof(v[i].serial), sp_get_port_usb_serial(ports[i]));
			v[i].board = serial_usb_board(v[i].vid, v[i].pid);
		}
	}
	sp_free_port_list(ports);
	*out = v;
	*n = k;
	return 0;
}
