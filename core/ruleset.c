#include "util/hex.h"
#include "core/ruleset.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/profile_links.h"
#include "util/fileio.h"
#include "util/jobs.h"
#include "util/sha256.h"
#include "util/ytree.h"

/* make install compiles this file again with the PREFIX it installs to. */
#ifndef FWAUDIT_DATADIR
#define FWAUDIT_DATADIR "/usr/local/share/fwaudit"
#endif

static const char *const sev_names[SEV_COUNT] = { "info", "low", "medium", "high", "critical" };

const char *
severity_name(enum severity s)
{
	return s < SEV_COUNT ? sev_names[s] : "?";
}

int
severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i < SEV_COUNT; i++)
		if (s != NULL && strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

static void
rule_free(struct rule *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->title);
	free(r->rationale);
	free(r->remediation);
	json_decref(r->provisions);
	for (size_t i = 0; i < r->nrefs; i++) {
		free(r->refs[i].profile);
		free(r->refs[i].id);
	}
	free(r->refs);
	json_decref(r->ts103701);
	json_decref(r->references);
	pred_free(r->applies);
	pred_free(r->require);
	free(r->file);
	free(r);
}

static void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nfeatures; i++) {
		free(p->features[i].id);
		free(p->features[i].title);
		pred_free(p->features[i].when);
	}
	for (size_t i = 0; i < p->nprovisions; i++) {
		struct provision *v = &p->provisions[i];

		free(v->id);
		free(v->alias);
		free(v->title);
		free(v->status);
		free(v->clause);
		free(v->note);
		free(v->evidence_basis);
		json_decref(v->requires);
		json_decref(v->features);
		json_decref(v->rules);
		json_decref(v->declarations);
		json_decref(v->ts103701);
	}
	free(p->features);
	free(p->provisions);
	free(p->id);
	free(p->title);
	free(p->standard);
	free(p->version);
	free(p->alias_version);
	free(p->note);
	free(p->file);
	free(p);
}

struct ruleset *
ruleset_new(void)
{
	return calloc(1, sizeof(struct ruleset));
}

void
ruleset_free(struct ruleset *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_free(rs->rules[i]);
	for (size_t i = 0; i < rs->nprofiles; i++)
		profile_free(rs->profiles[i]);
	free(rs->rules);
	free(rs->profiles);
	free(rs->dir);
	free(rs);
}

const struct rule *
ruleset_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return rs->rules[i];
	return NULL;
}

const struct profile *
ruleset_profile(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nprofiles; i++)
		if (strcmp(rs->profiles[i]->id, id) == 0)
			return rs->profiles[i];
	return NULL;
}

/* A required or optional string field; -1 with err when wrong. */
static int
get_str(const struct ynode *map, const char *key, bool required, char **out,
    const char *file, struct fw_err *err)
{
	const struct ynode *v = ymap_get(map, key);

	*out = NULL;
	if (v == NULL) {
		if (required)
			return err_set_line(err, file, map->line, map->col,
			    "missing '%s'", key);
		return 0;
	}
	if (v->type != Y_SCALAR)
		return err_set_line(err, file, v->line, v->col,
		    "'%s' must be a string, found %s", key, ytype_name(v));
	if (required && v->str[0] == '\0')
		return err_set_line(err, file, v->line, v->col, "'%s' is empty", key);
	*out = strdup(v->str);
	return *out ? 0 : -1;
}

/* An optional list of strings as a JSON array (empty when absent). */
static int
get_str_list(const struct ynode *map, const char *key, json_t **out,
    const char *file, struct fw_err *err)
{
	const struct ynode *v = ymap_get(map, key);

	*out = json_array();
	if (v == NULL)
		return 0;
	if (v->type == Y_SCALAR) {
		json_array_append_new(*out, json_string(v->str));
		return 0;
	}
	if (v->type != Y_SEQ)
		return err_set_line(err, file, v->line, v->col,
		    "'%s' must be a list of strings, found %s", key, ytype_name(v));
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i]->type != Y_SCALAR)
			return err_set_line(err, file, v->items[i]->line,
			    v->items[i]->col, "'%s' must be a list of strings", key);
		json_array_append_new(*out, json_string(v->items[i]->str));
	}
	return 0;
}

