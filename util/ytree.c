#include "util/ytree.h"

#include "util/fileio.h"
#include "util/oom.h"

#include <errno.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_FILE (16u << 20)
#define YTREE_CHUNK_MIN 16384

/* Every node, string and item array of one document lives in a chain of
 * chunks that the root owns: a rules file is thousands of small pieces, and
 * a malloc for each (and a realloc per item) cost two thirds as much again
 * as libyaml's parsing. */
struct ychunk {
	struct ychunk *next;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

static void *
arena_alloc(struct ychunk **head, size_t size)
{
	struct ychunk *c = *head;
	void *p;

	size = (size + alignof(struct ynode) - 1) & ~(alignof(struct ynode) - 1);
	if (c == NULL || c->cap - c->used < size) {
		size_t cap = c != NULL ? 2 * c->cap : YTREE_CHUNK_MIN;

		if (cap < size)
			cap = size;
		if ((c = malloc(sizeof(*c) + cap)) == NULL) {
			oom_note();
			return NULL;
		}
		c->next = *head;
		c->used = 0;
		c->cap = cap;
		*head = c;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

static void
arena_free(struct ychunk *c)
{
	while (c != NULL) {
		struct ychunk *next = c->next;

		free(c);
		c = next;
	}
}

void
ytree_free(struct ynode *root)
{
	if (root != NULL)
		arena_free(root->arena);
}

struct builder {
	const char *name;
	struct fw_err *err;
	struct ychunk *arena;
	struct ynode *stack[YTREE_MAX_DEPTH];
	size_t first[YTREE_MAX_DEPTH];	/* where each open container's items start in kids */
	int depth;
	struct ynode **kids;		/* items of every open container, innermost last */
	size_t nkids, capkids;
	struct ynode *root;
};

static struct ynode *
node_new(struct builder *b, enum ynode_type type, const yaml_mark_t *m, size_t extra)
{
	struct ynode *n = arena_alloc(&b->arena, sizeof(*n) + extra);

	if (n != NULL) {
		memset(n, 0, sizeof(*n));
		n->type = type;
		n->line = (unsigned)m->line + 1;
		n->col = (unsigned)m->column + 1;
	}
	return n;
}

/* Attaches a finished node to the container on top of the stack. */
static int
attach(struct builder *b, struct ynode *n)
{
	struct ynode *top;
	size_t first;

	if (b->depth == 0) {
		if (b->root == NULL)
			b->root = n;
		return 0;
	}
	top = b->stack[b->depth - 1];
	first = b->first[b->depth - 1];
	if (top->type == Y_MAP && (b->nkids - first) % 2 == 0) {
		if (n->type != Y_SCALAR)
			return err_set_line(b->err, b->name, n->line, n->col,
			    "a mapping key must be a plain scalar");
		for (size_t i = first; i < b->nkids; i += 2)
			if (strcmp(b->kids[i]->str, n->str) == 0)
				return err_set_line(b->err, b->name, n->line, n->col,
				    "duplicate key '%s' (first at line %u)", n->str,
				    b->kids[i]->line);
	}
	if (b->nkids == b->capkids) {
		size_t cap = b->capkids ? 2 * b->capkids : 256;
		struct ynode **kids = realloc(b->kids, cap * sizeof(*kids));

		if (kids == NULL)
			return -1;
		b->kids = kids;
		b->capkids = cap;
	}
	b->kids[b->nkids++] = n;
	return 0;
}

/* Closes the innermost container: its items move from kids to the arena. */
static int
close_container(struct builder *b)
{
	struct ynode *n = b->stack[--b->depth];
	size_t first = b->first[b->depth], count = b->nkids - first;

	if (count > 0) {
		if ((n->items = arena_alloc(&b->arena, count * sizeof(*n->items))) == NULL)
			return -1;
		memcpy(n->items, b->kids + first, count * sizeof(*n->items));
	}
	n->n = n->type == Y_MAP ? count / 2 : count;
	b->nkids = first;
	return attach(b, n);
}

static struct ynode *
ytree_parse(yaml_parser_t *p, const char *name, struct fw_err *err)
{
	struct builder b = { .name = name, .err = err };
	yaml_event_t ev;
	int done = 0, failed = 0;

	while (!done && !failed) {
		struct ynode *n;
		char *str;

		if (!yaml_parser_parse(p, &ev)) {
			if (p->error == YAML_MEMORY_ERROR)	/* not the file's fault */
				oom_note();
			err_set_line(err, name, (unsigned)p->problem_mark.line + 1,
			    (unsigned)p->problem_mark.column + 1, "YAML: %s%s%s",
			    p->problem ? p->problem : "parse error",
			    p->context ? " " : "", p->context ? p->context : "");
			failed = 1;
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			/* the text follows its node in the same allocation */
			n = node_new(&b, Y_SCALAR, &ev.start_mark, ev.data.scalar.length + 1);
			if (n == NULL) {
				failed = 1;
				break;
			}
			str = (char *)(n + 1);
			memcpy(str, ev.data.scalar.value, ev.data.scalar.length);
			str[ev.data.scalar.length] = '\0';
			n->str = str;
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
			n = node_new(&b, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
			    &ev.start_mark, 0);
			if (n == NULL) {
				failed = 1;
				break;
			}
			b.first[b.depth] = b.nkids;
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (close_container(&b) != 0)
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
	free(b.kids);
	if (failed || b.root == NULL) {
		if (failed && err != NULL && err->msg[0] == '\0')
			err_set(err, name, ERR_NO_OFFSET, "out of memory reading YAML");
		if (!failed)
			err_set(err, name, ERR_NO_OFFSET, "empty YAML document");
		arena_free(b.arena);
		return NULL;
	}
	b.root->arena = b.arena;
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
		oom_note();	/* libyaml's only failure there */
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
