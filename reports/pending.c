#include "reports/pending.h"

#include <string.h>
#include <sys/random.h>

#include "core/hex.h"

bool
pending_mark(json_t *report, struct pending_digests *pd)
{
	json_t *in;
	size_t i;

	pd->n = 0;
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *v = json_string_value(json_object_get(in, "sha256"));
		unsigned char rnd[32];

		if (v == NULL || *v != '\0')
			continue;
		/* 256 random bits: a stand-in no report text can contain by chance. */
		if (pd->n == PENDING_MAX || getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
			goto undo;
		hex_encode(rnd, sizeof(rnd), pd->token[pd->n]);
		pd->input[pd->n++] = in;
	}
	for (i = 0; i < pd->n; i++)
		json_object_set_new(pd->input[i], "sha256", json_string(pd->token[i]));
	return pd->n > 0;
undo:
	pd->n = 0;
	return false;
}

void
pending_settle(struct pending_digests *pd)
{
	for (size_t i = 0; i < pd->n; i++) {
		const char *v = json_string_value(json_object_get(pd->input[i], "sha256"));

		if (v != NULL && strcmp(v, pd->token[i]) == 0)
			json_object_set_new(pd->input[i], "sha256", json_string(""));
	}
}

size_t
pending_fill(char *buf, size_t len, const struct pending_digests *pd)
{
	for (size_t i = 0; i < pd->n; i++) {
		const char *v = json_string_value(json_object_get(pd->input[i], "sha256"));
		size_t vlen = v != NULL ? strlen(v) : 0, from = 0;
		char *hit;

		if (vlen > 64)
			vlen = 64;	/* a digest is 64 hex digits, or "" */
		while ((hit = memmem(buf + from, len - from, pd->token[i], 64)) != NULL) {
			size_t at = (size_t)(hit - buf);

			memcpy(hit, v, vlen);
			memmove(hit + vlen, hit + 64, len - at - 64);
			len -= 64 - vlen;
			from = at + vlen;
		}
	}
	return len;
}
