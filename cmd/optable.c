#include "cmd/optable.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/help_markup.h"

const struct opt_row help_opt_rows[] = {
	OPT_HEADING("help"),
	{ "help", OPT_HELP, NULL, "Print this help and exit.", NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};

static bool
row_end(const struct opt_row *r)
{
	return r->name == NULL && r->heading == NULL;
}

bool
opt_row_value(const struct opt_row *row, size_t i, struct opt_value *out)
{
	if (row->value_at != NULL)
		return row->value_at(i, out);
	if (row->values == NULL)
		return false;
	for (size_t k = 0; k <= i; k++)
		if (row->values[k].name == NULL)
			return false;
	*out = row->values[i];
	return true;
}

bool
opt_row_accepts(const struct opt_row *row, const char *s)
{
	struct opt_value v;

	if (!opt_row_value(row, 0, &v))
		return true;
	for (size_t i = 0; opt_row_value(row, i, &v); i++)
		if (strcmp(v.name, s) == 0)
			return true;
	return false;
}

void
opt_row_values_text(const struct opt_row *row, char *buf, size_t len)
{
	struct opt_value v;
	size_t n = 0, used = 0;

	while (opt_row_value(row, n, &v))
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n && opt_row_value(row, i, &v); i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " or " : ", ", v.name);

		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

int
opt_row_check(const struct opt_row *row, const char *v)
{
	char list[128];

	if (opt_row_accepts(row, v))
		return 0;
	opt_row_values_text(row, list, sizeof(list));
	die(FWAUDIT_EXIT_USAGE, "--%s takes %s, not '%s'", row->name, list, v);
	return -1;
}

char *
opt_row_help(const struct opt_row *r)
{
	char *s;

	if (r->dflt == NULL)
		return strdup(r->help);
	return asprintf(&s, "%s Default: %s.", r->help, r->dflt) < 0 ? NULL : s;
}

const struct opt_row *
cmd_doc_row(const struct cmd_doc *doc, int id)
{
	for (size_t t = 0; doc->opts != NULL && doc->opts[t] != NULL; t++)
		for (const struct opt_row *r = doc->opts[t]; !row_end(r); r++)
			if (r->name != NULL && r->id == id)
				return r;
	return NULL;
}

const struct cmd_doc *
cmd_doc_sub(const struct cmd_doc *doc, const char *name)
{
	size_t n = strlen(doc->name);

	for (size_t i = 0; doc->subs != NULL && doc->subs[i] != NULL; i++) {
		const char *s = doc->subs[i]->name;

		/* "rules show": the word after the parent's name */
		if (strncmp(s, doc->name, n) == 0 && s[n] == ' ' && strcmp(s + n + 1, name) == 0)
			return doc->subs[i];
	}
	return NULL;
}

void
opt_parser_init(struct opt_parser *p, const struct cmd_doc *doc)
{
	size_t n = 0, s = 0;

	memset(p, 0, sizeof(*p));
	p->doc = doc;
	for (size_t t = 0; doc->opts != NULL && doc->opts[t] != NULL; t++) {
		for (const struct opt_row *r = doc->opts[t]; !row_end(r); r++) {
			if (r->name == NULL)
				continue;
			if (n == OPT_PARSER_MAX)
				abort();	/* a table bigger than the parser: raise OPT_PARSER_MAX */
			p->longopts[n++] = (struct option){ r->name,
			    r->arg ? required_argument : no_argument, NULL, r->id };
			if (r->id < 128 && isalpha(r->id)) {
				p->shortopts[s++] = (char)r->id;
				if (r->arg)
					p->shortopts[s++] = ':';
			}
		}
	}
	/* No '+' first: GNU permutation lets options follow operands, as they
	 * always could ("rules show ID --rules DIR"). */
	p->shortopts[s] = '\0';
}

int
opt_next(struct opt_parser *p, int argc, char **argv, int *status)
{
	int opt = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);

	if (opt == OPT_HELP) {
		cmd_help_text(p->doc, stdout);
		*status = FWAUDIT_EXIT_CLEAN;
		return OPT_STOP;
	}
	if (opt == '?' || opt == ':') {
		cmd_usage_text(p->doc, stderr);
		*status = FWAUDIT_EXIT_USAGE;
		return OPT_STOP;
	}
	return opt;
}

const struct cmd_doc *
cmd_sub_select(const struct cmd_doc *doc, int *argc, char ***argv, int *status)
{
	const struct cmd_doc *sub = *argc >= 2 ? cmd_doc_sub(doc, (*argv)[1]) : NULL;

	if (sub != NULL) {
		(*argc)--;
		(*argv)++;
		return sub;
	}
	if (*argc >= 2 && (*argv)[1][0] == '-') {
		struct opt_parser p;

		opt_parser_init(&p, doc);
		optind = 1;
		if (opt_next(&p, *argc, *argv, status) == OPT_STOP)
			return NULL;
	}
	if (*argc >= 2)
		fprintf(stderr, "fwaudit: no command 'fwaudit %s %s'\n", doc->name, (*argv)[1]);
	cmd_usage_text(doc, stderr);
	*status = FWAUDIT_EXIT_USAGE;
	return NULL;
}

