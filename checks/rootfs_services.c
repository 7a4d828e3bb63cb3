/* Services and consoles from what boot starts: inittab (consoles, the
 * sysinit script), rcS and init.d scripts, OpenWrt's rc.d start links,
 * systemd units enabled in a .wants directory, inetd.conf, and the
 * daemons the programs they start launch (checks/rootfs_launch.c); debug
 * tools shipped. The servers' settings are read in checks/rootfs_ssh.c.
 * Nothing is executed: a service is what a boot file or a started
 * program's strings name. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rootfs.h"
#include "checks/secrets.h"
#include "util/oom.h"
#include "util/text.h"

/* Daemons looked for, and what they are. */
const struct rootfs_daemon rootfs_daemons[] = {
	{ "telnetd", "telnet" }, { "utelnetd", "telnet" }, { "in.telnetd", "telnet" },
	{ "rlogind", "rlogin" }, { "in.rlogind", "rlogin" },
	{ "ftpd", "ftp" }, { "vsftpd", "ftp" }, { "proftpd", "ftp" }, { "pure-ftpd", "ftp" },
	{ "tftpd", "tftp" }, { "in.tftpd", "tftp" },
	{ "dropbear", "ssh" }, { "sshd", "ssh" },
	{ "httpd", "http" }, { "uhttpd", "http" }, { "lighttpd", "http" }, { "boa", "http" },
	{ "goahead", "http" }, { "mini_httpd", "http" }, { "thttpd", "http" }, { "nginx", "http" },
	{ "tddp", "vendor-debug" }, { "gdbserver", "debugger" },
	{ "upnpd", "upnp" }, { "miniupnpd", "upnp" }, { "snmpd", "snmp" },
	{ "dnsmasq", "dns" }, { "rpcd", "rpc" }, { "mosquitto", "mqtt" },
};
#define NDAEMONS (sizeof(rootfs_daemons) / sizeof(rootfs_daemons[0]))
const size_t rootfs_ndaemons = NDAEMONS;
#define daemons rootfs_daemons

static const char *const debug_tools[] = { "gdbserver", "gdb", "strace", "ltrace",
	"tcpdump", "valgrind", "perf", NULL };

struct svc {
	struct rootfs *r;
	json_t *services, *consoles, *ssh;
	struct launch_set *launch;	/* programs the boot files start */
	const char *cur_path;		/* the file being scanned */
	bool seen_here[NDAEMONS];	/* a daemon listed once per file */
	char unread[512];		/* the first boot file there but not read */
	unsigned nunread;
	unsigned nread;			/* boot files read */
	bool consoles_known;		/* an inittab read, or BusyBox init's own */
};

/* A boot file's bytes. One that is there but cannot be read (too large, a
 * link loop, damaged) is noted: what it starts is then unknown. */
static uint8_t *
svc_read(struct svc *s, const char *path, size_t *len)
{
	const char *why;
	uint8_t *b = rootfs_read(s->r, path, len, &why);

	if (b != NULL)
		s->nread++;
	else if (strcmp(why, "not in the image") != 0) {
		if (s->nunread++ == 0)
			snprintf(s->unread, sizeof(s->unread), "%s: %s", path, why);
		facts_warn(s->r->f, "%s: %s: %s: not read, so what it starts is unknown to the service, "
		    "console and SSH rules", s->r->in->path, path, why);
	}
	return b;
}

/* Calls fn on every line (without its newline), with its number. */
static void
each_line(const char *text, size_t len, void (*fn)(void *, const char *, size_t, unsigned),
    void *arg)
{
	const char *p = text, *end = text + len;
	unsigned line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		fn(arg, p, n, line);
		p = nl ? nl + 1 : end;
	}
}