static int
check_keys(const struct ynode *map, const char *const *allowed, const char *what,
    const char *file, struct fw_err *err)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];
		int ok = 0;

		for (int j = 0; allowed[j] != NULL; j++)
			ok |= strcmp(k->str, allowed[j]) == 0;
		if (!ok)
			return err_set_line(err, file, k->line, k->col,
			    "unknown key '%s' in %s", k->str, what);
	}
	return 0;
}

static void
not_declared(const char *path, void *arg)
{
	if (strncmp(path, "declared.", 9) != 0)
		*(bool *)arg = false;
}

static const char *const rule_keys[] = { "id", "title", "severity", "rationale",
	"remediation", "provisions", "ts103701", "references", "applies", "require",
	NULL };

static struct rule *
rule_compile(const struct ynode *n, const char *file, struct fw_err *err)
{
	struct rule *r = calloc(1, sizeof(*r));
	const struct ynode *v;
	char *sev = NULL;

	if (r == NULL) {
		err_internal(err, file, "out of memory");
		return NULL;
	}
	if (err != NULL)	/* empty at fail: means an allocation failed */
		err->msg[0] = '\0';
	r->line = n->line;
	if (n->type != Y_MAP) {
		err_set_line(err, file, n->line, n->col, "a rule is a mapping, found %s",
		    ytype_name(n));
		goto fail;
	}
	if (check_keys(n, rule_keys, "a rule", file, err) != 0 ||
	    get_str(n, "id", true, &r->id, file, err) != 0 ||
	    get_str(n, "title", true, &r->title, file, err) != 0 ||
	    get_str(n, "rationale", true, &r->rationale, file, err) != 0 ||
	    get_str(n, "remediation", true, &r->remediation, file, err) != 0 ||
	    get_str(n, "severity", true, &sev, file, err) != 0 ||
	    get_str_list(n, "ts103701", &r->ts103701, file, err) != 0 ||
	    get_str_list(n, "references", &r->references, file, err) != 0)
		goto fail;
	if (severity_parse(sev, &r->severity) != 0) {
		v = ymap_get(n, "severity");
		err_set_line(err, file, v->line, v->col, "severity '%s' is not one of "
		    "info, low, medium, high, critical", sev);
		goto fail;
	}
	if ((v = ymap_get(n, "provisions")) == NULL || v->type != Y_MAP || v->n == 0) {
		err_set_line(err, file, v ? v->line : n->line, v ? v->col : n->col,
		    "rule %s: 'provisions' must map profile ids to lists of provision ids",
		    r->id);
		goto fail;
	}
	r->provisions = json_object();
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *list = v->items[2 * i + 1];
		size_t nl = list->type == Y_SEQ ? list->n : 1;
		struct provision_ref *grown;
		json_t *ids;

		if (get_str_list(v, v->items[2 * i]->str, &ids, file, err) != 0) {
			json_decref(ids);
			goto fail;
		}
		json_object_set_new(r->provisions, v->items[2 * i]->str, ids);
		if ((grown = realloc(r->refs, (r->nrefs + nl) * sizeof(*grown))) == NULL)
			goto fail;
		r->refs = grown;
		for (size_t k = 0; k < nl; k++) {
			const struct ynode *idn = list->type == Y_SEQ ? list->items[k] : list;
			struct provision_ref *ref = &r->refs[r->nrefs];

			ref->profile = strdup(v->items[2 * i]->str);
			ref->id = strdup(idn->str);
			ref->line = idn->line;
			ref->col = idn->col;
			r->nrefs++;
			if (ref->profile == NULL || ref->id == NULL)
				goto fail;
		}
	}
	if ((v = ymap_get(n, "applies")) != NULL &&
	    (r->applies = pred_compile(v, file, err)) == NULL)
		goto fail;
	if ((v = ymap_get(n, "require")) == NULL) {
		err_set_line(err, file, n->line, n->col, "rule %s: missing 'require'", r->id);
		goto fail;
	}
	if ((r->require = pred_compile(v, file, err)) == NULL)
		goto fail;
	r->declaration_only = true;
	pred_walk_facts(r->require, not_declared, &r->declaration_only);
	if (r->applies != NULL)
		pred_walk_facts(r->applies, not_declared, &r->declaration_only);
	if ((r->file = strdup(file)) == NULL)
		goto fail;
	free(sev);
	return r;
