/* Boot scripts that fall back to no password. Classic OpenWrt (before
 * 18.06) starts telnetd when root's password field is empty or ! or x
 * (has_root_pwd in /etc/init.d/telnet); other firmware blanks a password
 * at boot (passwd -d root, sed writing root::, echo root::0:0: into
 * passwd) or runs a shell without login (telnetd -l /bin/sh, login -f).
 * Each is a linux.password_fallbacks item; open says whether, with the
 * accounts as shipped, it lets someone in without a password. A boot
 * script that cannot be read is an item with open null: not evidence. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rootfs.h"
#include "checks/secrets.h"
#include "util/oom.h"

#define MAX_SCRIPTS 512

struct pwf {
	struct rootfs *r;
	const struct pw_accounts *acc;
	json_t *list;
	char *done[MAX_SCRIPTS];	/* scripts read (resolved paths) */
	size_t ndone;
	regex_t blank_sed, blank_echo, field_test;
};

/* What each pattern looks like on one line (extended regular expressions):
 * sed rewriting a passwd/shadow line to NAME:: ; echo/printf writing
 * NAME:: into one; a shell test on root's field extracted from the file. */
static const char *const re_blank_sed = "sed .*([/^]|^)([a-z_][a-z0-9_-]*)::.*/etc/(passwd|shadow)";
static const char *const re_blank_echo =
    "(echo|printf)[^|]*['\" ]([a-z_][a-z0-9_-]*)::[^>]*>>? *['\"]?/etc/(passwd|shadow)";
static const char *const re_field_test = "(#\\*|\\^|\")root:";

static void
add(struct pwf *w, const char *path, unsigned line, const char *p, size_t n,
    const char *pattern, const char *account, const char *via)
{
	char ex[200];
	const char *state = NULL, *field;
	bool open;

	rootfs_excerpt(p, n, ex, sizeof(ex));
	if (strcmp(pattern, "blanks_password") == 0) {
		w->acc->blank(w->acc->ctx, account, path, line);
		open = true;
	} else if (strcmp(pattern, "shell_without_login") == 0) {
		open = true;
	} else {	/* the test passes (no password) on "", "!" or "x", or no such line */
		field = w->acc->field(w->acc->ctx, account, &state);
		open = field == NULL || *field == '\0' || strcmp(field, "!") == 0 ||
		    strcmp(field, "x") == 0 || (state != NULL &&
		    (strcmp(state, "no_shadow_entry") == 0 || strcmp(state, "empty") == 0));
	}
	json_array_append_new(w->list, json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:b}",
	    "input", w->r->in->index, "pattern", pattern, "path", path, "line", (int)line,
	    "excerpt", ex, "account", account, "via", via, "open", open));
}

/* regexec, with an out-of-memory matcher noted (util/oom.h): glibc may
 * report it as REG_ESPACE or as no match with errno ENOMEM. */
static bool
line_matches(const regex_t *re, const char *s, size_t nm, regmatch_t *m)
{
	int rc;

	errno = 0;
	rc = regexec(re, s, nm, m, 0);
	if (rc != 0 && (rc != REG_NOMATCH || errno == ENOMEM))
		oom_note();
	return rc == 0;
}

/* The word after token tok in [p, p+n) (login -f NAME), into out. */
static bool
word_after(const char *p, size_t n, const char *tok, char *out, size_t outsz)
{
	const char *t = memmem(p, n, tok, strlen(tok)), *end = p + n;
	size_t k = 0;

	if (t == NULL)
		return false;
	t += strlen(tok);
	while (t < end && (*t == ' ' || *t == '\t'))
		t++;
	while (t + k < end && (isalnum((unsigned char)t[k]) || t[k] == '_' || t[k] == '-') &&
	    k + 1 < outsz)
		k++;
	snprintf(out, outsz, "%.*s", (int)k, t);
	return k > 0 && out[0] != '-';
}

static bool
shell_arg(const char *p, size_t n)
{
	static const char *const shells[] = { "-l /bin/sh", "-l /bin/ash", "-l /bin/bash", "-l sh",
		"-l/bin/sh", NULL };

	for (int i = 0; shells[i]; i++) {
		const char *s = memmem(p, n, shells[i], strlen(shells[i]));
		size_t k = s ? (size_t)(s - p) + strlen(shells[i]) : 0;

		if (s != NULL && (k == n || strchr(" \t;&|\"'", p[k]) != NULL))
			return true;
	}
	return false;
}

static bool
telnetd_started(const char *p, size_t n)
{
	return memmem(p, n, "telnetd", 7) != NULL && (memmem(p, n, "telnetd -", 9) != NULL ||
	    memmem(p, n, "telnetd &", 9) != NULL || memmem(p, n, "bin/telnetd", 11) != NULL ||
	    n == 7 || memmem(p, n, "telnetd\"", 8) != NULL);
}

/* One line of a boot script: (b) and (c); (a) is judged on the file. */
static void
line_patterns(struct pwf *w, const char *path, const char *via, const char *p, size_t n,
    unsigned line)
{
	char buf[1024], name[64];
	regmatch_t m[3];

	if (n >= sizeof(buf))
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (word_after(buf, n, "passwd -d", name, sizeof(name)))
		add(w, path, line, p, n, "blanks_password", name, via);
	else if (line_matches(&w->blank_sed, buf, 3, m) || line_matches(&w->blank_echo, buf, 3, m)) {
		snprintf(name, sizeof(name), "%.*s", (int)(m[2].rm_eo - m[2].rm_so), buf + m[2].rm_so);
		add(w, path, line, p, n, "blanks_password", name, via);
	}
	if (telnetd_started(buf, n) && shell_arg(buf, n))
		add(w, path, line, p, n, "shell_without_login", "root", via);
	else if (word_after(buf, n, "login -f", name, sizeof(name)))
		add(w, path, line, p, n, "shell_without_login", name, via);
}