/* Text help, wrapped at this width. */
#define WIDTH 79
#define OPT_COL 25

static void
indent_to(FILE *fp, int col)
{
	for (int i = 0; i < col; i++)
		fputc(' ', fp);
}

/* Prints plain text from column col, wrapping to indent; paragraphs (a
 * blank line) stay apart. Ends with a newline. */
static void
wrap(FILE *fp, const char *s, int col, int indent)
{
	while (*s != '\0') {
		size_t w = strcspn(s, " \n");

		if (col > indent && col + 1 + (int)w > WIDTH) {
			fputc('\n', fp);
			indent_to(fp, indent);
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fwrite(s, 1, w, fp);
		col += (int)w;
		s += w;
		if (s[0] == '\n' && s[1] == '\n') {
			fputs("\n\n", fp);
			indent_to(fp, indent);
			col = indent;
		}
		while (*s == ' ' || *s == '\n')
			s++;
	}
	fputc('\n', fp);
}

static void
wrap_markup(FILE *fp, const char *s, int col, int indent)
{
	char *t = markup_plain(s);

	wrap(fp, t ? t : s, col, indent);
	free(t);
}

void
cmd_usage_text(const struct cmd_doc *doc, FILE *fp)
{
	for (size_t i = 0; doc->usage[i] != NULL; i++)
		fprintf(fp, "%s fwaudit %s\n", i == 0 ? "usage:" : "      ", doc->usage[i]);
	fprintf(fp, "'fwaudit help %s' describes every option.\n", doc->name);
}

void
opt_row_label(const struct opt_row *r, char *buf, size_t len)
{
	char letter[8] = "";

	if (r->id < 128 && isalpha(r->id))
		snprintf(letter, sizeof(letter), "-%c, ", r->id);
	snprintf(buf, len, "%s--%s%s%s", letter, r->name, r->arg ? " " : "",
	    r->arg ? r->arg : "");
}

static void
option_text(const struct opt_row *r, FILE *fp)
{
	char label[80], *help, *plain = NULL;
	struct opt_value v;
	size_t width = 0;
	int col;

	opt_row_label(r, label, sizeof(label));
	col = fprintf(fp, "  %s", label);
	if (col + 2 > OPT_COL) {
		fputc('\n', fp);
		col = 0;
	}
	indent_to(fp, OPT_COL - col);
	if ((help = opt_row_help(r)) != NULL)
		plain = markup_plain(help);
	wrap(fp, plain ? plain : r->help, OPT_COL, OPT_COL);
	free(plain);
	free(help);
	for (size_t i = 0; opt_row_value(r, i, &v); i++)
		width = strlen(v.name) > width ? strlen(v.name) : width;
	for (size_t i = 0; opt_row_value(r, i, &v); i++) {
		indent_to(fp, OPT_COL + 2);
		fprintf(fp, "%-*s  ", (int)width, v.name);
		wrap_markup(fp, v.what, OPT_COL + 4 + (int)width, OPT_COL + 4 + (int)width);
	}
}

/* The options in tables under title (or their own headings); a
 * subcommand's (sub) without -h, which its parent's help has already. */
static void
options_text(const struct opt_row *const *tables, const char *title, bool sub, FILE *fp)
{
	bool titled = false;

	for (size_t t = 0; tables != NULL && tables[t] != NULL; t++) {
		if (sub && tables[t] == help_opt_rows)
			continue;
		for (const struct opt_row *r = tables[t]; !row_end(r); r++) {
			if (r->name == NULL) {
				fprintf(fp, "\n%s:\n", r->heading);
				titled = true;
				continue;
			}
			if (!titled)
				fprintf(fp, "\n%s:\n", title);
			titled = true;
			option_text(r, fp);
		}
	}
}

void
cmd_help_text(const struct cmd_doc *doc, FILE *fp)
{
	for (size_t i = 0; doc->usage[i] != NULL; i++)
		fprintf(fp, "%s fwaudit %s\n", i == 0 ? "usage:" : "      ", doc->usage[i]);
	fputc('\n', fp);
	wrap_markup(fp, doc->description ? doc->description : doc->summary, 0, 0);
	if (doc->subs != NULL) {
		fprintf(fp, "\ncommands:\n");
		for (size_t i = 0; doc->subs[i] != NULL; i++) {
			int col = fprintf(fp, "  %s", doc->subs[i]->name);

			indent_to(fp, col + 2 > OPT_COL ? 1 : OPT_COL - col);
			wrap_markup(fp, doc->subs[i]->summary, col + 2 > OPT_COL ? col + 1 :
			    OPT_COL, OPT_COL);
		}
		for (size_t i = 0; doc->subs[i] != NULL; i++) {
			char title[96];

			snprintf(title, sizeof(title), "options of %s", doc->subs[i]->name);
			options_text(doc->subs[i]->opts, title, true, fp);
		}
	}
	options_text(doc->opts, "options", false, fp);
}
