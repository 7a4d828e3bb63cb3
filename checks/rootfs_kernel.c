/* The Linux kernel of an embedded-Linux firmware (linux.kernel,
 * linux.kernel_cmdlines, linux.kernel_hardening and the kernel as a
 * component): from the kernel part of a firmware image (uImage, TP-Link,
 * TRX), decompressed in memory, and from the root file system (boot/config-*,
 * boot/cmdline.txt, extlinux.conf, lib/modules/<release>, module vermagic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/components.h"
#include "checks/rootfs.h"
#include "checks/secrets.h"
#include "core/ruleset.h"
#include "formats/decomp.h"
#include "formats/linux_kernel.h"
#include "util/jobs.h"
#include "util/oom.h"
#include "util/ytree.h"
#include "util/text.h"

#define KCONFIG_HEADER "# Automatically generated file; DO NOT EDIT."

/* A kernel decompresses to at most this (a 2.6 MIPS kernel is ~3 MiB, a
 * distribution arm64 Image ~40 MiB); more is a bomb, not a kernel. */
#define KERNEL_MAX ((size_t)64 << 20)
#define MAX_CANDIDATES 8
#define MAX_MODULES_TRIED 8

struct kern {
	struct rootfs *r;
	json_t *item;		/* the linux.kernel item */
	json_t *sources;	/* where the release was read */
	json_t *cmdlines;	/* linux.kernel_cmdlines items */
	json_t *config;		/* {source, path|offset, options} or NULL */
	char version[32], release[65];
	const char *version_from;
	/* the component's evidence: the first source that gave a version */
	json_t *comp_ev;
	const char *comp_image;
	size_t comp_off, comp_len;
};

static const char *
in_path(const struct kern *k)
{
	return k->r->in->path;
}

/* A release string read somewhere: the first one names the kernel; a
 * different one later is kept in sources (and said so by the item). */
static void
add_release(struct kern *k, const char *release, const char *from, json_t *src,
    const char *image, size_t image_off, size_t image_len, size_t ev_off, const char *matched)
{
	char v[32];

	json_object_set_new(src, "source", json_string(from));
	json_object_set_new(src, "release", json_string(release));
	json_array_append_new(k->sources, src);
	if (k->version_from != NULL || !lk_release_version(release, v, sizeof(v)))
		return;
	memcpy(k->version, v, sizeof(v));
	snprintf(k->release, sizeof(k->release), "%s", release);
	k->version_from = from;
	k->comp_image = image;
	k->comp_off = image_off;
	k->comp_len = image_len;
	/* A directory's name is evidence by its path, at no offset. */
	k->comp_ev = json_pack("[{s:i, s:I, s:I, s:s, s:s}]", "input", k->r->in->index,
	    "offset", (json_int_t)ev_off, "length", (json_int_t)(strcmp(from, "modules-dir") ?
	    strlen(matched) : 0), "kind", strcmp(from, "modules-dir") ? "version" :
	    "directory name", "matched", matched);
	if (strcmp(image, "kernel") != 0)
		json_object_set_new(json_array_get(k->comp_ev, 0), "path", json_string(image));
}

struct tok_ctx {
	json_t *tokens, *consoles;
};

static int
on_token(void *arg, const char *t, size_t len)
{
	struct tok_ctx *c = arg;

	json_array_append_new(c->tokens, json_stringn(t, len));
	if (len > 8 && memcmp(t, "console=", 8) == 0)
		json_array_append_new(c->consoles, json_stringn(t + 8, len - 8));
	return 0;
}

/* A linux.kernel_cmdlines item; loc is {offset} or {path}, stolen. */
static void
add_cmdline(struct kern *k, const char *source, const char *text, size_t len, json_t *loc)
{
	struct tok_ctx c = { json_array(), json_array() };
	json_t *o = loc;

	lk_cmdline_tokens(text, len, on_token, &c);
	json_object_set_new(o, "input", json_integer(k->r->in->index));
	json_object_set_new(o, "source", json_string(source));
	json_object_set_new(o, "text", json_stringn(text, len));
	json_object_set_new(o, "tokens", c.tokens);
	json_object_set_new(o, "consoles", c.consoles);
	json_array_append_new(k->cmdlines, o);
}

