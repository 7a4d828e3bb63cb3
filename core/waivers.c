#include "core/waivers.h"

#include <ctype.h>
#include <string.h>

#include "util/ytree.h"

static const char *const waiver_keys[] = { "rule", "input", "justification",
	"approver", "expires", NULL };

static int
valid_date(const char *s)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

json_t *
waivers_load(const char *path, struct fw_err *err)
{
	struct ynode *root, *list;
	json_t *out = NULL;

	if ((root = ytree_load_file(path, err)) == NULL)
		return NULL;
	list = ymap_get(root, "waivers");
	if (list == NULL || list->type != Y_SEQ) {
		err_set_line(err, path, root->line, root->col,
		    "expected 'waivers:' holding a list of {rule, justification, "
		    "approver, expires[, input]}");
		goto out;
	}
	out = json_array();
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *w = list->items[i];
		const char *need[] = { "rule", "justification", "approver", "expires" };
		json_t *o;

		if (w->type != Y_MAP) {
			err_set_line(err, path, w->line, w->col, "a waiver is a mapping");
			goto bad;
		}
		for (size_t k = 0; k < w->n; k++) {
			int ok = 0;

			for (int j = 0; waiver_keys[j]; j++)
				ok |= !strcmp(w->items[2 * k]->str, waiver_keys[j]);
			if (!ok) {
				err_set_line(err, path, w->items[2 * k]->line,
				    w->items[2 * k]->col, "unknown key '%s' in a waiver",
				    w->items[2 * k]->str);
				goto bad;
			}
		}
		for (int j = 0; j < 4; j++) {
			const char *s = yscalar(ymap_get(w, need[j]));

			if (s == NULL || *s == '\0') {
				err_set_line(err, path, w->line, w->col,
				    "waiver needs '%s' (rule, justification, approver and "
				    "expires are required)", need[j]);
				goto bad;
			}
		}
		if (!valid_date(yscalar(ymap_get(w, "expires")))) {
			const struct ynode *e = ymap_get(w, "expires");

			err_set_line(err, path, e->line, e->col,
			    "expires '%s' is not a date YYYY-MM-DD", e->str);
			goto bad;
		}
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}",
		    "rule", yscalar(ymap_get(w, "rule")),
		    "justification", yscalar(ymap_get(w, "justification")),
		    "approver", yscalar(ymap_get(w, "approver")),
		    "expires", yscalar(ymap_get(w, "expires")),
		    "file", path, "line", (int)w->line, "status", "unused");
		if (yscalar(ymap_get(w, "input")) != NULL)
			json_object_set_new(o, "input", json_string(yscalar(ymap_get(w, "input"))));
		json_array_append_new(out, o);
	}
	goto out;
bad:
	json_decref(out);
	out = NULL;
out:
	ytree_free(root);
	return out;
}

int
waiver_current(const json_t *w, const char *today)
{
	/* A waiver is good through its expiry day. */
	return strcmp(json_string_value(json_object_get(w, "expires")), today) >= 0;
}
