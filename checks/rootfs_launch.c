/* Programs the boot files start, and what they start in turn. Vendor
 * firmware often has rcS start one program (TP-Link's cos, httpd) that
 * starts the daemons itself: the only evidence left in the image is the
 * command strings in that program and the libraries it needs. Each
 * NUL-terminated string that begins with a known daemon's name (or a path
 * ending in it) followed by an argument or " &" is a launch; a path alone
 * is one too (execv); a bare name is only a mention (killall, pidof, a
 * process table). Protocol servers built into a program are found by
 * a string that begins with one of their markers
 * (rules/data/service-markers.txt). Strings assembled at run
 * time and daemons started over IPC are not seen. */
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/rootfs.h"
#include "checks/secrets.h"
#include "core/ruleset.h"
#include "formats/elf.h"
#include "util/jobs.h"
#include "util/oom.h"
#include "util/json_out.h"

#define LAUNCH_FILE_MAX ((size_t)64 << 20)
#define MAX_MARKERS 64
#define MAX_FILES 4096

struct started {
	char *word, *path;	/* as written; resolved in the tree */
	char *script, *user;	/* the boot file, and who it runs the program as */
	const char *how;
	unsigned line;
	bool daemon;		/* a known daemon (also a service) */
	json_t *libs, *mentions;
	const char *state;	/* examined, not_elf, unreadable */
	char *reason;		/* why it (or a library it needs) is unreadable */
};

struct marker {
	char *text, *name, *kind;
	size_t len;
};

struct launch_set {
	struct rootfs *r;
	struct started *p;
	size_t n, cap;
	char **seen;		/* files scanned (program or library) */
	size_t nseen;
	struct marker m[MAX_MARKERS];
	size_t nm;
	char *markers_text;
};

struct launch_set *
launch_new(struct rootfs *r)
{
	struct launch_set *ls = calloc(1, sizeof(*ls));

	if (ls == NULL)
		oom_note();
	else
		ls->r = r;
	return ls;
}

void
launch_free(struct launch_set *ls)
{
	if (ls == NULL)
		return;
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->p[i].word);
		free(ls->p[i].path);
		free(ls->p[i].script);
		free(ls->p[i].user);
		free(ls->p[i].reason);
		json_decref(ls->p[i].libs);
		json_decref(ls->p[i].mentions);
	}
	for (size_t i = 0; i < ls->nseen; i++)
		free(ls->seen[i]);
	free(ls->seen);
	free(ls->p);
	free(ls->markers_text);
	free(ls);
}

static bool
is_builtin(const char *w, size_t n)
{
	static const char *const b[] = { "echo", "test", "[", "[[", "printf", "kill", "true",
		"false", "read", "set", "export", "cd", "exit", "return", "eval", "exec", "trap",
		"wait", "shift", "source", ".", "local", "if", "then", "else", "fi", "case", "esac",
		"for", "while", "do", "done", "sleep", "sh", "ash", "bash", "busybox", NULL };

	for (int i = 0; b[i]; i++)
		if (strlen(b[i]) == n && memcmp(b[i], w, n) == 0)
			return true;
	return false;
}

/* word resolved to a regular file of the tree (bare: in the usual bin
 * directories) into final; false when none, or it is BusyBox. */
static bool
resolve_program(const struct fstree *t, const char *word, char *final, size_t finalsz)
{
	static const char *const dirs[] = { "bin/", "sbin/", "usr/bin/", "usr/sbin/", NULL };
	const struct fs_entry *e;
	char cand[1100];

	for (int d = 0; dirs[d] || d == 0; d++) {
		if (strchr(word, '/') != NULL) {
			if (d > 0)
				break;
			snprintf(cand, sizeof(cand), "%s", word);
		} else
			snprintf(cand, sizeof(cand), "%s%s", dirs[d], word);
		if (fstree_resolve(t, cand, true, &e, final, finalsz) == FSR_OK && e != NULL &&
		    e->type == FS_REG) {
			const char *base = strrchr(final, '/');

			return strcmp(base ? base + 1 : final, "busybox") != 0;
		}
	}
	return false;
}