static void
on_option(void *arg, const char *name, size_t nlen, const char *val, size_t vlen)
{
	char key[128];

	if (nlen >= sizeof(key))
		return;
	memcpy(key, name, nlen);
	key[nlen] = '\0';
	json_object_set_new(arg, key, json_stringn(val, vlen));
}

/* The first .config read (the kernel's own before a file's). */
static void
set_config(struct kern *k, const char *source, json_t *loc, const char *text, size_t len)
{
	json_t *opts = json_object();

	lk_config_parse(text, len, on_option, opts);
	if (k->config != NULL || json_object_size(opts) == 0) {
		json_decref(opts);
		json_decref(loc);
		return;
	}
	json_object_set_new(loc, "source", json_string(source));
	json_object_set_new(loc, "options", opts);
	/* Kconfig writes every option whose dependencies are met, under this
	 * header: only such a whole file says an option it lacks is off. An
	 * excerpt, a hand-made or a cut file (no final newline) says nothing of
	 * the options it does not list. */
	json_object_set_new(loc, "whole", json_boolean(len > 0 && text[len - 1] == '\n' &&
	    memmem(text, len, KCONFIG_HEADER, sizeof(KCONFIG_HEADER) - 1) != NULL));
	k->config = loc;
}

static void
built_in_cmdline(struct kern *k, const uint8_t *kb, size_t kl, size_t base, bool in_input)
{
	struct lk_cmdline c[MAX_CANDIDATES];
	size_t n = lk_find_cmdlines(kb, kl, c, MAX_CANDIDATES);
	json_t *cand = json_array();

	for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++)
		json_array_append_new(cand, json_pack("{s:I, s:s%}", "offset",
		    (json_int_t)(base + c[i].off), "text", (const char *)kb + c[i].off, c[i].len));
	json_object_set_new(k->item, "cmdline_candidates", cand);
	json_object_set_new(k->item, "cmdline_offsets_in", json_string(in_input ? "input" :
	    "decompressed kernel"));
	if (n == 1) {
		add_cmdline(k, "built-in", (const char *)kb + c[0].off, c[0].len,
		    json_pack("{s:I}", "offset", (json_int_t)(base + c[0].off)));
		return;
	}
	json_object_set_new(k->item, "cmdline_reason", json_string(n == 0 ?
	    "no built-in command line in the kernel (no string of boot parameters with "
	    "console=, root=, init= or rdinit=): the boot loader gives it" :
	    "several strings in the kernel look like a command line: which one is built in "
	    "is not known"));
}

static void
ikconfig(struct kern *k, const uint8_t *kb, size_t kl, size_t base)
{
	size_t off, len, out;
	const char *why;
	uint8_t *text;
	int rc = lk_ikconfig(kb, kl, &off, &len, &why);

	if (rc > 0)
		return;
	if (rc == 0 && decomp_alloc(DECOMP_GZIP, kb + off, len, (size_t)16 << 20, &text, &out,
	    &why) == 0) {
		set_config(k, "ikconfig", json_pack("{s:I}", "offset", (json_int_t)(base + off)),
		    (const char *)text, out);
		free(text);
		return;
	}
	facts_warn(k->r->f, "%s: the kernel's built-in .config (IKCFG_ST at 0x%zx in the "
	    "%s) is not read: %s", in_path(k), base + off - 8, base ? "input" :
	    "decompressed kernel", why);
}

/* What the decompressed kernel says of itself. stream: the compressed
 * part's offset in the input; in_input: kb is the input's own bytes. */