fail:
	if (err != NULL && err->msg[0] == '\0')
		err_internal(err, file, "out of memory");
	free(sev);
	rule_free(r);
	return NULL;
}

/* Compiles a parsed rules file into rs; takes root. */
static int
compile_rules_tree(struct ruleset *rs, const char *path, struct ynode *root,
    struct fw_err *err)
{
	struct ynode *list;
	int rc = -1;

	list = ymap_get(root, "rules");
	if (root->type != Y_MAP || list == NULL || list->type != Y_SEQ) {
		err_set_line(err, path, root->line, root->col,
		    "expected a mapping with 'rules:' holding a list of rules");
		goto out;
	}
	for (size_t i = 0; i < root->n; i++)
		if (strcmp(root->items[2 * i]->str, "rules") != 0) {
			err_set_line(err, path, root->items[2 * i]->line,
			    root->items[2 * i]->col, "unknown top-level key '%s' "
			    "(a rules file holds 'rules:')", root->items[2 * i]->str);
			goto out;
		}
	for (size_t i = 0; i < list->n; i++) {
		struct rule *r = rule_compile(list->items[i], path, err), **grown;
		size_t j;

		if (r == NULL)
			goto out;
		for (j = 0; j < rs->nrules; j++)
			if (strcmp(rs->rules[j]->id, r->id) == 0)
				break;
		if (j < rs->nrules) {
			if (strcmp(rs->rules[j]->file, path) == 0) {
				err_set_line(err, path, r->line, 0,
				    "duplicate rule id %s (first at line %u)", r->id,
				    rs->rules[j]->line);
				rule_free(r);
				goto out;
			}
			rule_free(rs->rules[j]);	/* a user rule replaces a built-in */
			rs->rules[j] = r;
			continue;
		}
		grown = realloc(rs->rules, (rs->nrules + 1) * sizeof(*grown));
		if (grown == NULL) {
			err_internal(err, path, "out of memory");
			rule_free(r);
			goto out;
		}
		rs->rules = grown;
		rs->rules[rs->nrules++] = r;
	}
	rc = 0;
out:
	ytree_free(root);
	return rc;
}

static const char *const profile_keys[] = { "id", "title", "standard", "version",
	"alias_version", "note", "features", "provisions", NULL };
static const char *const provision_keys[] = { "id", "alias", "title", "status",
	"clause", "features", "rules", "declarations", "ts103701", "note",
	"evidence_basis", "requires", NULL };

/* requires: [{evidence: TEXT, rules: [ID, ...]}, ...] as JSON. */
static int
get_requires(const struct ynode *pv, json_t **out, const char *file, struct fw_err *err)
{
	static const char *const keys[] = { "evidence", "rules", NULL };
	const struct ynode *v = ymap_get(pv, "requires");

	*out = json_array();
	if (v == NULL)
		return 0;
	if (v->type != Y_SEQ || v->n == 0)
		return err_set_line(err, file, v->line, v->col, "'requires' is a "
		    "non-empty list of {evidence: TEXT, rules: [RULE-ID, ...]}");
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *g = v->items[i], *rl;
		char *what = NULL;
		json_t *ids = NULL;

		if (g->type != Y_MAP)
			return err_set_line(err, file, g->line, g->col, "a 'requires' "
			    "entry is {evidence: TEXT, rules: [RULE-ID, ...]}, found %s",
			    ytype_name(g));
		if (check_keys(g, keys, "a 'requires' entry", file, err) != 0 ||
		    get_str(g, "evidence", true, &what, file, err) != 0)
			return -1;
		rl = ymap_get(g, "rules");
		if (get_str_list(g, "rules", &ids, file, err) != 0) {
			free(what);
			json_decref(ids);
			return -1;
		}
		if (json_array_size(ids) == 0) {
			free(what);
			json_decref(ids);
			return err_set_line(err, file, rl ? rl->line : g->line, rl ? rl->col :
			    g->col, "a 'requires' entry needs 'rules': the rules of which "
			    "one must pass");
		}
		json_array_append_new(*out, json_pack("{s:s, s:o, s:i, s:i}", "evidence",
		    what, "rules", ids, "line", (int)g->line, "col", (int)g->col));
		free(what);
	}
	return 0;
}