void
launch_note(struct launch_set *ls, const char *word, size_t len, const char *how,
    const char *path, unsigned line, const char *user)
{
	char w[512], final[1024];
	const char *base;
	struct started *s;

	if (ls == NULL || len == 0 || len >= sizeof(w) || is_builtin(word, len) ||
	    memchr(word, '$', len) != NULL)
		return;
	memcpy(w, word, len);
	w[len] = '\0';
	if (!resolve_program(&ls->r->t, w, final, sizeof(final)))
		return;
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->p[i].path, final) == 0)
			return;
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 16;
		struct started *p = realloc(ls->p, cap * sizeof(*p));

		if (p == NULL) {
			oom_note();
			return;
		}
		ls->p = p;
		ls->cap = cap;
	}
	s = &ls->p[ls->n];
	memset(s, 0, sizeof(*s));
	base = strrchr(w, '/');
	base = base ? base + 1 : w;
	for (size_t d = 0; d < rootfs_ndaemons; d++)
		s->daemon |= strcmp(base, rootfs_daemons[d].name) == 0;
	s->word = strdup(w);
	s->path = strdup(final);
	s->script = strdup(path);
	s->user = strdup(user && *user ? user : "root");
	if (s->word == NULL || s->path == NULL || s->script == NULL || s->user == NULL) {
		free(s->word);
		free(s->path);
		free(s->script);
		free(s->user);
		oom_note();
		return;
	}
	s->how = how;
	s->line = line;
	ls->n++;
}

