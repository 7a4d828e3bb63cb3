/* Accounts: passwd, shadow and group as shipped; empty and locked
 * passwords, UID 0 besides root, a shadow file readable by all, and every
 * hash tried against the default-password list (rules/data) with
 * libcrypt. A passwd that is a link filled at boot (TP-Link: /etc/passwd
 * -> /var/passwd, copied from /etc/passwd.bak by rcS) is followed to the
 * file the init scripts copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rootfs.h"
#include "checks/rootfs_crack.h"
#include "checks/secrets.h"
#include "core/ruleset.h"

#define MAX_ACCOUNTS 4096
#define MAX_CANDIDATES 1000000

struct account {
	char name[64], pw[256], shell[256], home[256];
	long uid, gid;
	unsigned line;
	const char *state;	/* hash, empty, locked, shadow, no_shadow_entry,
				 * unread (its shadow could not be read) */
	const char *hash_type;
	const char *pw_source;	/* file the password field came from */
	unsigned pw_line;
	char blanked_by[300];	/* a boot script that empties it: "path line N" */
};

struct accts {
	struct rootfs *r;
	struct account *a;
	size_t n;
	char passwd_path[1024], shadow_path[1024];
};

/* The n-th ':' field of line [p, p+len) into out. */
static bool
field(const char *p, size_t len, int n, char *out, size_t outsz)
{
	const char *end = p + len;

	for (int i = 0; i < n; i++) {
		const char *c = memchr(p, ':', (size_t)(end - p));

		if (c == NULL)
			return false;
		p = c + 1;
	}
	{
		const char *c = memchr(p, ':', (size_t)(end - p));
		size_t k = (size_t)((c ? c : end) - p);

		if (k >= outsz)
			return false;
		memcpy(out, p, k);
		out[k] = '\0';
	}
	return true;
}

static bool
printable_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != '\t')
			return false;
	return true;
}

static void
classify(struct account *a)
{
	const char *pw = a->pw;

	a->hash_type = NULL;
	if (*pw == '\0')
		a->state = "empty";
	else if (pw[0] == '!' || pw[0] == '*')
		a->state = "locked";
	else if (strcmp(pw, "x") == 0)
		a->state = "shadow";
	else if ((a->hash_type = crack_hash_type(pw)) != NULL)
		a->state = "hash";
	else
		a->state = "locked";	/* no crypt() result can equal it */
}

/* Lines of a passwd file; bad lines are a warning each. */
static void
parse_passwd(struct accts *s, const char *path, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 0;

	while (p < end && s->n < MAX_ACCOUNTS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		struct account *a = &s->a[s->n];
		char uid[24], gid[24];
		char *e1, *e2;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#') {
			p = nl ? nl + 1 : end;
			continue;
		}
		memset(a, 0, sizeof(*a));
		if (!printable_line(p, n) || !field(p, n, 0, a->name, sizeof(a->name)) ||
		    !field(p, n, 1, a->pw, sizeof(a->pw)) || !field(p, n, 2, uid, sizeof(uid)) ||
		    !field(p, n, 3, gid, sizeof(gid)) || (a->uid = strtol(uid, &e1, 10), *e1) ||
		    (a->gid = strtol(gid, &e2, 10), *e2) || !*uid || !*a->name) {
			facts_warn(s->r->f, "%s: %s line %u is not a passwd entry (name:password:"
			    "UID:GID:...); skipped", s->r->in->path, path, line);
			p = nl ? nl + 1 : end;
			continue;
		}
		field(p, n, 5, a->home, sizeof(a->home));
		field(p, n, 6, a->shell, sizeof(a->shell));
		a->line = line;
		a->pw_source = path;
		a->pw_line = line;
		classify(a);
		s->n++;
		p = nl ? nl + 1 : end;
	}
}

static void
apply_shadow(struct accts *s, const char *path, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char name[64], pw[256];

		line++;
		if (n > 0 && printable_line(p, n) && field(p, n, 0, name, sizeof(name)) &&
		    field(p, n, 1, pw, sizeof(pw)))
			for (size_t i = 0; i < s->n; i++)
				if (strcmp(s->a[i].name, name) == 0 &&
				    strcmp(s->a[i].state, "shadow") == 0) {
					snprintf(s->a[i].pw, sizeof(s->a[i].pw), "%s", pw);
					s->a[i].pw_source = path;
					s->a[i].pw_line = line;
					classify(&s->a[i]);
					if (strcmp(s->a[i].state, "shadow") == 0)
						s->a[i].state = "locked";	/* "x" in shadow too */
				}
		p = nl ? nl + 1 : end;
	}
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->a[i].state, "shadow") == 0)
			s->a[i].state = "no_shadow_entry";
}

