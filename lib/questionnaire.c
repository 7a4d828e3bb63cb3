/* `fwaudit declarations init`: the vendor questionnaire. Every key is
 * written unanswered (~) unless a known fact fills it; `scan --declarations`
 * reads the file back, and an entry left at ~ counts as unanswered
 * (not_tested, listed in the report). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/facts.h"
#include "core/ruleset.h"
#include "lib/declaration_keys.h"
#include "lib/fwaudit_browse.h"
#include "lib/result.h"
#include "util/error.h"
#include "util/ytree.h"

struct writer {
	FILE *fp;
	const struct ynode *questions;	/* rules/data/questions.yaml */
	const struct facts *facts;	/* NULL without a fact tree */
	json_t *keys;			/* from declaration_keys() */
	json_t *done;			/* keys written */
};

static const char *
answer_text(const char *kind)
{
	static const char *const kinds[][2] = {
		{ "text", "free text: what, where, how" }, { "url", "an https:// URL" },
		{ "date", "a date, YYYY-MM-DD" }, { "bool", "true or false" },
		{ "ports", "a list such as [\"tcp/443\", \"udp/5353\"]" },
	};

	for (size_t i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i][0], kind) == 0)
			return kinds[i][1];
	return "free text";
}

/* The known facts of a question: comments, and the value to fill in (a
 * new reference) when one says so; NULL otherwise. */
