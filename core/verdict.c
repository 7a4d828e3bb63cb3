#include "core/verdict.h"

#include <string.h>

static const char *const verdict_names[V_COUNT] = { "pass", "fail",
	"not_applicable", "not_tested", "declared", "waived" };

const char *
verdict_name(enum verdict v)
{
	return v < V_COUNT ? verdict_names[v] : "?";
}

int
verdict_parse(const char *s, enum verdict *out)
{
	for (int i = 0; i < V_COUNT; i++)
		if (s != NULL && strcmp(s, verdict_names[i]) == 0) {
			*out = (enum verdict)i;
			return 0;
		}
	return -1;
}

json_t *
verdict_counts_json(const int counts[V_COUNT])
{
	json_t *o = json_object();

	for (int i = 0; i < V_COUNT; i++)
		json_object_set_new_nocheck(o, verdict_name((enum verdict)i),
		    json_integer(counts[i]));
	return o;
}