static void
read_kernel(struct kern *k, const uint8_t *kb, size_t kl, const struct lk_part *p,
    bool in_input)
{
	size_t base = in_input ? p->off : 0;
	struct lk_banner b;

	if (lk_find_banner(kb, kl, 0, &b)) {
		char ver[32];

		lk_release_version(b.release, ver, sizeof(ver));
		add_release(k, b.release, "banner", json_pack("{s:I, s:I, s:s}", "offset",
		    (json_int_t)(base + b.off), "stream_offset", (json_int_t)p->off, "text", b.text),
		    "kernel", p->off, p->len, in_input ? base + b.off : p->off, b.text);
		if (!in_input && k->comp_ev != NULL && strcmp(k->version_from, "banner") == 0) {
			/* The stream is the evidence: the banner is inside it. */
			json_t *ev = json_array_get(k->comp_ev, 0);

			json_object_set_new(ev, "length", json_integer((json_int_t)p->len));
			json_object_set_new(ev, "decompressed_offset", json_integer((json_int_t)b.off));
			json_object_set_new(ev, "decompressed_length",
			    json_integer((json_int_t)strlen(b.text)));
		}
	}
	built_in_cmdline(k, kb, kl, base, in_input);
	ikconfig(k, kb, kl, base);
}

/* Finding and decompressing the kernel part (and a U-Boot environment in a
 * flash image): the costly step (~60 ms for
 * a 2.5 MiB LZMA kernel), so it runs on a worker while the root file
 * system is read. Plain data only: facts are made on the caller's thread. */
struct kernel_prep {
	struct jobs b;
	const struct input *in;
	int rc;			/* lk_locate's; 2: the stream could not be read */
	struct fw_err err;
	struct lk_part p;
	uint8_t *kb;		/* decompressed, owned */
	size_t kl;
	const char *why;
	struct lk_part piggy;	/* a zImage's compressed kernel inside an uncompressed part */
	bool has_env;		/* a U-Boot environment with bootargs in the input */
	struct lk_env env;
};

/* A self-decompressing zImage (an uncompressed part with no banner) holds
 * the kernel as a gzip or xz stream after its decompressor: the first of
 * a few candidate streams that decompresses to a banner. */
#define PIGGY_TRIES 8

static void
find_piggy(struct kernel_prep *kp)
{
	const uint8_t *d = kp->in->data + kp->p.off;
	size_t n = kp->p.len, at = 0;
	struct lk_banner b;

	if (lk_find_banner(d, n, 0, &b))
		return;
	for (int t = 0; t < PIGGY_TRIES && at + 6 <= n; t++, at++) {
		const uint8_t *g = memmem(d + at, n - at, "\x1f\x8b\x08", 3);
		const uint8_t *x = memmem(d + at, n - at, "\xfd" "7zXZ\0", 6);
		const uint8_t *h = g && (!x || g < x) ? g : x;
		uint8_t *kb;
		size_t kl;
		const char *why;

		if (h == NULL)
			return;
		at = (size_t)(h - d);
		if (decomp_alloc(h == g ? DECOMP_GZIP : DECOMP_XZ, h, n - at, KERNEL_MAX, &kb, &kl,
		    &why) != 0)
			continue;
		if (lk_find_banner(kb, kl, 0, &b)) {
			kp->kb = kb;
			kp->kl = kl;
			kp->piggy = kp->p;
			kp->piggy.off = kp->p.off + at;
			kp->piggy.len = n - at;
			kp->piggy.comp = h == g ? LK_GZIP : LK_XZ;
			kp->piggy.comp_name = h == g ? "gzip" : "xz";
			return;
		}
		free(kb);
	}
}