void
rootfs_each_command(const char *s, size_t n, rootfs_cmd_fn fn, void *arg)
{
	static const char *const prefixes[] = { "exec", "nohup", "-x", "--exec", "--startas",
		"command", "busybox", "setsid", "chroot", "nice", "service_start", NULL };
	char buf[1024], *save = NULL;
	bool first = true;

	if (n >= sizeof(buf))
		return;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(t, '='), *v = t, *base;
		bool starts = first;

		if (eq != NULL && eq > t && first) {	/* VAR=value: value counts */
			v = eq + 1;
			starts = true;
		}
		while (*v == '"' || *v == '\'' || *v == '(' || *v == '`')
			v++;
		base = strrchr(v, '/');
		base = base ? base + 1 : v;
		if (starts)
			fn(arg, v, (size_t)(base - v) + strcspn(base, "\"';&|)`"));
		first = false;
		for (int i = 0; prefixes[i]; i++)
			if (strcmp(t, prefixes[i]) == 0)
				first = true;
		if (strpbrk(t, ";&|`(") != NULL && t[strlen(t) - 1] != '"')
			first = true;
		if (eq != NULL && eq > t && starts && v != t)
			first = true;	/* VAR=x cmd: cmd is the command */
	}
}

struct word_match {
	const char *word;
	bool found;
};

static void
match_word(void *arg, const char *w, size_t len)
{
	struct word_match *m = arg;
	const char *base = w + len;
	size_t wl = strlen(m->word);

	while (base > w && base[-1] != '/')
		base--;
	if ((size_t)(w + len - base) == wl && memcmp(base, m->word, wl) == 0)
		m->found = true;
}

/* Whether a command in the shell line s runs the daemon word: a token
 * whose base name is word, first in its command (after ; & | ` ( or a
 * prefix such as exec, nohup, start-stop-daemon -x/--exec), or the value
 * of an assignment (OpenWrt init scripts: PROG=/usr/sbin/dropbear). */
static const char *
command_word(const char *s, size_t n, const char *word)
{
	struct word_match m = { word, false };

	if (memmem(s, n, word, strlen(word)) == NULL)
		return NULL;
	rootfs_each_command(s, n, match_word, &m);
	return m.found ? s : NULL;
}

void
rootfs_excerpt(const char *p, size_t n, char *out, size_t outsz)
{
	size_t k = 0;

	while (n > 0 && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	for (size_t i = 0; i < n && k + 1 < outsz; i++)
		out[k++] = (unsigned char)p[i] >= 0x20 && (unsigned char)p[i] < 0x7f ? p[i] : '?';
	out[k] = '\0';
}

static void
add_service(struct svc *s, size_t d, const char *how, const char *path, unsigned line,
    const char *cmd, size_t cmdlen, const char *user)
{
	char ex[200];

	if (s->cur_path != path) {
		memset(s->seen_here, 0, sizeof(s->seen_here));
		s->cur_path = path;
	}
	if (s->seen_here[d])
		return;
	s->seen_here[d] = true;
	rootfs_excerpt(cmd, cmdlen, ex, sizeof(ex));
	json_array_append_new(s->services, json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:s}",
	    "input", s->r->in->index, "name", daemons[d].name, "kind", daemons[d].what,
	    "started_by", how, "path", path, "line", (int)line, "command", ex,
	    "runs_as", user && *user ? user : "root"));
}

struct script_ctx {
	struct svc *s;
	const char *path, *how;
	char user[32];		/* the file's (procd_set_param user, systemd User=) */
};

/* A user name token into out (up to ':' of user:group); false if none. */
static bool
user_token(const char *t, char *out, size_t outsz)
{
	size_t k = strcspn(t, ":\"' \t;&");

	if (k == 0 || k >= outsz || !(isalpha((unsigned char)t[0]) || t[0] == '_'))
		return false;
	snprintf(out, outsz, "%.*s", (int)k, t);
	return true;
}

/* Who a command line runs its daemon as, when it says: start-stop-daemon
 * -c/--chuid, su USER -c, runuser -u, chpst -u, setuidgid, a daemon's own
 * --user=USER / -u USER. Empty when it does not. */
