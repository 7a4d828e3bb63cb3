/* The SSH servers' settings (dropbear's UCI config or the arguments it is
 * started with, sshd_config with OpenSSH's defaults) and uhttpd's TLS
 * files: linux.ssh and linux.http_tls, from what the services reader found
 * started (checks/rootfs_services.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/rootfs.h"
#include "checks/secrets.h"

/* UCI "option NAME 'VALUE'" as a boolean: 1 when on, 0 off, -1 absent. */
static int
uci_bool(const uint8_t *b, size_t len, const char *opt)
{
	char pat[64];
	const char *p = (const char *)b, *end = p + len;

	snprintf(pat, sizeof(pat), "option %s", opt);
	while (p < end && (p = memmem(p, (size_t)(end - p), pat, strlen(pat))) != NULL) {
		char v[16] = "";

		p += strlen(pat);
		if (p < end && (*p == ' ' || *p == '\t')) {
			sscanf(p, " %*['\"]%15[^'\"]", v);
			if (v[0] == '\0')
				sscanf(p, " %15s", v);
			return strcmp(v, "0") != 0 && strcmp(v, "off") != 0 && strcmp(v, "no") != 0 &&
			    strcmp(v, "false") != 0 && strcmp(v, "disabled") != 0;
		}
	}
	return -1;
}

static json_t *
host_keys(struct rootfs *r, const char *prefix, const char *suffix)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->t.n; i++) {
		const struct fs_entry *e = &r->t.e[i];
		size_t pl = strlen(prefix), sl = strlen(suffix), n = strlen(e->path);

		if (n > pl + sl && strncmp(e->path, prefix, pl) == 0 &&
		    strcmp(e->path + n - sl, suffix) == 0 && e->type == FS_REG)
			json_array_append_new(a, json_pack("{s:s, s:I, s:b}", "path", e->path,
			    "size", (json_int_t)e->size, "empty", e->size == 0));
	}
	return a;
}

static bool
present(struct rootfs *r, const char *path)
{
	const struct fs_entry *e;

	return fstree_resolve(&r->t, path, true, &e, NULL, 0) == FSR_OK && e != NULL &&
	    e->type == FS_REG;
}

/* dropbear: OpenWrt's UCI config (PasswordAuth, RootPasswordAuth,
 * RootLogin; on unless set off), else the flags it is started with
 * (-s no passwords, -g no root password, -w no root, -B blank passwords). */
static void
dropbear_facts(struct rootfs *r, json_t *services, json_t *ssh)
{
	const char *why, *cmd = NULL, *src = NULL;
	size_t len;
	uint8_t *b = rootfs_read(r, "etc/config/dropbear", &len, &why);
	json_t *x;
	int pw = 1, rootpw = 1, root = 1, blank = 0;

	if ((x = rootfs_service_find(services, r->in->index, "dropbear", NULL)) != NULL) {
		cmd = json_string_value(json_object_get(x, "command"));
		src = json_string_value(json_object_get(x, "path"));
	}
	if (cmd == NULL && b == NULL && !present(r, "usr/sbin/dropbear") &&
	    !present(r, "usr/bin/dropbearmulti") && !present(r, "usr/bin/dropbear"))
		return;
	if (b != NULL) {
		pw = uci_bool(b, len, "PasswordAuth") != 0;
		rootpw = uci_bool(b, len, "RootPasswordAuth") != 0;
		root = uci_bool(b, len, "RootLogin") != 0;
		src = "etc/config/dropbear";
	} else if (cmd != NULL) {
		pw = strstr(cmd, " -s") == NULL;
		rootpw = pw && strstr(cmd, " -g") == NULL;
		root = strstr(cmd, " -w") == NULL;
		blank = strstr(cmd, " -B") != NULL;
	}
	free(b);
	json_array_append_new(ssh, json_pack("{s:i, s:s, s:o, s:b, s:b, s:b, s:b, s:b, s:o}",
	    "input", r->in->index, "name", "dropbear", "path", src ? json_string(src) : json_null(),
	    "started", cmd != NULL, "password_login", pw, "root_login", root,
	    "root_password_login", root && rootpw && pw, "empty_passwords", blank,
	    "host_keys", host_keys(r, "etc/dropbear/", "_host_key")));
}

