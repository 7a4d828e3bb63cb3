#include "core/predicate.h"
#include "util/oom.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define MAX_FAILING_ITEMS 50

static const char *const op_names[] = {
	[P_ALL] = "all", [P_ANY] = "any", [P_NOT] = "not", [P_EQUALS] = "equals",
	[P_IN] = "in", [P_AT_LEAST] = "at_least", [P_AT_MOST] = "at_most",
	[P_MATCHES] = "matches", [P_EXISTS] = "exists", [P_SUBSET_OF] = "subset_of",
	[P_NONE_OF] = "none_of", [P_FOR_EACH] = "for_each",
	[P_UNREADABLE_IF] = "unreadable_if",
};

const char *
pred_op_name(enum pred_op op)
{
	return op_names[op];
}

const char *
tri_name(enum tri t)
{
	return t == T_TRUE ? "true" : t == T_FALSE ? "false" : "unknown";
}

void
pred_free(struct pred *p)
{
	if (p == NULL)
		return;
	free(p->fact);
	free(p->pattern);
	json_decref(p->value);
	if (p->has_re)
		regfree(&p->re);
	for (size_t i = 0; i < p->nkids; i++)
		pred_free(p->kids[i]);
	free(p->kids);
	pred_free(p->where);
	free(p);
}