int
ruleset_add_file(struct ruleset *rs, const char *path, struct fw_err *err)
{
	struct ynode *root;
	size_t len;
	char *buf;

	if (file_read(path, 16u << 20, &buf, &len, err) != 0)
		return -1;
	root = ytree_load_string(path, buf, len, err);
	free(buf);
	return root == NULL ? -1 : compile_rules_tree(rs, path, root, err);
}

/* Compiles a parsed profile into rs; takes root. */
static int
compile_profile_tree(struct ruleset *rs, const char *path, struct ynode *root,
    struct fw_err *err)
{
	struct ynode *v;
	struct profile *p = calloc(1, sizeof(*p)), **grown;
	int rc = -1;

	if (p == NULL) {
		ytree_free(root);
		return err_internal(err, path, "out of memory");
	}
	if (err != NULL)	/* empty at out: means an allocation failed */
		err->msg[0] = '\0';
	if (root->type != Y_MAP) {
		err_set_line(err, path, root->line, root->col, "a profile is a mapping");
		goto out;
	}
	if (check_keys(root, profile_keys, "a profile", path, err) != 0 ||
	    get_str(root, "id", true, &p->id, path, err) != 0 ||
	    get_str(root, "title", true, &p->title, path, err) != 0 ||
	    get_str(root, "standard", true, &p->standard, path, err) != 0 ||
	    get_str(root, "version", true, &p->version, path, err) != 0 ||
	    get_str(root, "alias_version", false, &p->alias_version, path, err) != 0 ||
	    get_str(root, "note", false, &p->note, path, err) != 0)
		goto out;
	if ((p->file = strdup(path)) == NULL)
		goto out;
	if ((v = ymap_get(root, "features")) != NULL) {
		if (v->type != Y_MAP) {
			err_set_line(err, path, v->line, v->col, "'features' is a mapping "
			    "of feature id to {title, when}");
			goto out;
		}
		if ((p->features = calloc(v->n + 1, sizeof(*p->features))) == NULL)
			goto out;
		for (size_t i = 0; i < v->n; i++) {
			struct feature *ft = &p->features[p->nfeatures++];
			const struct ynode *def = v->items[2 * i + 1], *when;

			if ((ft->id = strdup(v->items[2 * i]->str)) == NULL ||
			    get_str(def, "title", true, &ft->title, path, err) != 0)
				goto out;
			if ((when = ymap_get(def, "when")) != NULL &&
			    (ft->when = pred_compile(when, path, err)) == NULL)
				goto out;
		}
	}
	if ((v = ymap_get(root, "provisions")) == NULL || v->type != Y_SEQ) {
		err_set_line(err, path, root->line, root->col,
		    "'provisions' must be a list");
		goto out;
	}
	if ((p->provisions = calloc(v->n + 1, sizeof(*p->provisions))) == NULL)
		goto out;
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *pv = v->items[i];
		struct provision *x = &p->provisions[p->nprovisions++];

		x->line = pv->line;
		if (pv->type != Y_MAP) {
			err_set_line(err, path, pv->line, pv->col, "a provision is a mapping");
			goto out;
		}
		if (check_keys(pv, provision_keys, "a provision", path, err) != 0 ||
		    get_str(pv, "id", true, &x->id, path, err) != 0 ||
		    get_str(pv, "alias", false, &x->alias, path, err) != 0 ||
		    get_str(pv, "title", true, &x->title, path, err) != 0 ||
		    get_str(pv, "status", true, &x->status, path, err) != 0 ||
		    get_str(pv, "clause", false, &x->clause, path, err) != 0 ||
		    get_str(pv, "note", false, &x->note, path, err) != 0 ||
		    get_str(pv, "evidence_basis", false, &x->evidence_basis, path, err) != 0 ||
		    get_requires(pv, &x->requires, path, err) != 0 ||
		    get_str_list(pv, "features", &x->features, path, err) != 0 ||
		    get_str_list(pv, "rules", &x->rules, path, err) != 0 ||
		    get_str_list(pv, "declarations", &x->declarations, path, err) != 0 ||
		    get_str_list(pv, "ts103701", &x->ts103701, path, err) != 0)
			goto out;
	}
	grown = realloc(rs->profiles, (rs->nprofiles + 1) * sizeof(*grown));
	if (grown == NULL)
		goto out;
	rs->profiles = grown;
	rs->profiles[rs->nprofiles++] = p;
	p = NULL;
	rc = 0;
