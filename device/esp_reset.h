/* Resetting an ESP board through DTR/RTS (esptool reset.py; esp-formats.md
 * section 7): into the ROM download mode, or a plain reboot into the app. */
#ifndef FWAUDIT_DEVICE_ESP_RESET_H
#define FWAUDIT_DEVICE_ESP_RESET_H

#include <stdbool.h>

#include "device/serial_port.h"

/* Whether the port is an ESP's own USB-Serial-JTAG (303a:1001), which needs
 * its own sequence. */
bool esp_is_usb_serial_jtag(const struct serial_port *p);
/* Into download mode. 0, or -1 when the modem lines cannot be set (p->why). */
int esp_reset_download(struct serial_port *p, const char **sequence);
/* EN pulse (RTS), so the app boots and prints its console. */
int esp_reset_run(struct serial_port *p);

#endif