static struct pred *perr(struct pred *p, struct fw_err *err, const char *file,
    const struct ynode *n, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct pred *
perr(struct pred *p, struct fw_err *err, const char *file, const struct ynode *n,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set_line(err, file, n->line, n->col, "%s", msg);
	pred_free(p);
	return NULL;
}

/* Fact paths: dotted names of [A-Za-z0-9_-] parts, optionally starting with
 * "." (relative to the for_each item). */
static int
valid_path(const char *s)
{
	const char *p = s;

	if (*p == '.')
		p++;
	if (*p == '\0')
		return 0;
	for (; *p; p++) {
		if (*p == '.') {
			if (p[1] == '.' || p[1] == '\0')
				return 0;
			continue;
		}
		if (!(*p == '_' || *p == '-' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	}
	return 1;
}

/* An unquoted scalar that reads as an integer but does not fit 64 bits
 * would become a string and compare false with every number: refused, so
 * a rule never compares a value it cannot hold exactly. */
static const struct ynode *
out_of_range(const struct ynode *v)
{
	if (v->type != Y_SCALAR) {
		size_t n = v->type == Y_MAP ? 2 * v->n : v->n;

		for (size_t i = 0; i < n; i++) {
			const struct ynode *bad = out_of_range(v->items[i]);

			if (bad != NULL)
				return bad;
		}
		return NULL;
	}
	if (!v->quoted) {
		const char *s = v->str + (v->str[0] == '-' || v->str[0] == '+');
		size_t digits = strspn(s, "0123456789");

		if (digits > 0 && s[digits] == '\0' && !(s[0] == '0' && s[1] != '\0')) {
			char *end;

			errno = 0;
			(void)strtoll(v->str, &end, 10);
			if (errno == ERANGE)
				return v;
		}
	}
	return NULL;
}

static struct pred *
compile_leaf(struct pred *p, const struct ynode *arg, const char *file,
    struct fw_err *err)
{
	const char *name = op_names[p->op];
	const struct ynode *fact, *val = NULL;

	if (p->op == P_EXISTS && arg->type == Y_SCALAR) {
		fact = arg;
	} else {
		if (arg->type != Y_MAP)
			return perr(p, err, file, arg, "'%s' takes a mapping "
			    "{fact: NAME, ...}, found %s", name, ytype_name(arg));
		for (size_t i = 0; i < arg->n; i++) {
			const char *k = arg->items[2 * i]->str;
			int ok = !strcmp(k, "fact");

			switch (p->op) {
			case P_EQUALS: case P_AT_LEAST: case P_AT_MOST:
				ok |= !strcmp(k, "value"); break;
			case P_IN: case P_SUBSET_OF: case P_NONE_OF:
				ok |= !strcmp(k, "values"); break;
			case P_MATCHES:
				ok |= !strcmp(k, "pattern"); break;
			default: break;
			}
			if (!ok)
				return perr(p, err, file, arg->items[2 * i],
				    "unknown key '%s' in '%s'", k, name);
		}
		fact = ymap_get(arg, "fact");
	}
	if (yscalar(fact) == NULL)
		return perr(p, err, file, arg, "'%s' needs 'fact: NAME'", name);
	if (!valid_path(fact->str))
		return perr(p, err, file, fact, "'%s' is not a fact path "
		    "(dotted names like efuse.secure_boot.enabled)%s", fact->str, "");
	if ((p->fact = strdup(fact->str)) == NULL)
		return perr(p, err, file, arg, "out of memory");
	switch (p->op) {
	case P_EQUALS: case P_AT_LEAST: case P_AT_MOST:
		if ((val = ymap_get(arg, "value")) == NULL)
			return perr(p, err, file, arg, "'%s' needs 'value'", name);
		if (p->op != P_EQUALS && val->type != Y_SCALAR)
			return perr(p, err, file, val, "'%s' compares with a number "
			    "or a string, found %s", name, ytype_name(val));
		break;
	case P_IN: case P_SUBSET_OF: case P_NONE_OF:
		if ((val = ymap_get(arg, "values")) == NULL || val->type != Y_SEQ)
			return perr(p, err, file, val ? val : arg,
			    "'%s' needs 'values' as a list", name);
		break;
	default:
		break;
	}
	switch (p->op) {
	case P_EQUALS: case P_AT_LEAST: case P_AT_MOST:
	case P_IN: case P_SUBSET_OF: case P_NONE_OF: {
		const struct ynode *bad = out_of_range(val);

		if (bad != NULL)
			return perr(p, err, file, bad, "'%s': %s is out of range: numbers "
			    "compare exactly as 64-bit integers (quote it to compare "
			    "as a string)", name, bad->str);
		p->value = ytree_to_json(val);
		break;
	}
	case P_MATCHES: {
		int rc;

		if (yscalar(val = ymap_get(arg, "pattern")) == NULL)
			return perr(p, err, file, arg, "'%s' needs 'pattern'", name);
		if ((p->pattern = strdup(val->str)) == NULL)
			return perr(p, err, file, arg, "out of memory");
		if ((rc = regcomp(&p->re, val->str, REG_EXTENDED | REG_NOSUB)) != 0) {
			char msg[256];

			regerror(rc, &p->re, msg, sizeof(msg));
			return perr(p, err, file, val, "bad pattern: %s%s", msg, "");
		}
		p->has_re = true;
		break;
	}
	default:
		break;
	}
	return p;
}

struct pred *
pred_compile(const struct ynode *n, const char *file, struct fw_err *err)
{
	struct pred *p;
	const struct ynode *arg;
	const char *key;
	size_t op;

	if (n == NULL || n->type != Y_MAP || n->n != 1) {
		err_set_line(err, file, n ? n->line : 0, n ? n->col : 0,
		    "a predicate is a mapping with exactly one key (all, any, not, "
		    "equals, in, at_least, at_most, matches, exists, subset_of, "
		    "none_of, for_each, unreadable_if)");
		return NULL;
	}
	key = n->items[0]->str;
	arg = n->items[1];
	for (op = 0; op < sizeof(op_names) / sizeof(op_names[0]); op++)
		if (strcmp(key, op_names[op]) == 0)
			break;
	if (op == sizeof(op_names) / sizeof(op_names[0])) {
		err_set_line(err, file, n->items[0]->line, n->items[0]->col,
		    "unknown predicate '%s' (all, any, not, equals, in, at_least, "
		    "at_most, matches, exists, subset_of, none_of, for_each, "
		    "unreadable_if)", key);
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->op = (enum pred_op)op;
	p->line = n->items[0]->line;
	p->col = n->items[0]->col;
	switch (p->op) {
	case P_ALL:
	case P_ANY:
		if (arg->type != Y_SEQ || arg->n == 0)
			return perr(p, err, file, arg, "'%s' takes a non-empty list of "
			    "predicates, found %s", key, ytype_name(arg));
		if ((p->kids = calloc(arg->n, sizeof(*p->kids))) == NULL)
			return perr(p, err, file, arg, "out of memory");
		for (size_t i = 0; i < arg->n; i++) {
			if ((p->kids[i] = pred_compile(arg->items[i], file, err)) == NULL) {
				pred_free(p);
				return NULL;
			}
			p->nkids++;
		}
		return p;
	case P_NOT:
	case P_UNREADABLE_IF:
		if ((p->kids = calloc(1, sizeof(*p->kids))) == NULL)
			return perr(p, err, file, arg, "out of memory");
		if ((p->kids[0] = pred_compile(arg, file, err)) == NULL) {
			pred_free(p);
			return NULL;
		}
		p->nkids = 1;
		return p;
	case P_FOR_EACH: {
		const struct ynode *fact = ymap_get(arg, "fact");
		const struct ynode *req = ymap_get(arg, "require");
		const struct ynode *where = ymap_get(arg, "where");

		if (arg->type != Y_MAP)
			return perr(p, err, file, arg, "'for_each' takes {fact: LIST, "
			    "require: PREDICATE[, where: PREDICATE]}, found %s",
			    ytype_name(arg));
		for (size_t i = 0; i < arg->n; i++) {
			const char *k = arg->items[2 * i]->str;

			if (strcmp(k, "fact") && strcmp(k, "require") && strcmp(k, "where"))
				return perr(p, err, file, arg->items[2 * i],
				    "unknown key '%s' in 'for_each'%s", k, "");
		}
		if (yscalar(fact) == NULL || !valid_path(fact->str))
			return perr(p, err, file, arg, "'for_each' needs 'fact: LIST'");
		if (req == NULL)
			return perr(p, err, file, arg, "'for_each' needs 'require'");
		if ((p->fact = strdup(fact->str)) == NULL ||
		    (p->kids = calloc(1, sizeof(*p->kids))) == NULL)
			return perr(p, err, file, arg, "out of memory");
		if ((p->kids[0] = pred_compile(req, file, err)) == NULL) {
			pred_free(p);
			return NULL;
		}
		p->nkids = 1;
		if (where != NULL && (p->where = pred_compile(where, file, err)) == NULL) {
			pred_free(p);
			return NULL;
		}
		return p;
	}
	default:
		return compile_leaf(p, arg, file, err);
	}
}

static void
walk(const struct pred *p, const char *list, void (*fn)(const char *, void *),
    void *arg)
{
	char buf[512];
	const char *path = p->fact;

	if (path != NULL) {
		if (path[0] == '.' && list != NULL) {
			snprintf(buf, sizeof(buf), "%s[]%s", list, path);
			path = buf;
		}
		fn(path, arg);
	}
	if (p->op == P_FOR_EACH) {
		const char *inner = path;
		char lbuf[512];

		snprintf(lbuf, sizeof(lbuf), "%s", inner);
		if (p->where != NULL)
			walk(p->where, lbuf, fn, arg);
		walk(p->kids[0], lbuf, fn, arg);
		return;
	}
	for (size_t i = 0; i < p->nkids; i++)
		walk(p->kids[i], list, fn, arg);
}

void
pred_walk_facts(const struct pred *p, void (*fn)(const char *, void *), void *arg)
{
	walk(p, NULL, fn, arg);
}

/* Resolves a path: relative ones against the innermost for_each item. */
static json_t *
resolve(struct pred_ctx *ctx, const char *path, json_t **record)
{
	*record = NULL;
	if (path[0] == '.') {
		json_t *v;
		char part[256];
		const char *s = path + 1;

		if (ctx->nitems == 0)
			return NULL;
		v = ctx->items[ctx->nitems - 1];
		while (v != NULL && *s) {
			const char *dot = strchr(s, '.');
			size_t n = dot ? (size_t)(dot - s) : strlen(s);

			if (n >= sizeof(part))
				return NULL;
			memcpy(part, s, n);
			part[n] = '\0';
			v = json_is_object(v) ? json_object_get(v, part) :
			    json_is_array(v) ? json_array_get(v, strtoul(part, NULL, 10)) : NULL;
			s += n + (dot ? 1 : 0);
		}
		return v;
	}
	return fact_lookup(ctx->facts, path, record);
}

/* Copies the record's input and location (shared, not copied) into ev. */
static void
set_provenance(json_t *ev, json_t *record)
{
	json_t *v;

	if (record == NULL)
		return;
	if ((v = json_object_get(record, "input")) != NULL)
		json_object_set_nocheck(ev, "input", v);
	if ((v = json_object_get(record, "loc")) != NULL)
		json_object_set_nocheck(ev, "loc", v);
}

static void
add_evidence(struct pred_ctx *ctx, const struct pred *p, json_t *value,
    json_t *record, enum tri result)
{
	json_t *ev, *fact, *test_s, *result_s;
	char test[256] = "";
	char *vs;

	if (ctx->evidence == NULL || ctx->nitems > 0)
		return;		/* item-level evidence goes into for_each's list */
	if (p->value != NULL &&
	    (vs = json_dumps(p->value, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		snprintf(test, sizeof(test), "%s %s", op_names[p->op], vs);
		free(vs);
	} else if (p->pattern != NULL) {
		snprintf(test, sizeof(test), "matches /%s/", p->pattern);
	} else {
		snprintf(test, sizeof(test), "%s", op_names[p->op]);
	}
	fact = json_string(p->fact);
	test_s = json_string(test);	/* NULL when the cut split a UTF-8 character */
	result_s = json_string(tri_name(result));
	if (fact == NULL || test_s == NULL || result_s == NULL || (ev = json_object()) == NULL) {
		json_decref(fact);
		json_decref(test_s);
		json_decref(result_s);
		return;
	}
	json_object_set_new_nocheck(ev, "fact", fact);
	json_object_set_new_nocheck(ev, "found", json_boolean(value != NULL));
	set_provenance(ev, record);
	json_object_set_new_nocheck(ev, "result", result_s);
	json_object_set_new_nocheck(ev, "test", test_s);
	/* A list or object is named, not copied: `exists: esp.images` must not
	 * put every image into every rule's evidence. */
	if (json_is_array(value) && json_array_size(value) > 4)
		json_object_set_new_nocheck(ev, "value", json_sprintf("(list of %zu items)",
		    json_array_size(value)));
	else if (json_is_object(value) && json_object_size(value) > 8)
		json_object_set_new_nocheck(ev, "value", json_sprintf("(object with %zu fields)",
		    json_object_size(value)));
	else
		json_object_set_nocheck(ev, "value", value ? value : json_null());
	json_array_append_new(ctx->evidence, ev);
}

/* A missing fact by name; inside for_each a field of the items is named
 * through its list ("esp.images[].sbv2_valid"), so the reason says what
 * was not there. */
static void
note_missing(struct pred_ctx *ctx, const char *path)
{
	char full[512];
	size_t i, at = 0;
	json_t *v;

	if (ctx->missing == NULL)
		return;
	if (path[0] == '.' && ctx->nitems > 0) {
		for (int k = 0; k < ctx->nitems; k++) {
			const char *l = ctx->lists[k] != NULL ? ctx->lists[k] : "?";
			int n;

			if (l[0] != '.')
				at = 0;		/* an absolute list starts the name again */
			n = snprintf(full + at, sizeof(full) - at, "%s[]", l);
			if (n < 0 || (size_t)n >= sizeof(full) - at)
				return;
			at += (size_t)n;
		}
		if ((size_t)snprintf(full + at, sizeof(full) - at, "%s", path) >=
		    sizeof(full) - at)
			return;
		path = full;
	}
	json_array_foreach(ctx->missing, i, v)
		if (strcmp(json_string_value(v), path) == 0)
			return;
	json_array_append_new(ctx->missing, json_string(path));
}

static void
note_why(struct pred_ctx *ctx, const char *text)
{
	size_t i;
	json_t *v;

	if (ctx->why == NULL || text == NULL || *text == '\0')
		return;
	json_array_foreach(ctx->why, i, v)
		if (strcmp(json_string_value(v), text) == 0)
			return;
	json_array_append_new(ctx->why, json_string(text));
}

/* Whether any input gave facts of the path's family (its first name:
 * "sdkconfig" for sdkconfig.CONFIG_X). Without any, `exists` cannot say
 * the fact is absent: nothing was read that could have shown it. */
static bool
family_present(const struct facts *f, const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	const char *key;
	json_t *v;

	json_object_foreach(f->map, key, v)
		if (strncmp(key, path, n) == 0 && (key[n] == '.' || key[n] == '\0'))
			return true;
	return false;
}

/* An integer against a real, exactly: through a double the integer would
 * round above 2^53 (9007199254740993 would equal 9007199254740992). */
static int
compare_int_real(json_int_t i, double d, int *cmp)
{
	double whole;
	json_int_t k;

	if (isnan(d))
		return -1;
	if (d >= 9223372036854775808.0) {	/* 2^63: above every int64 */
		*cmp = -1;
		return 0;
	}
	if (d < -9223372036854775808.0) {
		*cmp = 1;
		return 0;
	}
	whole = floor(d);
	k = (json_int_t)whole;		/* exact: whole is an integer in range */
	if (i != k)
		*cmp = i < k ? -1 : 1;
	else
		*cmp = d > whole ? -1 : 0;
	return 0;
}

/* Numbers compare exactly (integers as 64-bit integers, never through a
 * double), strings as strings (ISO dates order right). */
static int
compare(json_t *a, json_t *b, int *cmp)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

		*cmp = x < y ? -1 : x > y;
		return 0;
	}
	if (json_is_integer(a) && json_is_real(b))
		return compare_int_real(json_integer_value(a), json_real_value(b), cmp);
	if (json_is_real(a) && json_is_integer(b)) {
		if (compare_int_real(json_integer_value(b), json_real_value(a), cmp) != 0)
			return -1;
		*cmp = -*cmp;
		return 0;
	}
	if (json_is_real(a) && json_is_real(b)) {
		double x = json_real_value(a), y = json_real_value(b);

		*cmp = x < y ? -1 : x > y;
		return 0;
	}
	if (json_is_string(a) && json_is_string(b)) {
		*cmp = strcmp(json_string_value(a), json_string_value(b));
		return 0;
	}
	if (json_is_boolean(a) && json_is_boolean(b)) {
		*cmp = (int)json_is_true(a) - (int)json_is_true(b);
		return 0;
	}
	return -1;
}

static int
values_equal(json_t *a, json_t *b)
{
	int cmp;

	if (json_is_number(a) && json_is_number(b))
		return compare(a, b, &cmp) == 0 && cmp == 0;
	return json_equal(a, b);
}

static int
in_list(json_t *v, json_t *list)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (values_equal(v, x))
			return 1;
	return 0;
}

/* A short name for a list item in evidence: its label/name/id if it has
 * one, and where it is and what it shows (offset, masked value) if known.
 * Members stay in this order: reports print the object as it is. */
static json_t *
item_name(json_t *item, size_t index)
{
	const char *const *keys = fact_item_name_keys;
	static const char *const extra[] = { "offset", "masked", "severity", "component",
	    "reason", NULL };
	json_t *o = json_object();

	json_object_set_new_nocheck(o, "index", json_integer((json_int_t)index));
	/* Items of one list can come from several inputs (two units compared):
	 * each names its own. */
	if (json_is_integer(json_object_get(item, "input")))
		json_object_set_nocheck(o, "input", json_object_get(item, "input"));
	for (int i = 0; keys[i] != NULL; i++) {
		json_t *v = json_object_get(item, keys[i]);

		if (json_is_string(v) || json_is_integer(v)) {
			json_object_set_nocheck(o, keys[i], v);
			break;
		}
	}
	for (int i = 0; extra[i] != NULL; i++) {
		json_t *v = json_object_get(item, extra[i]);

		if (json_is_string(v) || json_is_integer(v))
			json_object_set_nocheck(o, extra[i], v);
	}
	return o;
}

/* An item the test could not decide that gives a reason of its own
 * ("truncated at ...") names itself with it among the missing evidence. */
static void
note_unknown_item(struct pred_ctx *ctx, const char *fact, json_t *item, size_t index)
{
	static const char *const keys[] = { "label", "name", "id", NULL };
	const char *label = NULL, *why = json_string_value(json_object_get(item, "reason"));
	char buf[640];

	/* Without a reason of its own, the field it lacks is named already. */
	if (ctx->missing == NULL || ctx->nitems > 0 || why == NULL)
		return;
	for (int i = 0; keys[i] != NULL && label == NULL; i++)
		label = json_string_value(json_object_get(item, keys[i]));
	snprintf(buf, sizeof(buf), "%s[%zu]%s%s: %s", fact, index, label ? " " : "",
	    label ? label : "", why);
	note_missing(ctx, buf);
}

/* The for_each evidence's provenance: the input its checked items came
 * from when they name one (not the list's first contributor: --compare
 * puts both units' images in one list), every such input when several. */
static void
set_items_provenance(json_t *ev, json_t *record, json_t *inputs)
{
	json_t *rin = json_object_get(record, "input");

	if (json_array_size(inputs) == 0 || (json_array_size(inputs) == 1 &&
	    json_equal(json_array_get(inputs, 0), rin))) {
		set_provenance(ev, record);
		return;
	}
	if (json_array_size(inputs) == 1)
		json_object_set_nocheck(ev, "input", json_array_get(inputs, 0));
	else
		json_object_set_nocheck(ev, "inputs", inputs);
}

/* Adds item's input to the sorted set inputs. */
static void
note_item_input(json_t *inputs, json_t *item)
{
	json_t *in = json_object_get(item, "input"), *v;
	size_t i;

	if (inputs == NULL || !json_is_integer(in))
		return;
	json_array_foreach(inputs, i, v) {
		if (json_integer_value(v) == json_integer_value(in))
			return;
		if (json_integer_value(v) > json_integer_value(in)) {
			json_array_insert(inputs, i, in);
			return;
		}
	}
	json_array_append(inputs, in);
}

static enum tri
eval_for_each(const struct pred *p, struct pred_ctx *ctx)
{
	json_t *record, *list = resolve(ctx, p->fact, &record);
	json_t *failing = NULL, *inputs = NULL;
	enum tri result = T_TRUE;
	size_t i, checked = 0, nfail = 0, nunknown = 0;
	json_t *item;

	if (list == NULL || json_is_null(list)) {
		note_missing(ctx, p->fact);
		add_evidence(ctx, p, NULL, NULL, T_UNKNOWN);
		return T_UNKNOWN;
	}
	if (!json_is_array(list)) {
		add_evidence(ctx, p, list, record, T_FALSE);
		return T_FALSE;
	}
	if (ctx->nitems == (int)(sizeof(ctx->items) / sizeof(ctx->items[0])))
		return T_UNKNOWN;
	failing = json_array();
	if (ctx->evidence != NULL && ctx->nitems == 0)
		inputs = json_array();
	json_array_foreach(list, i, item) {
		enum tri r, w = T_TRUE;

		ctx->lists[ctx->nitems] = p->fact;
		ctx->items[ctx->nitems++] = item;
		if (p->where != NULL && (w = pred_eval(p->where, ctx)) == T_FALSE) {
			ctx->nitems--;
			continue;
		}
		/* An item whose `where` is unknown may or may not be one to
		 * check: it holds if it meets the requirement anyway, else
		 * the answer is unknown (Kleene: not where, or require). */
		checked += w == T_TRUE;
		note_item_input(inputs, item);
		r = pred_eval(p->kids[0], ctx);
		ctx->nitems--;
		if (w == T_UNKNOWN && r != T_TRUE)
			r = T_UNKNOWN;
		if (r == T_FALSE) {
			result = T_FALSE;
			if (nfail++ < MAX_FAILING_ITEMS)
				json_array_append_new(failing, item_name(item, i));
		} else if (r == T_UNKNOWN) {
			nunknown++;
			if (result == T_TRUE)
				result = T_UNKNOWN;
			note_unknown_item(ctx, p->fact, item, i);
		}
	}
	if (ctx->evidence != NULL && ctx->nitems == 0) {
		json_t *fact = json_string(p->fact), *ev;

		if (fact != NULL && (ev = json_object()) != NULL) {
			json_object_set_new_nocheck(ev, "fact", fact);
			json_object_set_new_nocheck(ev, "failed", json_integer((json_int_t)nfail));
			json_object_set_new_nocheck(ev, "failing", failing);
			set_items_provenance(ev, record, inputs);
			json_object_set_new_nocheck(ev, "items", json_integer((json_int_t)checked));
			json_object_set_new_nocheck(ev, "result",
			    json_string(tri_name(result)));
			json_object_set_new_nocheck(ev, "test", json_string("for_each"));
			/* Items a field was missing from: neither matching nor not. */
			if (nunknown > 0)
				json_object_set_new_nocheck(ev, "unknown",
				    json_integer((json_int_t)nunknown));
			json_array_append_new(ctx->evidence, ev);
			failing = NULL;
		} else {
			json_decref(fact);
		}
	}
	json_decref(failing);
	json_decref(inputs);
	return result;
}

/* Evidence gathered under a `not` counts the other way: a for_each whose
 * items do not match is what `not: for_each` looks for. The record says so
 * ("negated": true; twice negated is plain again), so that a report reads
 * it the way the rule does instead of guessing from the verdict. */
static void
mark_negated(json_t *evidence, size_t from)
{
	for (size_t i = from; i < json_array_size(evidence); i++) {
		json_t *ev = json_array_get(evidence, i);

		if (json_object_get(ev, "negated") != NULL)
			json_object_del(ev, "negated");
		else
			json_object_set_new_nocheck(ev, "negated", json_true());
	}
}

enum tri
pred_eval(const struct pred *p, struct pred_ctx *ctx)
{
	json_t *record = NULL, *v;
	enum tri r, acc;
	int cmp;

	switch (p->op) {
	case P_ALL:
		acc = T_TRUE;
		for (size_t i = 0; i < p->nkids; i++) {
			r = pred_eval(p->kids[i], ctx);
			if (r == T_FALSE)
				acc = T_FALSE;
			else if (r == T_UNKNOWN && acc == T_TRUE)
				acc = T_UNKNOWN;
		}
		return acc;
	case P_ANY:
		acc = T_FALSE;
		for (size_t i = 0; i < p->nkids; i++) {
			r = pred_eval(p->kids[i], ctx);
			if (r == T_TRUE)
				acc = T_TRUE;
			else if (r == T_UNKNOWN && acc == T_FALSE)
				acc = T_UNKNOWN;
		}
		return acc;
	case P_NOT: {
		size_t from = json_array_size(ctx->evidence);

		r = pred_eval(p->kids[0], ctx);
		mark_negated(ctx->evidence, from);
		return r == T_UNKNOWN ? T_UNKNOWN : r == T_TRUE ? T_FALSE : T_TRUE;
	}
	case P_FOR_EACH:
		return eval_for_each(p, ctx);
	case P_UNREADABLE_IF: {
		/* True only when the condition is known false: evidence that
		 * is ciphertext (or might be) cannot be judged either way. */
		const struct pred *k = p->kids[0];
		char what[300];

		if ((r = pred_eval(k, ctx)) == T_FALSE)
			return T_TRUE;
		while (k->fact == NULL && k->nkids > 0)
			k = k->kids[0];
		snprintf(what, sizeof(what), "unreadable: %s", k->fact ? k->fact : "?");
		note_missing(ctx, what);
		ctx->unreadable = true;
		return T_UNKNOWN;
	}
	default:
		break;
	}
	v = resolve(ctx, p->fact, &record);
	if (v != NULL && json_is_null(v))
		v = NULL;
	if (p->op == P_EXISTS) {
		r = v != NULL ? T_TRUE : p->fact[0] == '.' || family_present(ctx->facts,
		    p->fact) ? T_FALSE : T_UNKNOWN;
		if (r == T_UNKNOWN)
			note_missing(ctx, p->fact);
		add_evidence(ctx, p, v, record, r);
		return r;
	}
	if (v == NULL) {
		note_missing(ctx, p->fact);
		/* A fact stored as null says why in its excerpt. */
		if (record != NULL && ctx->nitems == 0)
			note_why(ctx, json_string_value(json_object_get(
			    json_object_get(record, "loc"), "excerpt")));
		add_evidence(ctx, p, NULL, NULL, T_UNKNOWN);
		return T_UNKNOWN;
	}
	switch (p->op) {
	case P_EQUALS:
		r = values_equal(v, p->value) ? T_TRUE : T_FALSE;
		break;
	case P_IN:
		r = in_list(v, p->value) ? T_TRUE : T_FALSE;
		break;
	case P_AT_LEAST:
		r = compare(v, p->value, &cmp) == 0 && cmp >= 0 ? T_TRUE : T_FALSE;
		break;
	case P_AT_MOST:
		r = compare(v, p->value, &cmp) == 0 && cmp <= 0 ? T_TRUE : T_FALSE;
		break;
	case P_MATCHES: {
		int rc;

		errno = 0;
		rc = json_is_string(v) ? regexec(&p->re, json_string_value(v), 0, NULL, 0) :
		    REG_NOMATCH;
		/* The matcher out of memory says nothing of the value (and the
		 * run is incomplete: util/oom.h). glibc's regexec may report it
		 * as REG_ESPACE or as no match, with errno ENOMEM. */
		if (rc != 0 && (rc != REG_NOMATCH || errno == ENOMEM)) {
			oom_note();
			rc = REG_ESPACE;
		}
		r = rc == 0 ? T_TRUE : rc == REG_NOMATCH ? T_FALSE : T_UNKNOWN;
		break;
	}
	case P_SUBSET_OF:
	case P_NONE_OF: {
		size_t i, hits = 0, n = json_is_array(v) ? json_array_size(v) : 1;
		json_t *x;

		if (json_is_array(v)) {
			json_array_foreach(v, i, x)
				hits += (size_t)in_list(x, p->value);
		} else {
			hits = (size_t)in_list(v, p->value);
		}
		r = p->op == P_SUBSET_OF ? (hits == n ? T_TRUE : T_FALSE) :
		    (hits == 0 ? T_TRUE : T_FALSE);
		break;
	}
	default:
		r = T_UNKNOWN;
		break;
	}
	add_evidence(ctx, p, v, record, r);
	return r;
}
