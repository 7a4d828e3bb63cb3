#include "core/ytree.h"

#include "core/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_FILE (16u << 20)

static struct ynode *
ynode_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n = calloc(1, sizeof(*n));

	if (n != NULL) {
		n->type = type;
		n->line = (unsigned)m->line + 1;
		n->col = (unsigned)m->column + 1;
	}
	return n;
}

void
ytree_free(struct ynode *n)
{
	if (n == NULL)
		return;
	free(n->str);
	for (size_t i = 0; i < (n->type == Y_MAP ? 2 * n->n + n->pending : n->n); i++)
		ytree_free(n->items[i]);
	free(n->items);
	free(n);
}

/* Appends to items[]; a map's pending key is counted by `pending`. */
static int
ynode_push(struct ynode *parent, struct ynode *child)
{
	size_t used = parent->type == Y_MAP ? 2 * parent->n + parent->pending : parent->n;
	struct ynode **items = realloc(parent->items, (used + 1) * sizeof(*items));

	if (items == NULL)
		return -1;
	parent->items = items;
	items[used] = child;
	return 0;
}

struct builder {
	const char *name;
	struct fw_err *err;
	struct ynode *stack[YTREE_MAX_DEPTH];
	int depth;
	struct ynode *root;
};

/* Attaches a finished node to the container on top of the stack. */
static int
attach(struct builder *b, struct ynode *n)
{
	struct ynode *top;

	if (b->depth == 0) {
		if (b->root == NULL)
			b->root = n;
		else
			ytree_free(n);
		return 0;
	}
	top = b->stack[b->depth - 1];
	if (top->type == Y_SEQ) {
		if (ynode_push(top, n) != 0) {
			ytree_free(n);
			return -1;
		}
		top->n++;
		return 0;
	}
	if (!top->pending) {
		if (n->type != Y_SCALAR) {
			err_set_line(b->err, b->name, n->line, n->col,
			    "a mapping key must be a plain scalar");
			ytree_free(n);
			return -1;
		}
		for (size_t i = 0; i < top->n; i++)
			if (strcmp(top->items[2 * i]->str, n->str) == 0) {
				err_set_line(b->err, b->name, n->line, n->col,
				    "duplicate key '%s' (first at line %u)", n->str,
				    top->items[2 * i]->line);
				ytree_free(n);
				return -1;
			}
	}
	if (ynode_push(top, n) != 0) {
		ytree_free(n);
		return -1;
	}
	if (top->pending) {
		top->n++;
		top->pending = 0;
	} else {
		top->pending = 1;
	}
	return 0;
}

static struct ynode *
ytree_parse(yaml_parser_t *p, const char *name, struct fw_err *err)
{
	struct builder b = { .name = name, .err = err };
	yaml_event_t ev;
	int done = 0, failed = 0;

	while (!done && !failed) {
		struct ynode *n;

		if (!yaml_parser_parse(p, &ev)) {
			err_set_line(err, name, (unsigned)p->problem_mark.line + 1,
			    (unsigned)p->problem_mark.column + 1, "YAML: %s%s%s",
			    p->problem ? p->problem : "parse error",
			    p->context ? " " : "", p->context ? p->context : "");
			failed = 1;
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			n = ynode_new(Y_SCALAR, &ev.start_mark);
			if (n == NULL || (n->str = strndup((char *)ev.data.scalar.value,
			    ev.data.scalar.length)) == NULL) {
				ytree_free(n);
				failed = 1;
				break;
			}
			n->quoted = ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			    ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
			if (attach(&b, n) != 0)
				failed = 1;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth == YTREE_MAX_DEPTH) {
				err_set_line(err, name, (unsigned)ev.start_mark.line + 1,
				    (unsigned)ev.start_mark.column + 1,
				    "nested deeper than %d levels", YTREE_MAX_DEPTH);
				failed = 1;
				break;
			}
			n = ynode_new(ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
			    &ev.start_mark);
			if (n == NULL) {
				failed = 1;
				break;
			}
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			n = b.stack[--b.depth];
			if (attach(&b, n) != 0)
				failed = 1;
			break;
		case YAML_ALIAS_EVENT:
			err_set_line(err, name, (unsigned)ev.start_mark.line + 1,
			    (unsigned)ev.start_mark.column + 1,
			    "YAML aliases are not supported here");
			failed = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	while (b.depth > 0)
		ytree_free(b.stack[--b.depth]);
	if (failed) {
		if (err != NULL && err->msg[0] == '\0')
			err_set(err, name, ERR_NO_OFFSET, "out of memory reading YAML");
		ytree_free(b.root);
		return NULL;
	}
	if (b.root == NULL)
		err_set(err, name, ERR_NO_OFFSET, "empty YAML document");
	return b.root;
}

struct ynode *
ytree_load_string(const char *name, const char *text, size_t len,
    struct fw_err *err)
{
	yaml_parser_t p;
	struct ynode *root;

	if (err != NULL)
		err->msg[0] = '\0';
	if (memchr(text, '\0', len) != NULL) {
		err_set(err, name, (size_t)((const char *)memchr(text, '\0', len) - text),
		    "NUL byte: expected YAML text");
		return NULL;
	}
	if (!yaml_parser_initialize(&p)) {
		err_set(err, name, ERR_NO_OFFSET, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	root = ytree_parse(&p, name, err);
	yaml_parser_delete(&p);
	return root;
}

struct ynode *
ytree_load_file(const char *path, struct fw_err *err)
{
	struct ynode *root;
	char *buf;
	size_t len;

	if (file_read(path, YTREE_MAX_FILE, &buf, &len, err) != 0)
		return NULL;
	root = ytree_load_string(path, buf, len, err);
	free(buf);
	return root;
}

struct ynode *
ymap_get(const struct ynode *n, const char *key)
{
	if (n == NULL || n->type != Y_MAP)
		return NULL;
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->items[2 * i]->str, key) == 0)
			return n->items[2 * i + 1];
	return NULL;
}

const char *
yscalar(const struct ynode *n)
{
	return n != NULL && n->type == Y_SCALAR ? n->str : NULL;
}

const char *
ytype_name(const struct ynode *n)
{
	if (n == NULL)
		return "nothing";
	return n->type == Y_SCALAR ? "a scalar" : n->type == Y_SEQ ? "a list" : "a mapping";
}

json_t *
ytree_to_json(const struct ynode *n)
{
	json_t *out;

	switch (n->type) {
	case Y_SCALAR:
		if (!n->quoted) {
			const char *s = n->str;
			char *end;
			long long v;

			if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "True"))
				return json_true();
			if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "False"))
				return json_false();
			if (!strcmp(s, "null") || !strcmp(s, "~"))
				return json_null();
			if (*s != '\0') {
				errno = 0;
				v = strtoll(s, &end, 0);
				if (*end == '\0' && errno == 0 &&
				    !(s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
					return json_integer((json_int_t)v);
			}
		}
		return json_string(n->str);
	case Y_SEQ:
		out = json_array();
		for (size_t i = 0; out != NULL && i < n->n; i++)
			json_array_append_new(out, ytree_to_json(n->items[i]));
		return out;
	case Y_MAP:
		out = json_object();
		for (size_t i = 0; out != NULL && i < n->n; i++)
			json_object_set_new(out, n->items[2 * i]->str,
			    ytree_to_json(n->items[2 * i + 1]));
		return out;
	}
	return NULL;
}