static void
line_user(const char *p, size_t n, char *out, size_t outsz)
{
	char buf[1024], *tok[64], *save = NULL;
	int nt = 0;

	out[0] = '\0';
	if (n >= sizeof(buf))
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
	for (char *t = strtok_r(buf, " \t", &save); t && nt < 64; t = strtok_r(NULL, " \t", &save))
		tok[nt++] = t;
	for (int i = 0; i < nt; i++) {
		const char *next = i + 1 < nt ? tok[i + 1] : "";

		if (strncmp(tok[i], "--user=", 7) == 0 && user_token(tok[i] + 7, out, outsz))
			return;
		if (strncmp(tok[i], "--chuid=", 8) == 0 && user_token(tok[i] + 8, out, outsz))
			return;
		if ((strcmp(tok[i], "--user") == 0 || strcmp(tok[i], "-u") == 0 ||
		    strcmp(tok[i], "--chuid") == 0 || strcmp(tok[i], "-c") == 0 ||
		    strcmp(tok[i], "setuidgid") == 0) && user_token(next, out, outsz) &&
		    (strcmp(tok[i], "-c") != 0 || strstr(p, "start-stop-daemon") != NULL))
			return;
		if (strcmp(tok[i], "su") == 0) {
			int j = i + 1;

			while (j < nt && tok[j][0] == '-' && strcmp(tok[j], "-c") != 0)
				j += strcmp(tok[j], "-s") == 0 ? 2 : 1;
			if (j < nt && user_token(tok[j], out, outsz))
				return;
		}
	}
	out[0] = '\0';
}

/* procd_set_param user USER (OpenWrt), User=USER (systemd), or a
 * --user=USER argument built up elsewhere in the script, in a file. */
static void
file_user(const uint8_t *b, size_t len, char *out, size_t outsz)
{
	const char *p;

	out[0] = '\0';
	if ((p = memmem(b, len, "procd_set_param user ", 21)) != NULL)
		user_token(p + 21, out, outsz);
	else if ((p = memmem(b, len, "\nUser=", 6)) != NULL)
		user_token(p + 6, out, outsz);
	else if ((p = memmem(b, len, "--user=", 7)) != NULL)	/* OpenWrt: xappend "--user=dnsmasq" */
		user_token(p + 7, out, outsz);
}

struct note_ctx {
	struct script_ctx *c;
	unsigned line;
	const char *user;
};

static void
note_program(void *arg, const char *word, size_t len)
{
	struct note_ctx *nc = arg;

	launch_note(nc->c->s->launch, word, len, nc->c->how, nc->c->path, nc->line, nc->user);
}