static void
prep_job(void *arg, size_t i)
{
	struct kernel_prep *kp = arg;
	const struct input *in = kp->in;
	const struct lk_part *p = &kp->p;

	(void)i;
	kp->has_env = lk_uboot_env(in->data, in->len, &kp->env);
	kp->rc = lk_locate(in->data, in->len, in->path, &kp->p, &kp->err);
	if (kp->rc == 0 && p->comp == LK_NONE)
		find_piggy(kp);
	if (kp->rc != 0 || p->comp == LK_NONE || p->comp == LK_UNSUPPORTED)
		return;
	if (decomp_alloc(p->comp == LK_GZIP ? DECOMP_GZIP : p->comp == LK_LZMA ? DECOMP_LZMA :
	    p->comp == LK_XZ ? DECOMP_XZ : DECOMP_ZSTD, in->data + p->off, p->len, KERNEL_MAX,
	    &kp->kb, &kp->kl, &kp->why) != 0)
		kp->rc = 2;
}

struct kernel_prep *
rootfs_kernel_start(struct rootfs *r)
{
	struct kernel_prep *kp = calloc(1, sizeof(*kp));

	if (kp == NULL) {
		oom_note();	/* the kernel unread: the run is incomplete, not clean */
		return NULL;
	}
	kp->in = r->in;
	jobs_start(&kp->b, 1, r->in->jobs == 1 ? 0 : 1, prep_job, kp);
	return kp;
}

static void
from_image(struct kern *k, struct kernel_prep *kp)
{
	const char *path = k->r->in->path;
	const struct lk_part *p = &kp->p;

	jobs_wait(&kp->b);
	if (kp->has_env)	/* what U-Boot passes, next to what is built in */
		add_cmdline(k, "u-boot env bootargs", (const char *)k->r->in->data +
		    kp->env.args_off, kp->env.args_len, json_pack("{s:I, s:I, s:I, s:b}", "offset",
		    (json_int_t)kp->env.args_off, "env_offset", (json_int_t)kp->env.off, "env_size",
		    (json_int_t)kp->env.size, "env_redundant", kp->env.redundant));
	if (kp->rc < 0)
		facts_warn(k->r->f, "%s (the kernel is not read)", kp->err.msg);
	if (kp->rc < 0 || kp->rc == 1)
		return;
	json_object_set_new(k->item, "image", json_pack("{s:s, s:I, s:I, s:I, s:s}",
	    "container", p->container, "header_offset", (json_int_t)p->hdr_off, "offset",
	    (json_int_t)p->off, "length", (json_int_t)p->len, "compression", p->comp_name));
	if (p->comp == LK_NONE && kp->kb != NULL) {
		json_object_set_new(json_object_get(k->item, "image"), "zimage", json_pack("{s:s, "
		    "s:I, s:I}", "compression", kp->piggy.comp_name, "offset",
		    (json_int_t)kp->piggy.off, "decompressed_length", (json_int_t)kp->kl));
		read_kernel(k, kp->kb, kp->kl, &kp->piggy, false);
	} else if (p->comp == LK_NONE) {
		read_kernel(k, k->r->in->data + p->off, p->len, p, true);
	} else if (p->comp == LK_UNSUPPORTED) {
		facts_warn(k->r->f, "%s: offset 0x%zx: the kernel is %s-compressed, which is not "
		    "decompressed: its version, command line and config are not read", path,
		    p->off, p->comp_name);
	} else if (kp->rc == 2) {
		facts_warn(k->r->f, "%s: offset 0x%zx: the %s kernel stream (%zu bytes, from the "
		    "%s header) is not read: %s (at most %zu MiB)", path, p->off, p->comp_name,
		    p->len, p->container, kp->why, KERNEL_MAX >> 20);
	} else {
		json_object_set_new(json_object_get(k->item, "image"), "decompressed_length",
		    json_integer((json_int_t)kp->kl));
		read_kernel(k, kp->kb, kp->kl, p, false);
	}
}

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* A module's vermagic: the release it was built for, so the kernel's. */
static void
vermagic(struct kern *k)
{
	const struct fstree *t = &k->r->t;
	unsigned tried = 0;

	for (size_t i = 0; i < t->n && tried < MAX_MODULES_TRIED; i++) {
		const struct fs_entry *e = &t->e[i];
		char vm[128], rel[65];
		size_t len, off;
		const char *why;
		uint8_t *b;

		if (e->type != FS_REG || !str_has_suffix(e->path, ".ko"))
			continue;
		tried++;
		if ((b = rootfs_read(k->r, e->path, &len, &why)) == NULL)
			continue;
		if (lk_vermagic(b, len, &off, vm, sizeof(vm))) {
			for (size_t l = strlen(vm); l > 0 && vm[l - 1] == ' '; l--)
				vm[l - 1] = '\0';
			snprintf(rel, sizeof(rel), "%.*s", (int)strcspn(vm, " "), vm);
			add_release(k, rel, "vermagic", json_pack("{s:s, s:I, s:s}", "path", e->path,
			    "offset", (json_int_t)off, "vermagic", vm), e->path, 0, len, off + 9, rel);
			free(b);
			return;
		}
		free(b);
	}
}