/* rules/data/service-markers.txt: MARKER<tab>NAME<tab>KIND lines. */
static void
load_markers(struct launch_set *ls)
{
	char path[4096];
	FILE *fp;
	long sz = -1;

	snprintf(path, sizeof(path), "%s/data/service-markers.txt", rules_default_dir());
	if ((fp = fopen(path, "r")) == NULL || fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0 ||
	    sz > 65536 || fseek(fp, 0, SEEK_SET) != 0 ||
	    (ls->markers_text = calloc(1, (size_t)sz + 1)) == NULL ||
	    fread(ls->markers_text, 1, (size_t)sz, fp) != (size_t)sz) {
		if (fp != NULL && sz >= 0 && sz <= 65536 && ls->markers_text == NULL)
			oom_note();
		facts_warn(ls->r->f, "%s: cannot read the service markers; embedded protocol "
		    "servers not looked for", path);
		if (fp != NULL)
			fclose(fp);
		return;
	}
	fclose(fp);
	for (char *save = NULL, *l = strtok_r(ls->markers_text, "\n", &save);
	    l && ls->nm < MAX_MARKERS; l = strtok_r(NULL, "\n", &save)) {
		char *t1 = strchr(l, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

		if (l[0] == '#' || t1 == NULL || t2 == NULL || t1 == l)
			continue;
		*t1 = *t2 = '\0';
		ls->m[ls->nm++] = (struct marker){ l, t1 + 1, t2 + 1, (size_t)(t1 - l) };
	}
}

#define MAX_HITS 64

/* One file read on a thread: what it holds, kept until the facts are
 * written in order on the calling thread. */
struct hit {
	const char *name, *kind, *how;	/* the daemon table's or a marker's */
	uint64_t offset;
	char text[200];
};

struct fjob {
	const char *path;	/* in ls->seen */
	size_t prog;		/* the started program it is read for */
	bool program;		/* the program's own file */
	int rc;			/* fstree_read's; 2: not an ELF */
	struct fw_err err;
	const char *why;	/* rc 1: what is there instead */
	struct hit hits[MAX_HITS];
	size_t nhits;
	const char *mentions[64];
	size_t nmentions;
	char **needed;		/* libraries found in the tree */
	size_t nneeded;
	bool hit[64], mhit[MAX_MARKERS];	/* one hit per daemon (marker) and file */
};

struct round {
	struct launch_set *ls;
	struct fjob *j;
	size_t n;
};

static void
report(struct fjob *j, const char *name, const char *kind, const char *how, uint64_t off,
    const char *p, size_t n)
{
	struct hit *h;

	if (j->nhits >= MAX_HITS)
		return;
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	h = &j->hits[j->nhits++];
	*h = (struct hit){ name, kind, how, off, "" };
	rootfs_excerpt(p, n, h->text, sizeof(h->text));
}

static void
mention(struct fjob *j, const char *name)
{
	for (size_t i = 0; i < j->nmentions; i++)
		if (j->mentions[i] == name)
			return;
	if (j->nmentions < sizeof(j->mentions) / sizeof(j->mentions[0]))
		j->mentions[j->nmentions++] = name;
}

/* A program path: /bin/, /sbin/, /usr/bin/, /usr/sbin/, /usr/local/...
 * (a socket or configuration path such as /var/run/rpcd is none). */
static bool
bin_path(const char *p, size_t dirlen)
{
	static const char *const dirs[] = { "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/",
		"/usr/local/bin/", "/usr/local/sbin/", NULL };

	for (int i = 0; dirs[i]; i++)
		if (strlen(dirs[i]) == dirlen && memcmp(p, dirs[i], dirlen) == 0)
			return true;
	return false;
}

/* One NUL-terminated string [p, p+n) at off: a marker, a launch, a
 * mention, or nothing. */
static void
string_at(const struct launch_set *ls, struct fjob *j, const char *p, size_t n, uint64_t off)
{
	size_t k = 0, b = 0;

	for (size_t i = 0; i < ls->nm; i++) {
		const struct marker *m = &ls->m[i];

		if (p[0] == m->text[0] && n >= m->len && !j->mhit[i] &&
		    memcmp(p, m->text, m->len) == 0) {
			j->mhit[i] = true;
			report(j, m->name, m->kind, "protocol marker in binary", off, p,
			    n < 120 ? n : 120);
		}
	}
	while (k < n && p[k] > ' ' && p[k] < 0x7f)
		if (p[k++] == '/')
			b = k;
	if (k - b < 3 || k - b > 12 || (k < n && p[k] != ' '))
		return;
	for (size_t d = 0; d < rootfs_ndaemons && d < 64; d++) {
		const char *name = rootfs_daemons[d].name;
		size_t rest;

		if (name[0] != p[b] || strlen(name) != k - b || memcmp(name, p + b, k - b) != 0)
			continue;
		rest = k;
		while (rest < n && p[rest] == ' ')
			rest++;
		if (k == n && b == 0)
			mention(j, name);
		else if (!j->hit[d] && ((k == n && bin_path(p, b)) ||
		    (rest > k && rest < n && strchr("-%&/", p[rest]) != NULL))) {
			j->hit[d] = true;
			report(j, name, rootfs_daemons[d].what, "string in binary", off, p, n);
		}
		return;
	}
}

static void
scan_bytes(const struct launch_set *ls, struct fjob *j, const uint8_t *b, size_t len)
{
	const char *p = (const char *)b, *end = p + len;

	while (p < end) {
		const char *q = memchr(p, '\0', (size_t)(end - p));

		if (q == NULL)
			q = end;
		if (q - p >= 3)
			string_at(ls, j, p, (size_t)(q - p), (uint64_t)(p - (const char *)b));
		p = q + 1;
	}
}

/* A DT_NEEDED name found inside the tree: in its RPATH/RUNPATH
 * directories, then lib/ and usr/lib/. */
static bool
find_library(const struct fstree *t, const char *name, const char *rpath, char *final,
    size_t finalsz)
{
	char dirs[1024], cand[1400], *save = NULL;
	const struct fs_entry *e;

	if (strchr(name, '/') != NULL)
		return false;
	snprintf(dirs, sizeof(dirs), "%s:/lib:/usr/lib", rpath ? rpath : "");
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (d[0] != '/')
			continue;	/* $ORIGIN and relative entries: not resolved */
		snprintf(cand, sizeof(cand), "%s/%s", d, name);
		if (fstree_resolve(t, cand, true, &e, final, finalsz) == FSR_OK && e != NULL &&
		    e->type == FS_REG)
			return true;
	}
	return false;
}