out:
	if (rc != 0 && err != NULL && err->msg[0] == '\0')
		err_internal(err, path, "out of memory");
	profile_free(p);
	ytree_free(root);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of dir, sorted so loading (and the digest) is stable. */
static int
yaml_files(const char *dir, char ***out, size_t *n, struct fw_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return err_set(err, dir, ERR_NO_OFFSET, "cannot open rules directory: %s",
		    strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char **grown;

		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		if ((grown = realloc(names, (*n + 1) * sizeof(*grown))) == NULL)
			break;
		names = grown;
		if (asprintf(&names[*n], "%s/%s", dir, e->d_name) < 0)
			break;
		(*n)++;
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), name_cmp);
	*out = names;
	return 0;
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* One data file on its way into the ruleset. */
struct pending {
	char *path;
	bool profile;
	char *buf;
	size_t len;
	struct ynode *root;
	struct fw_err err;
};

/* The files are parsed by two threads: YAML parsing dwarfs the rest of
 * loading. */
static void
parse_one(void *list, size_t i)
{
	struct pending *x = &((struct pending *)list)[i];

	x->root = ytree_load_string(x->path, x->buf, x->len, &x->err);
}

static int
queue_dir(struct pending **list, size_t *n, const char *dir, bool profile,
    struct fw_err *err)
{
	char **names;
	size_t k;
	struct pending *grown;

	if (yaml_files(dir, &names, &k, err) != 0)
		return -1;
	if ((grown = realloc(*list, (*n + k + 1) * sizeof(*grown))) == NULL) {
		free_names(names, k);
		return err_oom(err, dir, ERR_NO_OFFSET);
	}
	*list = grown;
	for (size_t i = 0; i < k; i++) {
		memset(&grown[*n], 0, sizeof(grown[*n]));
		grown[*n].path = names[i];
		grown[(*n)++].profile = profile;
	}
	free(names);
	return 0;
}

int
ruleset_load(struct ruleset **out, const char *dir, const char *user_dir,
    struct fw_err *err)
{
	struct ruleset *rs = ruleset_new();
	struct sha256_ctx md = { 0 };
	struct pending *list = NULL;
	unsigned char digest[32];
	char sub[PATH_MAX];
	size_t n = 0, i;
	int rc = -1;