/* sshd_config keywords (case-insensitive, first one wins), with
 * OpenSSH's defaults when absent. */
static void
sshd_facts(struct rootfs *r, json_t *services, json_t *ssh)
{
	const char *why;
	size_t len;
	uint8_t *b;
	char prl[32] = "prohibit-password", pa[32] = "yes", pe[32] = "no";
	bool got[3] = { false };

	if (!present(r, "usr/sbin/sshd") && !present(r, "etc/ssh/sshd_config"))
		return;
	if ((b = rootfs_read(r, "etc/ssh/sshd_config", &len, &why)) != NULL) {
		for (char *save = NULL, *l = strtok_r((char *)b, "\n", &save); l;
		    l = strtok_r(NULL, "\n", &save)) {
			char k[40], v[32];

			if (sscanf(l, " %39s %31s", k, v) != 2 || k[0] == '#')
				continue;
			if (!got[0] && strcasecmp(k, "PermitRootLogin") == 0 && (got[0] = true))
				snprintf(prl, sizeof(prl), "%s", v);
			else if (!got[1] && strcasecmp(k, "PasswordAuthentication") == 0 && (got[1] = true))
				snprintf(pa, sizeof(pa), "%s", v);
			else if (!got[2] && strcasecmp(k, "PermitEmptyPasswords") == 0 && (got[2] = true))
				snprintf(pe, sizeof(pe), "%s", v);
		}
		free(b);
	}
	json_array_append_new(ssh, json_pack("{s:i, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:o}",
	    "input", r->in->index, "name", "sshd", "path", "etc/ssh/sshd_config",
	    "started", rootfs_service_find(services, r->in->index, "sshd", NULL) != NULL, "password_login", strcasecmp(pa, "yes") == 0,
	    "root_login", strcasecmp(prl, "no") != 0,
	    "root_password_login", strcasecmp(prl, "yes") == 0 && strcasecmp(pa, "yes") == 0,
	    "empty_passwords", strcasecmp(pe, "yes") == 0,
	    "host_keys", host_keys(r, "etc/ssh/ssh_host_", "_key")));
}

/* UCI "option NAME VALUE" (quoted or not) into out; false if absent. */
static bool
uci_str(const char *text, const char *opt, char *out, size_t outsz)
{
	char pat[64];
	const char *p = text;

	snprintf(pat, sizeof(pat), "option %s", opt);
	while ((p = strstr(p, pat)) != NULL) {
		size_t k;

		p += strlen(pat);
		if (*p != ' ' && *p != '\t')
			continue;
		p += strspn(p, " \t");
		if (*p == '\'' || *p == '"') {
			char q = *p++;

			k = strcspn(p, q == '"' ? "\"\n" : "'\n");
		} else
			k = strcspn(p, " \t\n#");
		snprintf(out, outsz, "%.*s", (int)k, p);
		return true;
	}
	return false;
}

/* uhttpd's TLS files (OpenWrt UCI: option cert / option key). */
void
rootfs_uhttpd_facts(struct rootfs *r)
{
	const char *why;
	size_t len;
	uint8_t *b = rootfs_read(r, "etc/config/uhttpd", &len, &why);
	char cert[256] = "", key[256] = "";

	if (b == NULL)
		return;
	uci_str((const char *)b, "cert", cert, sizeof(cert));
	uci_str((const char *)b, "key", key, sizeof(key));
	json_array_append_new(facts_list(r->f, "linux.http_tls", r->in->index),
	    json_pack("{s:i, s:s, s:s, s:b, s:o, s:o, s:b, s:b}", "input", r->in->index,
	    "name", "uhttpd", "path", "etc/config/uhttpd", "https",
	    strstr((char *)b, "listen_https") != NULL,
	    "cert", cert[0] ? json_string(cert) : json_null(),
	    "key", key[0] ? json_string(key) : json_null(),
	    "cert_in_image", cert[0] && present(r, cert), "key_in_image", key[0] && present(r, key)));
	free(b);
}

void
rootfs_ssh_facts(struct rootfs *r, json_t *services, json_t *ssh)
{
	dropbear_facts(r, services, ssh);
	sshd_facts(r, services, ssh);
}