/* The libraries an ELF needs that are in the tree, into j->needed. */
static void
needed_libs(const struct fstree *t, struct fjob *j, const uint8_t *b, size_t len)
{
	struct elfile ef;
	struct fw_err err;
	const char *rpath = NULL;
	uint64_t v;

	if (elfile_open(&ef, j->path, b, len, &err) != 0)
		return;
	if (ef.dyn != NULL && (elfile_dyn(&ef, DT_RUNPATH, &v) || elfile_dyn(&ef, DT_RPATH, &v)))
		rpath = elfile_dynstr(&ef, v);
	for (size_t i = 0; ef.dyn != NULL && i < ef.ndyn; i++) {
		GElf_Dyn d;
		const char *name;
		char final[1024], **nn;

		if (gelf_getdyn(ef.dyn, (int)i, &d) == NULL || d.d_tag == DT_NULL)
			break;
		if (d.d_tag != DT_NEEDED || (name = elfile_dynstr(&ef, d.d_un.d_val)) == NULL ||
		    !find_library(t, name, rpath, final, sizeof(final)))
			continue;
		if ((nn = realloc(j->needed, (j->nneeded + 1) * sizeof(*nn))) == NULL) {
			oom_note();
			continue;
		}
		j->needed = nn;
		if ((nn[j->nneeded] = strdup(final)) != NULL)
			j->nneeded++;
		else
			oom_note();
	}
	elfile_close(&ef);
}

/* On a thread: reads one file and keeps what it holds. */
static void
read_one(void *arg, size_t i)
{
	struct round *rd = arg;
	struct fjob *j = &rd->j[i];
	uint8_t *b;
	size_t len;

	j->rc = fstree_read(&rd->ls->r->t, j->path, LAUNCH_FILE_MAX, &b, &len, &j->why, &j->err);
	if (j->rc != 0)
		return;
	if (!elfile_probe(b, len))
		j->rc = 2;
	else {
		scan_bytes(rd->ls, j, b, len);
		needed_libs(&rd->ls->r->t, j, b, len);
	}
	free(b);
}

/* 0: path is new (kept in *kept); 1: read already; -1: not kept (the
 * file limit, or out of memory). */
static int
seen_file(struct launch_set *ls, const char *path, const char **kept)
{
	char **s;

	for (size_t i = 0; i < ls->nseen; i++)
		if (strcmp(ls->seen[i], path) == 0)
			return 1;
	if (ls->nseen >= MAX_FILES)
		return -1;
	if ((s = realloc(ls->seen, (ls->nseen + 1) * sizeof(*s))) == NULL) {
		oom_note();
		return -1;
	}
	ls->seen = s;
	if ((s[ls->nseen] = strdup(path)) == NULL) {
		oom_note();
		return -1;
	}
	*kept = s[ls->nseen++];
	return 0;
}

/* Queues path for program prog in the next round, unless read already;
 * a file that cannot be queued leaves the program's search incomplete. */
static void
queue(struct launch_set *ls, struct round *next, size_t prog, const char *path, bool program)
{
	const char *kept;
	struct fjob *j;
	int seen = seen_file(ls, path, &kept);

	if (seen == 1)
		return;
	if (seen < 0 || (j = realloc(next->j, (next->n + 1) * sizeof(*j))) == NULL) {
		if (seen == 0)
			oom_note();
		if (ls->p[prog].reason == NULL &&
		    (ls->p[prog].reason = strdup("more files to search than fwaudit reads")) == NULL)
			oom_note();
		return;
	}
	next->j = j;
	j = &next->j[next->n++];
	memset(j, 0, sizeof(*j));
	j->path = kept;
	j->prog = prog;
	j->program = program;
}

/* On the calling thread, in order: what one file held, to fn and to its
 * program; its libraries queued in next. */