	*out = NULL;
	if (err != NULL)	/* empty at out: means an allocation failed */
		err->msg[0] = '\0';
	if (rs == NULL || (rs->dir = strdup(dir)) == NULL)
		goto out;
	snprintf(sub, sizeof(sub), "%s/profiles", dir);
	if (queue_dir(&list, &n, dir, false, err) != 0 ||
	    queue_dir(&list, &n, sub, true, err) != 0)
		goto out;
	if (user_dir != NULL) {
		struct stat st;

		if (stat(user_dir, &st) == 0 && S_ISREG(st.st_mode)) {
			struct pending *grown = realloc(list, (n + 1) * sizeof(*grown));

			if (grown == NULL)
				goto out;
			list = grown;
			memset(&list[n], 0, sizeof(list[n]));
			if ((list[n++].path = strdup(user_dir)) == NULL)
				goto out;
		} else if (queue_dir(&list, &n, user_dir, false, err) != 0) {
			goto out;
		}
	}
	/* Read in order: the digest covers every file, in load order. */
	if (sha256_init(&md) != 0) {
		err_set(err, dir, ERR_NO_OFFSET, "cannot start SHA-256");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (file_read(list[i].path, 16u << 20, &list[i].buf, &list[i].len, err) != 0)
			goto out;
		sha256_update(&md, list[i].buf, list[i].len);
	}
	if (sha256_final(&md, digest) != 0) {
		err_set(err, dir, ERR_NO_OFFSET, "cannot finish SHA-256");
		goto out;
	}
	hex_encode(digest, 32, rs->digest);
	jobs_run(n, 2, parse_one, list);
	/* Compile in order, so the first mistake reported is the first in order. */
	for (i = 0; i < n; i++) {
		struct ynode *root = list[i].root;

		if (root == NULL) {
			*err = list[i].err;
			goto out;
		}
		list[i].root = NULL;
		if ((list[i].profile ? compile_profile_tree(rs, list[i].path, root, err) :
		    compile_rules_tree(rs, list[i].path, root, err)) != 0)
			goto out;
	}
	if (ruleset_check_refs(rs, NULL, err) != 0)
		goto out;
	if (profile_links_apply(rs) != 0) {
		err_oom(err, dir, ERR_NO_OFFSET);
		goto out;
	}
	*out = rs;
	rs = NULL;
	rc = 0;
out:
	if (rc != 0 && err != NULL && err->msg[0] == '\0')
		err_internal(err, dir, "out of memory");
	for (i = 0; i < n; i++) {
		free(list[i].path);
		free(list[i].buf);
		ytree_free(list[i].root);
	}
	free(list);
	sha256_release(&md);
	ruleset_free(rs);
	return rc;
}

static const struct provision *
profile_provision(const struct profile *p, const char *id)
{
	for (size_t i = 0; i < p->nprovisions; i++)
		if (strcmp(p->provisions[i].id, id) == 0)
			return &p->provisions[i];
	return NULL;
}

int
ruleset_check_refs(const struct ruleset *rs, const struct ruleset *profiles,
    struct fw_err *err)
{
	const struct ruleset *ps = profiles != NULL ? profiles : rs;

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		for (size_t k = 0; k < r->nrefs; k++) {
			const struct profile *p = ruleset_profile(ps, r->refs[k].profile);

			if (p != NULL && profile_provision(p, r->refs[k].id) == NULL)
				return err_set_line(err, r->file, r->refs[k].line, r->refs[k].col,
				    "rule %s names provision '%s', which profile '%s' does "
				    "not have ('fwaudit profiles show %s' lists them)", r->id,
				    r->refs[k].id, p->id, p->id);
		}
	}
	if (profiles != NULL)
		return 0;
	for (size_t i = 0; i < rs->nprofiles; i++) {
		const struct profile *p = rs->profiles[i];

		for (size_t k = 0; k < p->nprovisions; k++) {
			size_t g;
			json_t *grp;

			json_array_foreach(p->provisions[k].requires, g, grp) {
				size_t j;
				json_t *id;

				json_array_foreach(json_object_get(grp, "rules"), j, id)
					if (ruleset_rule(rs, json_string_value(id)) == NULL)
						return err_set_line(err, p->file, (unsigned)
						    json_integer_value(json_object_get(grp, "line")),
						    (unsigned)json_integer_value(json_object_get(grp,
						    "col")), "provision %s requires rule %s, which "
						    "no rules file defines", p->provisions[k].id,
						    json_string_value(id));
			}
		}
	}
	return 0;
}

static char rules_dir_found[PATH_MAX + 32];

static void
find_rules_dir(void)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n;

	snprintf(rules_dir_found, sizeof(rules_dir_found), "%s", FWAUDIT_DATADIR "/rules");
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		struct stat st;

		if (slash == NULL)
			break;
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/rules/profiles", exe);
		if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(rules_dir_found, sizeof(rules_dir_found), "%s/rules", exe);
			return;
		}
	}
}

/* Found once: the rules loader's thread and the collectors ask at the same
 * time (a data race on the buffer, which ThreadSanitizer reported). */
const char *
rules_default_dir(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *env = getenv("FWAUDIT_RULES");

	if (env != NULL && *env != '\0')
		return env;
	pthread_once(&once, find_rules_dir);
	return rules_dir_found;
}