/* Init scripts that may fill a boot-time file. */
static bool
is_init_script(const char *path)
{
	return strncmp(path, "etc/init.d/", 11) == 0 || strncmp(path, "etc/rc.d/", 9) == 0 ||
	    strcmp(path, "etc/rcS") == 0 || strncmp(path, "etc/rc.", 7) == 0 ||
	    strcmp(path, "etc/preinit") == 0;
}

/* In a script line "cp [-opts] SRC TARGET" (or "cat SRC > TARGET"), SRC. */
static bool
copy_source(const char *line, size_t n, const char *target, char *src, size_t srcsz)
{
	char buf[512], *tok[16], *save = NULL;
	int nt = 0;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, line, n);
	buf[n] = '\0';
	for (char *t = strtok_r(buf, " \t;&", &save); t && nt < 16; t = strtok_r(NULL, " \t;&", &save))
		tok[nt++] = t;
	for (int i = 1; i < nt; i++) {
		if (strcmp(tok[i], target) != 0 && !(strcmp(tok[i], ">") == 0 && i + 1 < nt &&
		    strcmp(tok[i + 1], target) == 0))
			continue;
		if ((strcmp(tok[0], "cp") == 0 || strcmp(tok[0], "cat") == 0) && tok[i - 1][0] != '-') {
			snprintf(src, srcsz, "%s", tok[i - 1]);
			return strcmp(tok[i - 1], ">") != 0;
		}
	}
	return false;
}

/* Where a boot script copies target from: the source path and the script. */
static bool
boot_source(struct rootfs *r, const char *target, char *src, size_t srcsz, char *how,
    size_t howsz)
{
	for (size_t i = 0; i < r->t.n; i++) {
		const struct fs_entry *e = &r->t.e[i];
		const char *why;
		size_t len;
		uint8_t *b;
		unsigned line = 0;

		if (e->type != FS_REG || !is_init_script(e->path) ||
		    (b = rootfs_read(r, e->path, &len, &why)) == NULL)
			continue;
		for (const char *p = (const char *)b, *end = p + len; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = (size_t)((nl ? nl : end) - p);

			line++;
			while (n > 0 && (*p == ' ' || *p == '\t')) {
				p++;
				n--;
			}
			if (copy_source(p, n, target, src, srcsz)) {
				snprintf(how, howsz, "%s line %u", e->path, line);
				free(b);
				return true;
			}
			p = nl ? nl + 1 : end;
		}
		free(b);
	}
	return false;
}

/* etc/passwd or etc/shadow: read, or followed to the file boot copies
 * into its link target. The item describes what was found. */
static uint8_t *
account_file(struct accts *s, const char *which, const char *path, size_t *len, json_t **item,
    char *read_path, size_t rpsz)
{
	struct rootfs *r = s->r;
	const struct fs_entry *e, *link = NULL;
	char final[1024] = "", target[1030], src[512], how[600];
	enum fs_resolve rc = fstree_resolve(&r->t, path, true, &e, final, sizeof(final));
	uint8_t *b = NULL;
	const char *why = NULL;

	*item = json_pack("{s:i, s:s, s:s}", "input", r->in->index, "name", which, "path", path);
	if (fstree_resolve(&r->t, path, false, &link, NULL, 0) == FSR_OK && link != NULL &&
	    link->type == FS_LNK)
		json_object_set_new(*item, "link_target", json_string(link->link));
	if (rc == FSR_OK && e != NULL && e->type == FS_REG) {
		snprintf(read_path, rpsz, "%s", final);
		json_object_set_new(*item, "state", json_string("present"));
		json_object_set_new(*item, "mode", json_integer(e->mode));
		json_object_set_new(*item, "world_readable", json_boolean(e->mode & 04));
		if ((b = rootfs_read(r, final, len, &why)) == NULL) {
			json_object_set_new(*item, "error", json_string(why));
			facts_warn(r->f, "%s: %s: not read, so the accounts' passwords are not judged", final, why);
		}
		return b;
	}
	snprintf(target, sizeof(target), "/%s", final);
	if (rc == FSR_MISSING && link != NULL && link->type == FS_LNK && link->link != NULL &&
	    boot_source(r, target, src, sizeof(src), how,
	    sizeof(how)) && fstree_resolve(&r->t, src, true, &e, final, sizeof(final)) == FSR_OK &&
	    e != NULL && e->type == FS_REG) {
		snprintf(read_path, rpsz, "%s", final);
		json_object_set_new(*item, "state", json_string("filled_at_boot"));
		json_object_set_new(*item, "read_from", json_string(final));
		json_object_set_new(*item, "copied_by", json_string(how));
		json_object_set_new(*item, "mode", json_integer(e->mode));
		json_object_set_new(*item, "world_readable", json_boolean(e->mode & 04));
		if ((b = rootfs_read(r, final, len, &why)) == NULL) {
			json_object_set_new(*item, "error", json_string(why));
			facts_warn(r->f, "%s: %s: not read, so the accounts' passwords are not judged", final, why);
		}
		return b;
	}
	json_object_set_new(*item, "state", json_string(rc == FSR_LOOP ? "link_loop" :
	    rc != FSR_OK && link != NULL && link->type == FS_LNK ? "link_to_missing" :
	    e != NULL ? "not_a_file" : "missing"));
	return NULL;
}

