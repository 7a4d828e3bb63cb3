#include "util/json_out.h"

#include <stdlib.h>
#include <string.h>

char *
json_canonical(const json_t *v, size_t *len)
{
	char *s = json_dumps(v, JSON_CANONICAL), *t;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((t = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	if (len != NULL)
		*len = n + 1;
	return t;
}

void
json_set_string(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

bool
json_array_has_string(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_string_value(v) != NULL && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}
