/* Console classification by the prompt a device leaves on the line after
 * a line break: shells end their prompt with '#' (root) or '$'; getty and
 * dropbear ask "login:" / "Password:"; the ESP-IDF console REPL prints
 * "esp32>"-style prompts and "Type 'help'"; U-Boot offers "Hit any key to
 * stop autoboot" and a "=>" prompt. */
#include "device/console.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *
console_kind_name(enum console_kind k)
{
	static const char *const names[] = {
		"silent", "output_only", "root_shell", "user_shell", "login_prompt",
		"esp_idf_repl", "uboot",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

static bool
has(const char *text, const char *needle)
{
	return strcasestr(text, needle) != NULL;
}

/* Last non-empty line (trailing spaces kept out), printable only. */
static void
last_line(const char *text, size_t len, char *out, size_t outlen)
{
	size_t end = len, start;
	size_t k = 0;

	while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' ||
	    text[end - 1] == ' ' || text[end - 1] == '\t'))
		end--;
	start = end;
	while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
		start--;
	for (size_t i = start; i < end && k + 1 < outlen; i++)
		if (isprint((unsigned char)text[i]))
			out[k++] = text[i];
	out[k] = '\0';
}

enum console_kind
console_classify(const char *text, size_t len, char *prompt, size_t plen)
{
	char last[128];
	size_t n;

	last_line(text, len, last, sizeof(last));
	snprintf(prompt, plen, "%s", last);
	if (len == 0)
		return CONSOLE_SILENT;
	n = strlen(last);
	if (has(last, "login:") || has(last, "username:") || has(last, "password:"))
		return CONSOLE_LOGIN;
	if (has(text, "Hit any key to stop autoboot") || strcmp(last, "=>") == 0 ||
	    has(last, "U-Boot>"))
		return CONSOLE_UBOOT;
	if (has(text, "Type 'help' to get the list of commands") ||
	    (n > 1 && last[n - 1] == '>' && strncmp(last, "esp", 3) == 0))
		return CONSOLE_ESP_REPL;
	if (n > 0 && last[n - 1] == '#')
		return CONSOLE_ROOT_SHELL;
	if (n > 0 && last[n - 1] == '$')
		return CONSOLE_USER_SHELL;
	return CONSOLE_OUTPUT;
}

int
console_probe(struct serial_port *p, const struct console_limits *lim,
    struct console_result *out)
{
	static const uint8_t crlf[] = { '\r', '\n' };
	uint64_t start = serial_now_us(), end = start + (uint64_t)lim->total_ms * 1000u;
	uint64_t last_rx = start;
	size_t max = lim->max_bytes < CONSOLE_MAX_BYTES ? lim->max_bytes : CONSOLE_MAX_BYTES;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	serial_note(p, "console probe: line break, then up to %d ms / %zu bytes",
	    lim->total_ms, max);
	if (serial_write(p, crlf, sizeof(crlf)) != 0)
		return -1;
	for (;;) {
		uint64_t now = serial_now_us();
		uint64_t quiet_end = last_rx + (uint64_t)lim->quiet_ms * 1000u;
		uint64_t stop = quiet_end < end ? quiet_end : end;
		uint8_t buf[512];
		int r;

		if (now >= stop || out->len >= max)
			break;
		r = serial_read(p, buf, sizeof(buf), (int)((stop - now + 999) / 1000));
		if (r < 0) {
			rc = out->len > 0 ? 0 : -1;
			break;
		}
		if (r == 0)
			continue;
		last_rx = serial_now_us();
		for (int i = 0; i < r && out->len < max; i++)
			out->transcript[out->len++] = buf[i] == '\0' ? '.' : (char)buf[i];
		if (out->len >= max)
			out->truncated = true;
	}
	out->transcript[out->len] = '\0';
	out->elapsed_ms = (int)((serial_now_us() - start) / 1000);
	out->kind = console_classify(out->transcript, out->len, out->prompt, sizeof(out->prompt));
	return rc;
}

void
console_excerpt(const char *text, size_t len, char *out, size_t outlen)
{
	size_t from = len + 1 > outlen ? len + 1 - outlen : 0, k = 0;

	for (size_t i = from; i < len && k + 1 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r')
			continue;
		out[k++] = c == '\n' || isprint(c) ? (char)c : '.';
	}
	out[k] = '\0';
}