static void
boot_files(struct kern *k)
{
	const struct fstree *t = &k->r->t;
	const char *why;
	size_t len;
	uint8_t *b;

	for (size_t i = 0; i < t->n; i++) {
		const struct fs_entry *e = &t->e[i];

		if (e->type == FS_DIR && has_prefix(e->path, "lib/modules/") &&
		    strchr(e->path + 12, '/') == NULL && e->path[12] >= '0' && e->path[12] <= '9')
			add_release(k, e->path + 12, "modules-dir", json_pack("{s:s}", "path",
			    e->path), e->path, 0, 0, 0, e->path + 12);
		if (e->type == FS_REG && has_prefix(e->path, "boot/config-") &&
		    (b = rootfs_read(k->r, e->path, &len, &why)) != NULL) {
			set_config(k, "boot-config", json_pack("{s:s}", "path", e->path),
			    (const char *)b, len);
			free(b);
		}
	}
	if ((b = rootfs_read(k->r, "boot/cmdline.txt", &len, &why)) != NULL) {
		size_t l = strcspn((const char *)b, "\r\n");

		add_cmdline(k, "boot/cmdline.txt", (const char *)b, l, json_pack("{s:s}", "path",
		    "boot/cmdline.txt"));
		free(b);
	}
	if ((b = rootfs_read(k->r, "boot/extlinux/extlinux.conf", &len, &why)) != NULL) {
		for (char *l = (char *)b; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			l += strspn(l, " \t");
			if (strncasecmp(l, "append", 6) == 0 && (l[6] == ' ' || l[6] == '\t'))
				add_cmdline(k, "extlinux.conf append", l + 7, strcspn(l + 7, "\r\n"),
				    json_pack("{s:s}", "path", "boot/extlinux/extlinux.conf"));
		}
		free(b);
	}
}

/* Whether "CONFIG_X=v" holds in opts: 1, 0, or -1 (unknown: X is absent
 * from a config that is not whole). v "n" also when X is absent from a
 * whole config. */
static int
alt_holds(json_t *opts, bool whole, const char *alt, char *have, size_t hsz)
{
	const char *eq = strchr(alt, '=');
	char name[128];
	const char *v;

	if (eq == NULL || (size_t)(eq - alt) >= sizeof(name))
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)(eq - alt), alt);
	v = json_string_value(json_object_get(opts, name));
	snprintf(have, hsz, "%s=%s", name, v ? v : whole ? "n (absent)" :
	    "(absent from a partial config)");
	if (v != NULL)
		return strcmp(v, eq + 1) == 0;
	return whole ? strcmp(eq + 1, "n") == 0 : -1;
}