/* (a): the script reads root's field from passwd or shadow, tests it for
 * being empty, and starts telnetd (or a shell): the line that extracts the
 * field is the evidence. */
static void
script_patterns(struct pwf *w, const char *path, const char *via, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *field_at = NULL;
	size_t field_n = 0;
	unsigned line = 0, field_line = 0;
	bool files = false, test = false, starts = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *s = p;
		size_t n = (size_t)((nl ? nl : end) - p);
		char buf[1024];

		line++;
		p = nl ? nl + 1 : end;
		while (n > 0 && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		if (n == 0 || *s == '#' || n >= sizeof(buf))
			continue;
		memcpy(buf, s, n);
		buf[n] = '\0';
		line_patterns(w, path, via, s, n, line);
		files |= strstr(buf, "/etc/passwd") != NULL || strstr(buf, "/etc/shadow") != NULL ||
		    strstr(buf, "has_root_pwd") != NULL;
		test |= strstr(buf, "test -n") != NULL || strstr(buf, "test -z") != NULL ||
		    strstr(buf, "[ -n") != NULL || strstr(buf, "[ -z") != NULL;
		starts |= telnetd_started(buf, n) || shell_arg(buf, n);
		if (field_at == NULL && line_matches(&w->field_test, buf, 0, NULL)) {
			field_at = s;
			field_n = n;
			field_line = line;
		}
	}
	if (field_at != NULL && files && test && starts)
		add(w, path, field_line, field_at, field_n, "missing_hash_means_no_password", "root",
		    via);
}

static void
read_script(struct pwf *w, const char *path, const char *via)
{
	struct fw_err err = { "", 0 };
	const struct fs_entry *e;
	const char *why;
	char final[1024];
	uint8_t *b;
	size_t len;
	int rc;

	if (fstree_resolve(&w->r->t, path, true, &e, final, sizeof(final)) != FSR_OK || e == NULL ||
	    e->type != FS_REG || w->ndone >= MAX_SCRIPTS)
		return;
	for (size_t i = 0; i < w->ndone; i++)
		if (strcmp(w->done[i], final) == 0)
			return;
	if ((w->done[w->ndone] = strdup(final)) == NULL) {
		oom_note();
		return;
	}
	w->ndone++;
	rc = fstree_read(&w->r->t, final, ROOTFS_TEXT_MAX, &b, &len, &why, &err);
	if (rc != 0) {
		json_array_append_new(w->list, json_pack("{s:i, s:s, s:s, s:o, s:s, s:s, s:o}",
		    "input", w->r->in->index, "pattern", "unread", "path", final, "line", json_null(),
		    "via", via, "reason", rc < 0 ? err.msg : why, "open", json_null()));
		return;
	}
	script_patterns(w, w->done[w->ndone - 1], via, (const char *)b, len);
	free(b);
}

/* The scripts boot runs: inittab's sysinit (wait, once, boot) entries, or
 * init.d/rcS without one; init.d/S??*, rc.d and rc?.d start links, rc.local. */
static void
boot_scripts(struct pwf *w)
{
	const struct fstree *t = &w->r->t;
	const char *why;
	size_t len;
	uint8_t *b = rootfs_read(w->r, "etc/inittab", &len, &why);

	if (b == NULL)
		read_script(w, "etc/init.d/rcS", "boot script");
	for (char *save = NULL, *l = b ? strtok_r((char *)b, "\n", &save) : NULL; l;
	    l = strtok_r(NULL, "\n", &save)) {
		char *f[4];

		if (!rootfs_inittab_fields(l, f) || !rootfs_boot_action(f[2]))
			continue;
		f[3][strcspn(f[3], " \t\r")] = '\0';
		read_script(w, f[3], "inittab");
	}
	free(b);
	for (size_t i = 0; i < t->n; i++) {
		const char *how = rootfs_boot_dir_script(&t->e[i]);

		if (how != NULL)
			read_script(w, t->e[i].path, how);
	}
}

void
rootfs_pwfallback(struct rootfs *r, const struct pw_accounts *acc)
{
	struct pwf w = { .r = r, .acc = acc };

	if ((w.list = facts_list(r->f, "linux.password_fallbacks", r->in->index)) == NULL)
		return;
	/* fixed patterns: only memory can make them fail to compile */
	if (regcomp(&w.blank_sed, re_blank_sed, REG_EXTENDED) != 0) {
		oom_note();
		return;
	}
	if (regcomp(&w.blank_echo, re_blank_echo, REG_EXTENDED) != 0) {
		oom_note();
		regfree(&w.blank_sed);
		return;
	}
	if (regcomp(&w.field_test, re_field_test, REG_EXTENDED | REG_NOSUB) == 0) {
		boot_scripts(&w);
		regfree(&w.field_test);
		/* no boot script at all: nothing was read that could say */
		if (w.ndone == 0)
			json_array_append_new(w.list, json_pack("{s:i, s:s, s:n, s:n, s:s, s:s, s:n}",
			    "input", r->in->index, "pattern", "unread", "path", "line", "via",
			    "boot", "reason", "no boot script was found (no etc/inittab sysinit "
			    "entry, init.d/rcS, start links or rc.local)", "open"));
	} else
		oom_note();
	regfree(&w.blank_sed);
	regfree(&w.blank_echo);
	for (size_t i = 0; i < w.ndone; i++)
		free(w.done[i]);
}