/* rules/data/default-passwords.txt: one password a line, # comments. */
static char *
load_candidates(struct rootfs *r, const char ***list, size_t *n)
{
	char path[4096];
	FILE *fp;
	char *text = NULL;
	size_t len = 0, cap = 0, k = 0;

	*list = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/data/default-passwords.txt", rules_default_dir());
	if ((fp = fopen(path, "r")) == NULL) {
		facts_warn(r->f, "%s: cannot read the default-password list; hashes not tried", path);
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *t = realloc(text, cap = cap ? cap * 2 : 65536);

			if (t == NULL)
				break;
			text = t;
		}
		size_t got = fread(text + len, 1, cap - len - 1, fp);

		if (got == 0)
			break;
		len += got;
	}
	fclose(fp);
	if (text == NULL)
		return NULL;
	text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		k += text[i] == '\n';
	if ((*list = calloc(k + 2, sizeof(**list))) == NULL) {
		free(text);
		return NULL;
	}
	(*list)[(*n)++] = "";	/* the empty password: a hash of nothing */
	for (char *p = text, *save = NULL, *l = strtok_r(p, "\n", &save); l && *n < MAX_CANDIDATES;
	    l = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(l);

		if (ll && l[ll - 1] == '\r')
			l[--ll] = '\0';
		if (ll && l[0] != '#')
			(*list)[(*n)++] = l;
	}
	return text;
}

static void
mask(const char *pw, char *out, size_t n)
{
	if (*pw == '\0')
		snprintf(out, n, "(empty)");
	else
		secret_mask((const uint8_t *)pw, strlen(pw), out, n);
}

/* Every distinct hash once, against the list and the account's own name. */
static void
try_passwords(struct accts *s)
{
	struct rootfs *r = s->r;
	const char **cand;
	size_t nc, nh = 0, calls;
	char *text = load_candidates(r, &cand, &nc);
	struct crack_hash *h = calloc(s->n + 1, sizeof(*h));
	size_t *of = calloc(s->n + 1, sizeof(*of));
	json_t *matches;

	/* No list, no verdict: without candidates the matches stay absent. */
	if (text == NULL || h == NULL || of == NULL ||
	    (matches = facts_list(r->f, "linux.password_matches", r->in->index)) == NULL)
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->a[i].state, "hash") != 0)
			continue;
		h[nh].hash = s->a[i].pw;
		h[nh].own = s->a[i].name;
		of[i] = ++nh;
	}
	calls = crack_run(h, nh, cand, nc, r->jobs);
	for (size_t i = 0; i < s->n; i++) {
		struct account *a = &s->a[i];
		struct crack_hash *x;
		const char *pw;
		char masked[32];

		if (strcmp(a->state, "unread") == 0)
			json_array_append_new(matches, json_pack("{s:i, s:s, s:s, s:s}",
			    "input", r->in->index, "label", a->name, "source", s->shadow_path,
			    "reason", "its shadow file could not be read (see the warnings); "
			    "no hash was compared"));
		if (of[i] == 0)
			continue;
		x = &h[of[i] - 1];
		/* Not compared is not "no match": an item without a name is
		 * unknown to the rules, with this reason. */
		if (x->uncomputable)
			json_array_append_new(matches, json_pack("{s:i, s:s, s:s, s:s, s:i, s:s}",
			    "input", r->in->index, "label", a->name, "hash_type", a->hash_type,
			    "source", a->pw_source, "line", (int)a->pw_line, "reason",
			    "libcrypt cannot compute this hash (its scheme or cost is refused); "
			    "the default-password list was not compared"));
		if (!x->found)
			continue;
		pw = x->match < 0 ? a->name : cand[x->match];
		mask(pw, masked, sizeof(masked));
		json_array_append_new(matches, json_pack("{s:i, s:s, s:s, s:s, s:i, s:s, s:i, s:s}",
		    "input", r->in->index, "name", a->name, "hash_type", a->hash_type,
		    "masked", masked, "length", (int)strlen(pw), "source", a->pw_source,
		    "line", (int)a->pw_line, "candidate",
		    x->match < 0 ? "account name" : *pw ? "default-password list" : "empty"));
	}
	/* The number of crypt() calls depends on the threads' timing (a match
	 * stops a hash early): the facts keep only what does not. */
	(void)calls;
	json_array_append_new(facts_list(r->f, "linux.password_trials", r->in->index),
	    json_pack("{s:i, s:I, s:I}", "input", r->in->index, "hashes", (json_int_t)nh,
	    "candidates", (json_int_t)nc));