static void
script_line(void *arg, const char *p, size_t n, unsigned line)
{
	struct script_ctx *c = arg;
	char user[32];
	struct note_ctx nc = { c, line, user };

	while (n > 0 && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	if (n == 0 || *p == '#')
		return;
	for (size_t d = 0; d < NDAEMONS; d++)
		if (command_word(p, n, daemons[d].name) != NULL) {
			line_user(p, n, user, sizeof(user));
			add_service(c->s, d, c->how, c->path, line, p, n, *user ? user : c->user);
		}
	line_user(p, n, user, sizeof(user));
	if (*user == '\0')
		nc.user = c->user;
	rootfs_each_command(p, n, note_program, &nc);
}

static void
scan_script(struct svc *s, const char *path, const char *how)
{
	struct script_ctx c = { s, path, how, "" };
	size_t len;
	uint8_t *b = svc_read(s, path, &len);

	if (b != NULL) {
		file_user(b, len, c.user, sizeof(c.user));
		each_line((const char *)b, len, script_line, &c);
	}
	free(b);
}

/* A console's program: does it ask for a password? A shell run directly
 * (or by a script that execs one) does not; getty -a/-n -l and
 * --autologin log in without one. */
static const char *
console_access(struct svc *s, const char *prog, char *script, size_t scriptsz)
{
	const char *why;
	char first[256];
	size_t len, k = strcspn(prog, " \t");
	uint8_t *b;
	const char *verdict;

	script[0] = '\0';
	if (strstr(prog, "--autologin") || (strstr(prog, "getty") && strstr(prog, " -a ")) ||
	    (strstr(prog, "getty") && strstr(prog, "-n") && strstr(prog, "-l")))
		return "autologin";
	snprintf(first, sizeof(first), "%.*s", (int)k, prog[0] == '-' ? prog + 1 : prog);
	if (strcmp(first, "/bin/sh") == 0 || strcmp(first, "/bin/ash") == 0 ||
	    strcmp(first, "/bin/bash") == 0 || strcmp(first, "sh") == 0)
		return "shell";
	if (strstr(first, "getty") || strstr(first, "login") == first + strlen(first) - 5)
		return "login";
	if ((b = rootfs_read(s->r, first, &len, &why)) == NULL)
		return strstr(prog, "login") || strstr(prog, "getty") ? "login" : "unknown";
	snprintf(script, scriptsz, "%s", first);
	/* OpenWrt's login.sh: a shell unless the system's ttylogin option is set */
	if (bytes_contain(b, len, "exec /bin/ash") || bytes_contain(b, len, "exec /bin/sh"))
		verdict = bytes_contain(b, len, "/bin/login") ? "shell_unless_configured" : "shell";
	else
		verdict = bytes_contain(b, len, "login") ? "login" : "unknown";
	free(b);
	return verdict;
}

struct inittab_ctx {
	struct svc *s;
	const char *path;
	char boot[4][256];	/* sysinit scripts */
	int nboot;
};

/* A linux.consoles item: an inittab entry, or BusyBox init's built-in one
 * (path NULL). */
static void
add_console(struct svc *s, const char *tty, const char *path, unsigned line,
    const char *action, const char *prog)
{
	char script[256], ex[200], name[300];
	const char *access = console_access(s, prog, script, sizeof(script));
	json_t *item;

	/* getty's tty is its argument */
	if (strstr(prog, "getty")) {
		const char *t = strstr(prog, " tty");

		if (t != NULL)
			sscanf(t + 1, "%31s", name);
		else
			snprintf(name, sizeof(name), "%.63s", tty);
	} else
		snprintf(name, sizeof(name), "%.63s", tty);
	rootfs_excerpt(prog, strlen(prog), ex, sizeof(ex));
	item = json_pack("{s:i, s:s, s:o, s:i, s:s, s:s, s:s, s:o}",
	    "input", s->r->in->index, "name", name, "path", path ? json_string(path) : json_null(),
	    "line", (int)line, "action", action, "program", ex, "access", access,
	    "script", script[0] ? json_string(script) : json_null());
	if (item != NULL && path == NULL)
		json_object_set_new(item, "builtin",
		    json_string("BusyBox init's default when etc/inittab is absent"));
	if (item == NULL || json_array_append_new(s->consoles, item) != 0)
		oom_note();
}

/* BusyBox init, when there is no inittab, runs rcS and its built-in
 * "::askfirst:-/bin/sh" on the console: a shell without a login. */
static bool
busybox_init(struct rootfs *r)
{
	const struct fs_entry *e;
	char final[1024];

	if (fstree_resolve(&r->t, "sbin/init", true, &e, final, sizeof(final)) != FSR_OK ||
	    e == NULL)
		return false;
	return str_has_suffix(final, "/busybox");
}

bool
rootfs_inittab_fields(char *line, char *f[4])
{
	int nf = 0;

	if (line[0] == '#')
		return false;
	/* id:runlevels:action:process (process may hold ':') */
	f[nf++] = line;
	for (char *q = line; *q && nf < 4; q++)
		if (*q == ':') {
			*q = '\0';
			f[nf++] = q + 1;
		}
	return nf == 4;
}

bool
rootfs_boot_action(const char *a)
{
	return strcmp(a, "sysinit") == 0 || strcmp(a, "wait") == 0 || strcmp(a, "once") == 0 ||
	    strcmp(a, "boot") == 0 || strcmp(a, "bootwait") == 0;
}

const char *
rootfs_boot_dir_script(const struct fs_entry *e)
{
	const char *p = e->path, *base = strrchr(p, '/');

	base = base ? base + 1 : p;
	if ((strncmp(p, "etc/init.d/S", 12) == 0 || strncmp(p, "etc/rc.d/S", 10) == 0 ||
	    (strncmp(p, "etc/rc", 6) == 0 && strstr(p, ".d/S") != NULL)) &&
	    isdigit((unsigned char)base[1]) && isdigit((unsigned char)base[2]))
		return e->type == FS_LNK ? "rc.d start link" : "boot script";
	return strcmp(p, "etc/rc.local") == 0 ? "boot script" : NULL;
}

static void
inittab_line(void *arg, const char *p, size_t n, unsigned line)
{
	struct inittab_ctx *c = arg;
	char l[512], *f[4];

	if (n == 0 || n >= sizeof(l))
		return;
	memcpy(l, p, n);
	l[n] = '\0';
	if (!rootfs_inittab_fields(l, f))
		return;
	if (rootfs_boot_action(f[2])) {
		if (c->nboot < 4)
			sscanf(f[3], "%255s", c->boot[c->nboot++]);
		return;
	}
	if (strcmp(f[2], "askfirst") == 0 || strcmp(f[2], "respawn") == 0) {
		add_console(c->s, *f[0] ? f[0] : "console", c->path, line, f[2], f[3]);
		for (size_t d = 0; d < NDAEMONS; d++)
			if (command_word(f[3], strlen(f[3]), daemons[d].name) != NULL)
				add_service(c->s, d, "inittab", c->path, line, f[3], strlen(f[3]), NULL);
		launch_note(c->s->launch, f[3], strcspn(f[3], " \t"), "inittab", c->path, line, NULL);
	}
}

static void
scan_inittab(struct svc *s)
{
	struct inittab_ctx c = { .s = s, .path = "etc/inittab" };
	size_t len;
	unsigned unread = s->nunread;
	uint8_t *b = svc_read(s, "etc/inittab", &len);

	if (b == NULL) {
		if (s->nunread > unread)
			return;		/* there, not read: nothing is known */
		scan_script(s, "etc/init.d/rcS", "boot script");
		if ((s->consoles_known = busybox_init(s->r)))
			add_console(s, "console", NULL, 0, "askfirst", "-/bin/sh");
		return;
	}
	s->consoles_known = true;
	each_line((const char *)b, len, inittab_line, &c);
	free(b);
	for (int i = 0; i < c.nboot; i++)
		scan_script(s, c.boot[i], "boot script");
}

/* Boot scripts beyond inittab's: init.d/S??* (BusyBox rcS runs them),
 * rc.d/S??* start links (OpenWrt, SysV), rc.local. */
static void
scan_boot_dirs(struct svc *s)
{
	struct rootfs *r = s->r;

	for (size_t i = 0; i < r->t.n; i++) {
		const char *how = rootfs_boot_dir_script(&r->t.e[i]);

		if (how != NULL)
			scan_script(s, r->t.e[i].path, how);
	}
}

static void
unit_line(void *arg, const char *p, size_t n, unsigned line)
{
	struct script_ctx *c = arg;

	if (n > 10 && strncmp(p, "ExecStart=", 10) == 0)
		script_line(c, p + 10, n - 10, line);
}

/* systemd: units linked in a *.wants directory are enabled. */
static void
scan_systemd(struct svc *s)
{
	struct rootfs *r = s->r;

	for (size_t i = 0; i < r->t.n; i++) {
		const char *p = r->t.e[i].path;
		struct script_ctx c = { s, p, "systemd unit", "" };
		size_t len;
		uint8_t *b;

		if (strncmp(p, "etc/systemd/system/", 19) != 0 || strstr(p, ".wants/") == NULL ||
		    (b = svc_read(s, p, &len)) == NULL)
			continue;
		file_user(b, len, c.user, sizeof(c.user));
		each_line((const char *)b, len, unit_line, &c);
		free(b);
	}
}

static void
inetd_line(void *arg, const char *p, size_t n, unsigned line)
{
	struct script_ctx *c = arg;

	const char *end = p + n;

	if (n == 0 || *p == '#')
		return;
	/* service socket-type protocol wait user PROGRAM ARGS */
	for (int f = 0; f < 5 && p < end; f++) {
		if (f == 4)
			user_token(p, c->user, sizeof(c->user));
		while (p < end && !isspace((unsigned char)*p))
			p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}
	if (p < end)
		script_line(c, p, (size_t)(end - p), line);
	c->user[0] = '\0';
}

static void
scan_inetd(struct svc *s)
{
	struct script_ctx c = { s, "etc/inetd.conf", "inetd", "" };
	size_t len;
	uint8_t *b = svc_read(s, "etc/inetd.conf", &len);

	if (b != NULL)
		each_line((const char *)b, len, inetd_line, &c);
	free(b);
}

static void
debug_tool_facts(struct rootfs *r)
{
	static const char *const dirs[] = { "bin/", "sbin/", "usr/bin/", "usr/sbin/",
		"usr/local/bin/", NULL };
	json_t *list = facts_list(r->f, "linux.debug_tools", r->in->index);

	for (size_t i = 0; i < r->t.n && list; i++) {
		const char *p = r->t.e[i].path;

		for (int d = 0; dirs[d]; d++) {
			size_t dl = strlen(dirs[d]);

			if (strncmp(p, dirs[d], dl) != 0 || strchr(p + dl, '/') != NULL)
				continue;
			for (int k = 0; debug_tools[k]; k++)
				if (strcmp(p + dl, debug_tools[k]) == 0 && r->t.e[i].type != FS_DIR)
					json_array_append_new(list, json_pack("{s:i, s:s, s:s}",
					    "input", r->in->index, "name", debug_tools[k], "path", p));
		}
	}
}

json_t *
rootfs_service_find(json_t *services, int input, const char *name, const char *path)
{
	size_t i;
	json_t *x;

	json_array_foreach(services, i, x) {
		const char *n = json_string_value(json_object_get(x, "name"));
		const char *p = json_string_value(json_object_get(x, "path"));

		if (json_integer_value(json_object_get(x, "input")) == input && n != NULL &&
		    strcmp(n, name) == 0 && (path == NULL || (p != NULL && strcmp(p, path) == 0)))
			return x;
	}
	return NULL;
}

/* A daemon a started program launches (checks/rootfs_launch.c): one item
 * per daemon and file holding the string. */
static void
launched(void *arg, const struct launch_hit *h)
{
	struct svc *s = arg;
	char label[600];

	if (rootfs_service_find(s->services, s->r->in->index, h->name, h->path) != NULL)
		return;
	/* the label names where it was found, for the findings */
	if (strcmp(h->path, h->program) == 0)
		snprintf(label, sizeof(label), "%s (%s)", h->name, h->path);
	else
		snprintf(label, sizeof(label), "%s (%s, needed by %s)", h->name, h->path, h->program);
	json_array_append_new(s->services, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}",
	    "input", s->r->in->index, "label", label, "name", h->name, "kind", h->kind,
	    "started_by", h->program,
	    "how", h->how, "path", h->path, "offset", (json_int_t)h->offset, "command", h->text,
	    "runs_as", h->runs_as));
}