static void
hardening(struct kern *k)
{
	char path[4096];
	struct fw_err err;
	struct ynode *y;
	json_t *doc, *s, *opts = json_object_get(k->config, "options"), *list = NULL;
	bool whole = json_is_true(json_object_get(k->config, "whole"));
	size_t i;

	snprintf(path, sizeof(path), "%s/data/kernel-hardening.yaml", rules_default_dir());
	if ((y = ytree_load_file(path, &err)) == NULL) {
		facts_warn(k->r->f, "%s; the kernel's config is not judged", err.msg);
		return;
	}
	doc = ytree_to_json(y);
	ytree_free(y);
	json_array_foreach(json_object_get(doc, "settings"), i, s) {
		json_t *have = json_array(), *alt, *o;
		int ok = 0;	/* 1 held, 0 not, -1 unknown */
		size_t j;

		json_array_foreach(json_object_get(s, "any_of"), j, alt) {
			char h[200];
			int t;

			if (!json_is_string(alt))
				continue;
			t = alt_holds(opts, whole, json_string_value(alt), h, sizeof(h));
			ok = t == 1 || ok == 1 ? 1 : t < 0 ? -1 : ok;
			json_array_append_new(have, json_string(h));
		}
		o = json_pack("{s:i, s:O?, s:O?, s:o, s:O?, s:o, s:O?}", "input", k->r->in->index,
		    "id", json_object_get(s, "id"), "title", json_object_get(s, "title"),
		    "ok", ok < 0 ? json_null() : json_boolean(ok),
		    "want_any_of", json_object_get(s, "any_of"), "have", have, "config_source",
		    json_object_get(k->config, "source"));
		if (o != NULL && list == NULL)
			list = facts_list(k->r->f, "linux.kernel_hardening", k->r->in->index);
		json_array_append_new(list, o);
	}
	json_decref(doc);
}

void
rootfs_kernel(struct rootfs *r, struct kernel_prep *kp, bool tree)
{
	struct kern k = { .r = r, .item = json_object(), .sources = json_array(),
	    .cmdlines = json_array() };

	if (k.item == NULL || k.sources == NULL || k.cmdlines == NULL)
		oom_note();
	if (kp != NULL) {
		from_image(&k, kp);
		free(kp->kb);
		free(kp);
	}
	if (tree) {
		vermagic(&k);
		boot_files(&k);
	}
	if (json_array_size(k.sources) == 0 && json_array_size(k.cmdlines) == 0 &&
	    k.config == NULL && json_object_get(k.item, "image") == NULL) {
		json_decref(k.item);
		json_decref(k.sources);
		json_decref(k.cmdlines);
		return;
	}
	json_object_set_new(k.item, "input", json_integer(r->in->index));
	json_object_set_new(k.item, "version", k.version_from ? json_string(k.version) :
	    json_null());
	json_object_set_new(k.item, "release", k.version_from ? json_string(k.release) :
	    json_null());
	json_object_set_new(k.item, "version_from", k.version_from ?
	    json_string(k.version_from) : json_null());
	json_object_set_new(k.item, "sources", k.sources);
	json_object_set_new(k.item, "cmdline", json_array_size(k.cmdlines) ? json_incref(
	    json_object_get(json_array_get(k.cmdlines, 0), "text")) : json_null());
	if (json_object_get(k.item, "cmdline_reason") == NULL && !json_array_size(k.cmdlines))
		json_object_set_new(k.item, "cmdline_reason", json_string("no built-in command "
		    "line read and no boot/cmdline.txt or extlinux.conf in the root file system"));
	json_object_set_new(k.item, "config", k.config ? json_incref(k.config) : json_null());
	json_array_append_new(facts_list(r->f, "linux.kernel", r->in->index), k.item);
	if (json_array_size(k.cmdlines)) {
		json_t *l = facts_list(r->f, "linux.kernel_cmdlines", r->in->index);

		json_array_extend(l, k.cmdlines);
	}
	json_decref(k.cmdlines);
	if (k.config != NULL)
		hardening(&k);
	json_decref(k.config);
	if (k.version_from != NULL)
		components_add_kernel(r->f, r->in, k.version, k.version_from, k.comp_image,
		    k.comp_off, k.comp_len, k.comp_ev);
}
