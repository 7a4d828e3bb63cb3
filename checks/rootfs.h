/* An embedded-Linux root file system (linux.* facts): how it was opened
 * (checks/rootfs.c), and the parts that read it: accounts and passwords,
 * services and consoles, keys and secrets. Each part reads files through
 * the tree (formats/fstree.h), never from the host. */
#ifndef FWAUDIT_CHECKS_ROOTFS_H
#define FWAUDIT_CHECKS_ROOTFS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/facts.h"
#include "core/input.h"
#include "formats/fstree.h"

/* Text files read for facts: larger ones are skipped (and said so). */
#define ROOTFS_TEXT_MAX ((size_t)4 << 20)

struct rootfs {
	struct facts *f;
	const struct input *in;
	struct fstree t;
	uint8_t *owned;		/* a decompressed archive the tree points into */
	unsigned jobs;		/* threads for the password trial */
};

/* A file's bytes (NUL-terminated) through the tree, or NULL: *why says
 * what is there instead; a reader failure is a warning on the facts. */
uint8_t *rootfs_read(struct rootfs *r, const char *path, size_t *len, const char **why);

/* Directory input: the tree from a walk (lstat, readlink), files read
 * below the root with O_NOFOLLOW on every component. */
int rootfs_dir_open(struct fstree *t, const char *path, struct fw_err *err);
/* A directory's provenance, its tree digest: SHA-256 over every entry in
 * path order (path, type, mode, owner, size, link target, and each regular
 * file's own SHA-256, streamed). *unreadable counts files that could not be
 * read (hashed as 32 zero bytes). 0, or -1. */
int rootfs_dir_digest(const struct fstree *t, char hex[65], size_t *unreadable);

void rootfs_accounts(struct rootfs *r);
void rootfs_services(struct rootfs *r);
/* An etc/inittab line "id:runlevels:action:process", split in place into
 * f (the process may hold ':'); false for a comment or fewer fields. */
bool rootfs_inittab_fields(char *line, char *f[4]);
/* An inittab action that runs its process once at boot (sysinit, wait,
 * once, boot, bootwait). */
bool rootfs_boot_action(const char *action);
/* Boot scripts beyond inittab's: init.d/S??*, rc.d and rc?.d start links,
 * rc.local: how boot runs e ("rc.d start link", "boot script"), or NULL. */
const char *rootfs_boot_dir_script(const struct fs_entry *e);
/* The first linux.services item of input named name (and found in path,
 * unless NULL), or NULL. */
json_t *rootfs_service_find(json_t *services, int input, const char *name, const char *path);

/* linux.ssh from the services found started and the servers' settings,
 * linux.http_tls from uhttpd's (checks/rootfs_ssh.c). */
void rootfs_ssh_facts(struct rootfs *r, json_t *services, json_t *ssh);
void rootfs_uhttpd_facts(struct rootfs *r);

/* The daemons services are named for (checks/rootfs_services.c). */
struct rootfs_daemon {
	const char *name, *what;
};
extern const struct rootfs_daemon rootfs_daemons[];
extern const size_t rootfs_ndaemons;
/* Printable excerpt of [p, p+n) into out, leading blanks dropped. */
void rootfs_excerpt(const char *p, size_t n, char *out, size_t outsz);
/* Calls fn on every word of shell line s that a shell would run as a
 * command (first in its command, after exec, nohup, start-stop-daemon -x,
 * or the value of an assignment); word is the token without quotes. */
typedef void (*rootfs_cmd_fn)(void *arg, const char *word, size_t len);
void rootfs_each_command(const char *s, size_t n, rootfs_cmd_fn fn, void *arg);

/* Programs the boot files start, and the daemons those programs (and the
 * libraries they need) start in turn, from the strings in their bytes
 * (checks/rootfs_launch.c). */
struct launch_set;
struct launch_set *launch_new(struct rootfs *r);
void launch_free(struct launch_set *ls);
/* A program word of a boot file's command line: kept when it names a
 * regular file in the tree (searched in bin, sbin, usr/bin, usr/sbin when
 * bare) that is no BusyBox applet and no shell built-in. */
void launch_note(struct launch_set *ls, const char *word, size_t len, const char *how,
    const char *path, unsigned line, const char *user);
struct launch_hit {
	const char *name, *kind;	/* the daemon, or the protocol server */
	const char *how;		/* "string in binary", "protocol marker in binary" */
	const char *program;		/* the started program the file belongs to */
	const char *path;		/* the file holding the string */
	uint64_t offset;
	const char *text;		/* the string (excerpt) */
	const char *runs_as;
};
typedef void (*launch_hit_fn)(void *arg, const struct launch_hit *h);
/* Reads the started ELF programs and their libraries, reports each launch
 * string and marker to fn, and lists the started programs that are no
 * known daemon in linux.started_programs. */
void launch_scan(struct launch_set *ls, launch_hit_fn fn, void *arg);
void rootfs_keys(struct rootfs *r);
/* The PEM private keys inside a program or library (from rootfs_elf). */
void rootfs_keys_in_binary(struct rootfs *r, const char *path, const uint8_t *b, size_t len);

/* Boot scripts that fall back to no password (checks/rootfs_pwfallback.c):
 * linux.password_fallbacks. The accounts as parsed: field gives a name's
 * password field (shadow's when it has one; NULL: no such account) and
 * *state its state; blank empties it, as the boot script at path:line does. */
struct pw_accounts {
	void *ctx;
	const char *(*field)(void *ctx, const char *name, const char **state);
	void (*blank)(void *ctx, const char *name, const char *path, unsigned line);
};
void rootfs_pwfallback(struct rootfs *r, const struct pw_accounts *acc);
/* elf.binaries and `components` from the ELF files (checks/rootfs_elf.c). */
void rootfs_elf(struct rootfs *r);
/* `components` from the package databases (opkg, dpkg, apk), the binaries'
 * items of the same components folded in (checks/components_pkgdb.c); run
 * after rootfs_elf, which calls it. */
void rootfs_packages(struct rootfs *r);
/* linux.kernel and the kernel component (checks/rootfs_kernel.c). For a
 * firmware image or flash slice (a wrapper, or a SquashFS found in raw bytes),
 * rootfs_kernel_start finds and decompresses its kernel part and looks for a
 * U-Boot environment on a worker thread (NULL: out of memory, noted);
 * rootfs_kernel waits for it (kp may be NULL), frees it, and
 * adds the facts, with the root file system's boot files and modules when
 * tree. */
struct kernel_prep;
struct kernel_prep *rootfs_kernel_start(struct rootfs *r);
void rootfs_kernel(struct rootfs *r, struct kernel_prep *kp, bool tree);

#endif