static void
unknown_item(struct svc *s, json_t *list, const char *why)
{
	if (json_array_append_new(list, json_pack("{s:i, s:s, s:s}", "input",
	    s->r->in->index, "label", "boot files", "reason", why)) != 0)
		oom_note();
}

/* What boot starts but was not read is unknown: an item with only a reason,
 * which the rules cannot call sound (what was read still fails on its own).
 * Last, so the readers above never meet it. */
static void
unknown_parts(struct svc *s)
{
	char why[600];

	if (s->nunread > 0)
		snprintf(why, sizeof(why), "a boot file could not be read (%s%s)", s->unread,
		    s->nunread > 1 ? ", and others: see the warnings" : "");
	else if (s->nread == 0)
		snprintf(why, sizeof(why), "no boot file was found (no etc/inittab, init "
		    "scripts, systemd units or inetd.conf): what boot starts is unknown");
	if (s->nunread > 0 || s->nread == 0) {
		unknown_item(s, s->services, why);
		unknown_item(s, s->consoles, why);
		unknown_item(s, s->ssh, why);
	} else if (!s->consoles_known)
		unknown_item(s, s->consoles, "there is no etc/inittab and init is not "
		    "BusyBox: the consoles are not known (systemd getty units are not read)");
}

void
rootfs_services(struct rootfs *r)
{
	struct svc s = { .r = r };

	s.services = facts_list(r->f, "linux.services", r->in->index);
	s.consoles = facts_list(r->f, "linux.consoles", r->in->index);
	s.ssh = facts_list(r->f, "linux.ssh", r->in->index);
	if (s.services == NULL || s.consoles == NULL || s.ssh == NULL)
		return;
	s.launch = launch_new(r);
	scan_inittab(&s);
	scan_boot_dirs(&s);
	scan_systemd(&s);
	scan_inetd(&s);
	launch_scan(s.launch, launched, &s);
	launch_free(s.launch);
	rootfs_ssh_facts(r, s.services, s.ssh);
	rootfs_uhttpd_facts(r);
	debug_tool_facts(r);
	unknown_parts(&s);
}