static json_t *
known(const struct writer *w, const struct ynode *list, const char *indent, bool feature)
{
	json_t *fill = NULL;

	for (size_t i = 0; w->facts != NULL && list != NULL && list->type == Y_SEQ &&
	    i < list->n; i++) {
		const struct ynode *k = list->items[i], *want = ymap_get(k, "value");
		const char *fact = yscalar(ymap_get(k, "fact")), *f = yscalar(ymap_get(k, "fill"));
		json_t *v = fact != NULL ? fact_lookup(w->facts, fact, NULL) : NULL, *wv;
		char *text;
		bool match;

		if (v == NULL || json_is_null(v))
			continue;
		wv = want != NULL ? ytree_to_json(want) : NULL;
		match = wv == NULL || json_equal(wv, v);
		json_decref(wv);
		if (!match)
			continue;
		/* a list is named by its length: its items are in the report */
		text = json_is_array(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		if (json_is_array(v))
			fprintf(w->fp, "%s# known from the inputs: %s (%s: %zu items)\n", indent,
			    yscalar(ymap_get(k, "says")), fact, json_array_size(v));
		else
			fprintf(w->fp, "%s# known from the inputs: %s (%s = %.120s)\n", indent,
			    yscalar(ymap_get(k, "says")), fact, text != NULL ? text : "?");
		free(text);
		/* a feature shown present is true; only the vendor says false */
		if (fill == NULL && f != NULL && strcmp(f, "true") == 0)
			fill = feature || !json_is_string(v) ? json_true() : json_incref(v);
	}
	return fill;
}

static void
write_value(FILE *fp, const char *indent, const char *name, json_t *fill)
{
	char *text = fill != NULL ? json_dumps(fill, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	fprintf(fp, "%s%s: %s%s\n", indent, name, text != NULL ? text : "~",
	    text != NULL ? "   # filled in from the inputs: check it" : "");
	free(text);
}

static void
write_refs(FILE *fp, const char *indent, const json_t *refs)
{
	size_t i;
	json_t *r;

	if (json_array_size(refs) == 0)
		return;
	fprintf(fp, "%s# for:", indent);
	/* "PROFILE ID": the profile once, before its first provision */
	json_array_foreach(refs, i, r) {
		const char *s = json_string_value(r), *prev = i ? json_string_value(
		    json_array_get(refs, i - 1)) : NULL;
		size_t plen = strcspn(s, " ");
		bool same = prev != NULL && strncmp(prev, s, plen + 1) == 0;

		fprintf(fp, "%s %s", i ? "," : "", same ? s + plen + 1 : s);
	}
	fputc('\n', fp);
}

/* One entry: its question, the answer it takes, what needs it, what is known. */
static void
write_key(struct writer *w, const char *key, const char *indent)
{
	const struct ynode *q = ymap_get(ymap_get(w->questions, "keys"), key);
	const json_t *e = json_object_get(w->keys, key);
	const char *dot = strchr(key, '.'), *feature = json_string_value(json_object_get(e,
	    "feature"));
	json_t *fill;

	fprintf(w->fp, "\n");
	if (feature != NULL) {
		fprintf(w->fp, "%s# Does it have this: %s?\n%s# answer: true, or false only "
		    "when it has none (the requirements below then do not apply)\n", indent,
		    feature, indent);
		fill = known(w, ymap_get(ymap_get(w->questions, "features"), dot + 1), indent,
		    true);
	} else {
		fprintf(w->fp, "%s# %s\n%s# answer: %s\n", indent,
		    q != NULL ? yscalar(ymap_get(q, "question")) : "Your statement on the "
		    "provisions below", indent, answer_text(yscalar(ymap_get(q, "answer"))));
		fill = known(w, ymap_get(q, "known"), indent, false);
	}
	write_refs(w->fp, indent, json_object_get(e, "refs"));
	write_value(w->fp, indent, dot != NULL ? dot + 1 : key, fill);
	json_decref(fill);
	json_object_set_new(w->done, key, json_true());
}

static const char *
topic_of(const struct writer *w, const char *key)
{
	const struct ynode *q = ymap_get(ymap_get(w->questions, "keys"), key);

	if (strncmp(key, "features.", 9) == 0)
		return "features";
	if (strncmp(key, "product.", 8) == 0)
		return "product";
	return q != NULL && yscalar(ymap_get(q, "topic")) != NULL ?
	    yscalar(ymap_get(q, "topic")) : "other";
}

/* The keys of one topic; "product" and "features" are nested mappings. */
static void
write_topic(struct writer *w, const char *topic, const char *title)
{
	bool nested = strcmp(topic, "product") == 0 || strcmp(topic, "features") == 0;
	bool any = false;
	const char *key;
	json_t *e;

	json_object_foreach(w->keys, key, e) {
		if (json_object_get(w->done, key) != NULL || strcmp(topic_of(w, key), topic) != 0)
			continue;
		if (!any)
			fprintf(w->fp, "\n# ---- %s\n", title);
		if (!any && nested)
			fprintf(w->fp, "%s:\n", topic);
		any = true;
		write_key(w, key, nested ? "  " : "");
	}
}

static int
write_questionnaire(struct writer *w, const struct profile *const *ps, size_t np)
{
	const struct ynode *topics = ymap_get(w->questions, "topics");

	fprintf(w->fp, "# Vendor declarations for fwaudit (docs/declarations.md), for:");
	for (size_t i = 0; i < np; i++)
		fprintf(w->fp, " %s", ps[i]->id);
	fprintf(w->fp, "\n# Replace each ~ with your answer; an entry left at ~ is unanswered:\n"
	    "# its provisions stay not_tested and the report lists them. Answers are\n"
	    "# shown as declared, never as pass. Read back with: fwaudit scan ... "
	    "--declarations FILE\n");
	for (size_t i = 0; topics != NULL && i < topics->n; i++)
		write_topic(w, yscalar(ymap_get(topics->items[i], "id")),
		    yscalar(ymap_get(topics->items[i], "title")));
	write_topic(w, "other", "Other statements");
	return ferror(w->fp) ? -1 : 0;
}

/* A fact tree in path, or NULL (res untouched) when path holds none. */
static struct facts *
try_fact_tree(const char *path)
{
	struct facts *f = NULL;
	struct fw_err err;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);

	if (doc != NULL && facts_from_json(doc, path, &f, &err) != 0)
		f = NULL;
	json_decref(doc);
	return f;
}

static struct facts *
load_facts(const char *path, struct scan_result *res)
{
	struct facts *f = NULL;
	struct fw_err err;
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (doc == NULL) {
		lib_fail(res, EXIT_USAGE, "%s: line %d, column %d: %s", path, jerr.line,
		    jerr.column, jerr.text);
		return NULL;
	}
	if (facts_from_json(doc, path, &f, &err) != 0)
		lib_fail(res, EXIT_USAGE, "%s", err.msg);
	json_decref(doc);
	return f;
}

/* The facts the inputs show: one fact tree as it is, else the inputs
 * scanned for their facts alone (as `scan --facts-only`, into a private
 * temporary file). NULL with res set when they cannot be read. */
static const struct facts *
known_facts(const struct fwaudit_questionnaire *q, struct scan_result *res)
{
	struct scan_request r = { .paths = q->inputs, .npaths = q->ninputs };
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	struct facts *f;
	int fd;

	if (q->ninputs == 1 && (f = try_fact_tree(q->inputs[0])) != NULL)
		return f;
	snprintf(tmp, sizeof(tmp), "%s/fwaudit-facts-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) < 0) {
		lib_fail(res, EXIT_INTERNAL, "%s: %s", tmp, strerror(errno));
		return NULL;
	}
	close(fd);
	r.opts.facts_only = true;
	r.opts.quiet = true;
	r.opts.outputs[0] = (struct fwaudit_output){ "json", tmp };
	r.opts.noutputs = 1;
	f = fwaudit_scan(&r, res) == EXIT_CLEAN ? load_facts(tmp, res) : NULL;
	unlink(tmp);
	return f;
}

static int
declarations_init(const struct ruleset *rs, const struct fwaudit_questionnaire *q,
    struct writer *w, FILE *out, struct scan_result *res)
{
	static const char *const dflt[] = { "etsi-en-303-645" };
	const char *const *names = q->nprofiles > 0 ? q->profiles : dflt;
	size_t np = q->nprofiles > 0 ? (size_t)q->nprofiles : 1;
	const struct profile *ps[FWAUDIT_MAX_PROFILES];
	const char *output = q->output != NULL && strcmp(q->output, "-") != 0 ? q->output : NULL;

	if (np > FWAUDIT_MAX_PROFILES)
		return lib_fail(res, EXIT_USAGE, "too many profiles (at most %d)",
		    FWAUDIT_MAX_PROFILES);
	for (size_t i = 0; i < np; i++)
		if ((ps[i] = ruleset_profile(rs, names[i])) == NULL)
			return lib_fail(res, EXIT_USAGE, "no profile '%s' ('fwaudit profiles list' "
			    "shows them)", names[i]);
	if ((w->keys = declaration_keys(rs, ps, np)) == NULL ||
	    (w->done = json_object()) == NULL)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	/* product.* first, whatever the profiles read */
	json_object_set_new(w->keys, "product.name", json_pack("{s:[]}", "refs"));
	json_object_set_new(w->keys, "product.model", json_pack("{s:[]}", "refs"));
	json_object_set_new(w->keys, "product.firmware_version", json_pack("{s:[]}", "refs"));
	if (output != NULL && (w->fp = fopen(output, "w")) == NULL)
		return lib_fail(res, EXIT_USAGE, "%s: cannot write: %m", output);
	if (w->fp == NULL)
		w->fp = out;
	lib_done(res, EXIT_CLEAN);
	if (write_questionnaire(w, ps, np) != 0)
		lib_fail(res, EXIT_INTERNAL, "%s: write error", q->output ? q->output : "-");
	if (w->fp != out && fclose(w->fp) != 0 && res->status == EXIT_CLEAN)
		lib_fail(res, EXIT_INTERNAL, "%s: write error", output);
	return res->status;
}

int
fwaudit_declarations_init(const struct fwaudit_questionnaire *q, FILE *out,
    struct scan_result *res)
{
	struct writer w = { 0 };
	struct ruleset *rs = NULL;
	struct ynode *questions = NULL;
	struct fw_err err;
	char path[4096];

	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	snprintf(path, sizeof(path), "%s/data/questions.yaml", rules_default_dir());
	if ((questions = ytree_load_file(path, &err)) == NULL)
		lib_fail(res, EXIT_USAGE, "%s", err.msg);
	else if (q->ninputs == 0 || (w.facts = known_facts(q, res)) != NULL) {
		w.questions = questions;
		declarations_init(rs, q, &w, out, res);
	}
	json_decref(w.keys);
	json_decref(w.done);
	facts_free((struct facts *)w.facts);
	ytree_free(questions);
	ruleset_free(rs);
	return res->status;
}
