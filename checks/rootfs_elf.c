/* The ELF binaries of a root file system: every regular file with an ELF
 * ident (magic, class, data, version: "\x7fELF" and zeros is a stub, not
 * an ELF; kernel modules and other ET_REL objects left out) gets its exploit
 * mitigations and risky call sites as an elf.binaries item, and the
 * components its strings name (checks/components.h), and the PEM private
 * keys compiled into it (checks/rootfs_keys.c). Only the first bytes
 * of the other files are read. The files are examined on in->jobs
 * threads; the facts are written afterwards, in path order. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/components.h"
#include "checks/component_catalog.h"
#include "checks/elf_facts.h"
#include "checks/rootfs.h"
#include "formats/elf.h"
#include "util/jobs.h"
#include "util/oom.h"

/* A binary larger than this is left out (and said so). */
#define ELF_FILE_MAX ((size_t)64 << 20)
#define ET_REL_TYPE 1
#define HEAD_LEN 18	/* e_ident and e_type */

struct elf_job {
	const struct fs_entry *e;
	int status;		/* 0: not ELF or left out; 1: examined; -1: error */
	bool too_large;
	struct elf_hardening h;
	struct elf_calls *calls;
	struct file_hits *comps;
	uint8_t *pem;		/* kept when it holds a PEM private key */
	size_t pem_len;
	struct fw_err err;
};

struct elf_walk {
	struct rootfs *r;
	struct elf_job *jobs;
};

static bool
is_module(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".ko") == 0;
}

static void
examine(void *arg, size_t i)
{
	struct elf_walk *w = arg;
	struct elf_job *j = &w->jobs[i];
	const struct fstree *t = &w->r->t;
	uint8_t head[HEAD_LEN], *data;
	size_t got, len;
	const char *why;
	int rc;

	if (j->e->size > ELF_FILE_MAX && t->head == NULL)
		return;	/* its head would cost reading it whole */
	if (fstree_head(t, j->e, head, sizeof(head), &got, &j->err) != 0) {
		j->status = -1;
		return;
	}
	if (got < HEAD_LEN || !elfile_probe(head, got) ||
	    (head[5] == 2 ? head[16] << 8 | head[17] : head[17] << 8 | head[16]) == ET_REL_TYPE)
		return;
	if (j->e->size > ELF_FILE_MAX) {
		j->too_large = true;
		return;
	}
	if ((rc = fstree_read(t, j->e->path, ELF_FILE_MAX, &data, &len, &why, &j->err)) != 0) {
		j->status = rc < 0 ? -1 : 0;
		return;
	}
	if (elf_hardening(data, len, &j->h, &j->err) == 0 && j->h.type != ET_REL_TYPE) {
		j->status = 1;
		if ((j->calls = malloc(sizeof(*j->calls))) != NULL &&
		    elf_risky_calls(data, len, j->calls, NULL) != 0) {
			free(j->calls);
			j->calls = NULL;
		}
		j->comps = components_file_scan(data, len);
		if (memmem(data, len, "PRIVATE KEY-----", 16) != NULL) {
			j->pem = data;
			j->pem_len = len;
			return;
		}
	} else if (j->h.type != ET_REL_TYPE) {
		j->status = -1;
	}
	free(data);
}

static void
emit(struct rootfs *r, struct elf_job *j, size_t *too_large)
{
	char why[sizeof(j->err.msg) + 32];

	if (j->too_large)
		(*too_large)++;
	if (j->status < 0)
		facts_warn(r->f, "%s: %s: ELF not examined: %s", r->in->path, j->e->path,
		    j->err.msg);
	/* A binary left out is listed without its properties: the rules
	 * cannot call the image's binaries hardened past one they did not read. */
	if (j->too_large || j->status < 0) {
		if (j->too_large)
			snprintf(why, sizeof(why), "larger than %zu MiB: not examined",
			    ELF_FILE_MAX >> 20);
		else
			snprintf(why, sizeof(why), "not examined: %s", j->err.msg);
		if (elf_binary_add(r->f, json_pack("{s:i, s:s, s:s}", "input", r->in->index,
		    "path", j->e->path, "reason", why), r->in->index) != 0)
			oom_note();
	}
	if (j->status == 1 && elf_binary_add(r->f, elf_binary_json(j->e->path, r->in->index, 0,
	    &j->h, j->calls), r->in->index) != 0)
		oom_note();
	if (j->status == 1)
		components_file_emit(r->f, r->in, j->e->path, j->comps);
	if (j->pem != NULL)
		rootfs_keys_in_binary(r, j->e->path, j->pem, j->pem_len);
	free(j->pem);
	free(j->calls);
	components_file_free(j->comps);
}

void
rootfs_elf(struct rootfs *r)
{
	struct fw_err err;
	struct elf_walk w = { r, calloc(r->t.n + 1, sizeof(*w.jobs)) };
	size_t n = 0, too_large = 0;
	unsigned threads = r->jobs;

	if (w.jobs == NULL) {
		oom_note();
		return;
	}
	if (catalog_default(&err) == NULL)	/* loaded here: the threads only read it */
		facts_warn(r->f, "%s: components were not identified: %s", r->in->path, err.msg);
	for (size_t i = 0; i < r->t.n; i++)
		if (r->t.e[i].type == FS_REG && r->t.e[i].size >= HEAD_LEN && !is_module(r->t.e[i].path))
			w.jobs[n++].e = &r->t.e[i];
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		threads = cpus > 0 ? (unsigned)cpus : 1;
	}
	jobs_run(n, threads, examine, &w);
	for (size_t i = 0; i < n; i++)
		emit(r, &w.jobs[i], &too_large);
	if (too_large)
		facts_warn(r->f, "%s: %zu ELF files over %zu MiB were not examined", r->in->path,
		    too_large, ELF_FILE_MAX >> 20);
	free(w.jobs);
	/* here, not in rootfs.c: the packages fold in the items just written */
	rootfs_packages(r);
}