static void
take(struct launch_set *ls, struct fjob *j, struct round *next, launch_hit_fn fn, void *arg)
{
	struct started *s = &ls->p[j->prog];

	if (j->program)
		s->state = j->rc == 0 ? "examined" : j->rc == 2 ? "not_elf" : "unreadable";
	if (j->program && (j->rc == 1 || j->rc < 0) && s->reason == NULL &&
	    (s->reason = strdup(j->rc < 0 ? j->err.msg : j->why)) == NULL)
		oom_note();
	else if ((j->rc == 1 || j->rc < 0) && s->reason == NULL) {
		char why[1400];	/* a library: its program's search is incomplete */

		snprintf(why, sizeof(why), "%s: %s", j->path, j->rc < 0 ? j->err.msg : j->why);
		if ((s->reason = strdup(why)) == NULL)
			oom_note();
	}
	for (size_t i = 0; i < j->nhits; i++) {
		const struct hit *h = &j->hits[i];
		const char *self = strrchr(s->path, '/');
		struct launch_hit lh = { h->name, h->kind, h->how, s->path, j->path, h->offset,
			h->text, s->user };

		/* a daemon's own name in its own files starts nothing new */
		if (strcmp(self ? self + 1 : s->path, h->name) != 0)
			fn(arg, &lh);
	}
	for (size_t i = 0; i < j->nmentions; i++)
		if (!json_array_has_string(s->mentions, j->mentions[i]))
			json_array_append_new(s->mentions, json_string(j->mentions[i]));
	for (size_t i = 0; i < j->nneeded; i++) {
		if (!json_array_has_string(s->libs, j->needed[i]))
			json_array_append_new(s->libs, json_string(j->needed[i]));
		queue(ls, next, j->prog, j->needed[i], false);
		free(j->needed[i]);
	}
	free(j->needed);
}

static unsigned
threads_for(const struct rootfs *r)
{
	long cpus;

	if (r->jobs > 0)
		return r->jobs;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 ? (unsigned)cpus : 1;
}

/* The started programs' files, then their libraries, round by round (the
 * libraries of one round's files are the next round), each round's files
 * read on the threads and taken in order. */
static void
scan_rounds(struct launch_set *ls, launch_hit_fn fn, void *arg)
{
	struct round cur = { ls, NULL, 0 };

	for (size_t i = 0; i < ls->n; i++) {
		ls->p[i].libs = json_array();
		ls->p[i].mentions = json_array();
		ls->p[i].state = "unreadable";
		queue(ls, &cur, i, ls->p[i].path, true);
	}
	while (cur.n > 0) {
		struct round next = { ls, NULL, 0 };

		jobs_run(cur.n, threads_for(ls->r), read_one, &cur);
		for (size_t i = 0; i < cur.n; i++)
			take(ls, &cur.j[i], &next, fn, arg);
		free(cur.j);
		cur = next;
	}
	free(cur.j);
}

void
launch_scan(struct launch_set *ls, launch_hit_fn fn, void *arg)
{
	json_t *list;

	if (ls == NULL)
		return;
	list = facts_list(ls->r->f, "linux.started_programs", ls->r->in->index);
	load_markers(ls);
	scan_rounds(ls, fn, arg);
	for (size_t i = 0; i < ls->n; i++) {
		struct started *s = &ls->p[i];
		json_t *item;

		if (list == NULL || s->libs == NULL || s->mentions == NULL)
			continue;
		/* searched: null when its bytes could not be read (not evidence) */
		item = json_pack("{s:i, s:s, s:s, s:b, s:s, s:s, s:i, s:s, s:s, s:o, s:O, s:O}",
		    "input", ls->r->in->index, "name", s->word, "path", s->path, "daemon", s->daemon,
		    "started_by", s->how, "script", s->script, "line", (int)s->line,
		    "runs_as", s->user, "state", s->state, "searched", s->reason ? json_null() :
		    json_boolean(strcmp(s->state, "examined") == 0),
		    "libraries", s->libs, "mentions", s->mentions);
		if (item != NULL && s->reason != NULL)
			json_object_set_new(item, "reason", json_string(s->reason));
		json_array_append_new(list, item);
	}
}