out:
	free(h);
	free(of);
	free(cand);
	free(text);
}

static struct account *
acct_find(struct accts *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->a[i].name, name) == 0)
			return &s->a[i];
	return NULL;
}

static const char *
acct_field(void *ctx, const char *name, const char **state)
{
	struct account *a = acct_find(ctx, name);

	*state = a ? a->state : NULL;
	return a ? a->pw : NULL;
}

/* A boot script empties the password: that is the account's state. */
static void
acct_blank(void *ctx, const char *name, const char *path, unsigned line)
{
	struct account *a = acct_find(ctx, name);

	if (a == NULL || a->blanked_by[0])
		return;
	a->pw[0] = '\0';
	a->state = "empty";
	a->hash_type = NULL;
	snprintf(a->blanked_by, sizeof(a->blanked_by), "%s line %u", path, line);
}

static void
account_facts(struct accts *s)
{
	struct rootfs *r = s->r;
	json_t *list = facts_list(r->f, "linux.accounts", r->in->index);

	for (size_t i = 0; i < s->n && list; i++) {
		const struct account *a = &s->a[i];
		const char *sh = a->shell;
		bool login = *sh && !strstr(sh, "nologin") && strcmp(sh, "/bin/false") != 0 &&
		    strcmp(sh, "/sbin/false") != 0 && strcmp(sh, "/bin/sync") != 0;

		json_array_append_new(list, json_pack("{s:i, s:s, s:I, s:I, s:s, s:s, s:o, s:o, "
		    "s:b, s:b, s:s, s:i, s:b}", "input", r->in->index, "name", a->name,
		    "uid", (json_int_t)a->uid, "gid", (json_int_t)a->gid, "home", a->home,
		    "shell", a->shell, "password",
		    strcmp(a->state, "unread") ? json_string(a->state) : json_null(),
		    "hash_type", a->hash_type ? json_string(a->hash_type) : json_null(),
		    "uid0", a->uid == 0, "login_shell", login, "source", a->pw_source,
		    "line", (int)a->pw_line, "hash_in_passwd",
		    strcmp(a->state, "hash") == 0 && strcmp(a->pw_source, s->passwd_path) == 0));
		if (a->blanked_by[0])
			json_object_set_new(json_array_get(list, json_array_size(list) - 1),
			    "blanked_by", json_string(a->blanked_by));
	}
}

void
rootfs_accounts(struct rootfs *r)
{
	struct accts s = { .r = r, .a = calloc(MAX_ACCOUNTS, sizeof(struct account)) };
	json_t *files = facts_list(r->f, "linux.account_files", r->in->index), *item;
	uint8_t *pw, *sh, *gr;
	size_t len;
	char gpath[1024];

	if (s.a == NULL || files == NULL) {
		free(s.a);
		return;
	}
	pw = account_file(&s, "passwd", "etc/passwd", &len, &item, s.passwd_path,
	    sizeof(s.passwd_path));
	json_array_append_new(files, item);
	if (pw != NULL)
		parse_passwd(&s, s.passwd_path, (const char *)pw, len);
	sh = account_file(&s, "shadow", "etc/shadow", &len, &item, s.shadow_path,
	    sizeof(s.shadow_path));
	json_array_append_new(files, item);
	if (sh != NULL)
		apply_shadow(&s, s.shadow_path, (const char *)sh, len);
	else	/* a shadow that is there but could not be read tells nothing */
		for (size_t i = 0; i < s.n; i++)
			if (strcmp(s.a[i].state, "shadow") == 0)
				s.a[i].state = json_object_get(item, "error") ? "unread" :
				    "no_shadow_entry";
	gr = account_file(&s, "group", "etc/group", &len, &item, gpath, sizeof(gpath));
	json_array_append_new(files, item);
	if (pw != NULL)
		try_passwords(&s);
	rootfs_pwfallback(r, &(struct pw_accounts){ &s, acct_field, acct_blank });
	if (pw != NULL)
		account_facts(&s);
	free(pw);
	free(sh);
	free(gr);
	free(s.a);
}
