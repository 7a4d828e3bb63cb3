/* fwaudit_scan: inputs, hashing, collection, judging and rendering of one
 * scan, every piece of its state in one context (struct scan_ctx). */
#include "lib/fwaudit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/claims.h"
#include "checks/esp_decrypt.h"
#include "checks/live.h"
#include "checks/registry.h"
#include "checks/vuln_scan.h"
#include "checks/vulns.h"
#include "core/declarations.h"
#include "core/facts.h"
#include "util/hashq.h"
#include "util/hex.h"
#include "util/oom.h"
#include "core/input.h"
#include "util/teardown.h"
#include "formats/sbv2_rsa.h"
#include "lib/judge.h"
#include "reports/evidence.h"

/* An input's SHA-256 (its provenance), queued on the hash threads while
 * the collector reads the same mapped bytes (for a flash dump, beside the
 * digests of the images in it: util/hashq.h). */
struct input_hash {
	const struct input *in;
	struct hashq_job job;
};

/* One scan: what it was asked, what it holds, how far it got. */
struct scan_ctx {
	const struct scan_request *req;
	struct scan_result *res;
	struct facts *f;
	struct input *inputs;		/* req->npaths, opened in order */
	struct input_hash *hashes;	/* one per opened input */
	int nhashes;
	struct judge_prep prep;
	bool prep_started;
	bool evidence_dir_ready;	/* prepared before the collectors ran */
	struct hashq *hashq;		/* the digests' threads */
	struct rsa_cache *keys;		/* RSA keys met in signature blocks */
	bool want_sha512;		/* an SBOM or a bundle is written: image SHA-512s */
	bool writes_sbom;		/* --format cyclonedx or a bundle (which holds it) */
	struct esp_keyring *keyring;	/* the user's keys, or NULL */
	struct fw_err err;
};

static void
input_hash_start(struct input_hash *h, const struct input *in)
{
	h->in = in;
	memset(&h->job, 0, sizeof(h->job));
	h->job.data = in->data;
	h->job.len = in->len;
	h->job.drop_behind = in->map != NULL && in->len >= INPUT_LARGE;
	h->job.q = in->hashq;
	hashq_submit(&h->job);
}

/* On the way out after an error: the digest is not wanted any more. */
static void
input_hash_cancel(struct input_hash *h)
{
	if (h->in == NULL)
		return;
	hashq_cancel(&h->job);
	h->in = NULL;
}

/* 0, or the exit status when the digest could not be computed. */
static int
input_hash_finish(struct scan_ctx *c, struct input_hash *h)
{
	char hex[65];

	if (h->in == NULL)
		return 0;
	hashq_wait(&h->job);
	if (h->job.failed && h->in->kind != NULL)
		/* An input without its digest has no provenance: no report may
		 * name it with an empty or made-up one. Nothing is written yet. */
		return lib_fail(c->res, EXIT_INTERNAL,
		    "%s: internal error: its SHA-256 could not be computed", h->in->path);
	/* else never recognised; a directory's digest is its tree's, set by
	 * its collector */
	if (h->in->kind != NULL && !h->in->dir) {
		hex_encode(h->job.digest, 32, hex);
		facts_input_set_sha256(c->f, h->in->index, hex);
	}
	h->in = NULL;
	return 0;
}

/* Every input's digest, joined as late as possible: only the reports and
 * the comparison of two units need them. */
static int
input_hashes_finish(struct scan_ctx *c)
{
	for (int i = 0; i < c->nhashes; i++)
		if (input_hash_finish(c, &c->hashes[i]) != 0)
			return c->res->status;
	return 0;
}

/* Progress for long work: stderr, and only on a terminal, one line that
 * the next step overwrites (DESIGN.md, command line). */
static void progress(const struct scan_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
progress(const struct scan_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->req->progress)
		return;
	fputs("\r\033[Kfwaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static void
progress_clear(const struct scan_ctx *c)
{
	if (c->req->progress)
		fputs("\r\033[K", stderr);
}

/* The collector's error: exit 3 when the failure is fwaudit's, else 2. */
static int
collect_failed(struct scan_ctx *c)
{
	return lib_fail(c->res, c->err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", c->err.msg);
}

/* Opens, recognises, hashes and collects every input file; 0 or the exit
 * status on the first that fails. */
static int
scan_collect_inputs(struct scan_ctx *c)
{
	const struct scan_request *r = c->req;

	for (int i = 0; i < r->npaths; i++) {
		struct input *in = &c->inputs[i];
		const struct collector *k;

		if (input_open(in, r->paths[i], &c->err) != 0)
			return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
		in->origin = r->origin;
		in->jobs = r->opts.jobs > 0 ? (unsigned)r->opts.jobs : 0;
		in->hashq = c->hashq;
		in->keys = c->keys;
		in->want_sha512 = c->want_sha512;
		in->keyring = c->keyring;
		/* Hashing starts first: for a big dump it is the longest step. */
		input_hash_start(&c->hashes[i], in);
		c->nhashes = i + 1;
		k = r->kind ? collector_by_kind(r->kind) : collector_detect(in, &c->err);
		if (k == NULL || collector_fits(k, in, &c->err) != 0)
			return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
		in->kind = k->kind;
		in->index = facts_add_input_pending(c->f, in->path, k->kind, in->len);
		if (in->index < 0)
			return lib_fail(c->res, EXIT_INTERNAL, "out of memory");
		if (in->len >= (4u << 20))
			progress(c, "reading %s (%zu MiB)", in->path, in->len >> 20);
		if (k->collect(c->f, in, &c->err) != 0)
			return collect_failed(c);
	}
	return 0;
}

/* sbom.*: this run writes a CycloneDX SBOM (CRA Annex I Part II (1)). A
 * run that cannot write it ends with exit 2 or 3, so a report showing
 * these facts came with its SBOM. The count is left out when no image
 * gave components: nothing identified is no evidence of an SBOM. */
static void
sbom_facts(struct facts *f)
{
	json_t *rec = fact_record(f, "components");
	int in = rec != NULL ? (int)json_integer_value(json_object_get(rec, "input")) : 0;
	size_t n = json_array_size(json_object_get(rec, "value"));

	fact_set_str(f, "sbom.format", "CycloneDX 1.6", in, NULL);
	if (n > 0)
		fact_set_int(f, "sbom.components", (long long)n, in, NULL);
}

/* What needs more than one input or a live source: the comparison of two
 * units, the chip on the serial line, the host on the network, whether the
 * sources can be one device, and the collectors' last steps. */
static int
scan_collect_rest(struct scan_ctx *c)
{
	const struct scan_request *r = c->req;
	const char *bundle = r->opts.evidence_dir;
	struct serial_opts so = { r->serial.port, r->serial.baud, r->serial.console,
		r->serial.no_reset, r->serial.timeout_ms, bundle };
	struct net_opts no = { r->net.host, r->net.ports, r->net.try_logins,
		r->net.credentials, r->net.timeout_ms, r->net.total_timeout_ms,
		r->opts.jobs, bundle };

	/* compare tells identical inputs by their digests */
	if (r->compare && input_hashes_finish(c) != 0)
		return c->res->status;
	if (r->compare && collect_compare(c->f, &c->inputs[0], &c->inputs[1], &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	if (so.port != NULL)
		progress(c, "reading the chip on %s", so.port);
	if (so.port != NULL && collect_serial(c->f, &so, &c->err) != 0)
		return collect_failed(c);
	if (no.host != NULL)
		progress(c, "scanning %s (ports %s)", no.host, no.ports ? no.ports : "top");
	if (no.host != NULL && collect_network(c->f, &no, &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	/* Inputs (files, the live chip) that cannot be one device: two units
	 * compared are separate. */
	if (device_claims_check(c->f, r->separate_units || r->compare, &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	if (r->vex != NULL && vex_collect_file(c->f, r->vex, &c->err) != 0)
		return lib_fail(c->res, c->err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s",
		    c->err.msg);
	/* The components are known now; the post-collect steps end with
	 * components_vex_apply, which annotates what the matcher found. */
	if (r->vulndb != NULL && vuln_scan(c->f, r->vulndb, &c->err) != 0)
		return lib_fail(c->res, c->err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s",
		    c->err.msg);
	for (size_t i = 0; post_collect_table[i] != NULL; i++)
		post_collect_table[i](c->f);
	if (c->writes_sbom)
		sbom_facts(c->f);
	return 0;
}

/* Key files that cannot be keys fail before any input is read. */
static int
scan_load_keys(struct scan_ctx *c)
{
	const struct scan_request *r = c->req;

	if (r->nflash_keys == 0 && r->sbv1_bootloader_key == NULL && r->sbv1_verify_key == NULL)
		return 0;
	if ((c->keyring = calloc(1, sizeof(*c->keyring))) == NULL)
		return lib_fail(c->res, EXIT_INTERNAL, "out of memory");
	if (esp_keyring_load(c->keyring, r->flash_keys, r->nflash_keys,
	    r->sbv1_bootloader_key, r->sbv1_verify_key, &c->err) != 0)
		return lib_fail(c->res, c->err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s",
		    c->err.msg);
	return 0;
}

/* A signing key that cannot sign fails before a long live scan; the bundle
 * directory exists before collectors keep transcripts there. */
static int
scan_prepare(struct scan_ctx *c)
{
	const struct fwaudit_opts *o = &c->req->opts;

	if (o->sign_key != NULL && cms_check_key(o->sign_key, o->sign_cert, &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	if (o->evidence_dir != NULL && evidence_prepare_dir(o->evidence_dir,
	    o->replace_evidence, &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	c->evidence_dir_ready = o->evidence_dir != NULL;
	if ((c->f = facts_new()) == NULL)
		return lib_fail(c->res, EXIT_INTERNAL, "out of memory");
	if (o->declarations != NULL && declarations_collect(c->f, o->declarations, &c->err) != 0)
		return lib_fail(c->res, EXIT_USAGE, "%s", c->err.msg);
	if (!o->facts_only)
		judge_prepare_start(&c->prep, o, true);
	c->prep_started = !o->facts_only;
	c->inputs = calloc((size_t)c->req->npaths + 1, sizeof(*c->inputs));
	c->hashes = calloc((size_t)c->req->npaths + 1, sizeof(*c->hashes));
	/* The SHA-512 of every image is for an SBOM only (checks/components.h). */
	for (int i = 0; i < o->noutputs; i++)
		c->want_sha512 |= strncmp(o->outputs[i].format, "cyclonedx", 9) == 0;
	for (int i = 0; i < o->noutputs; i++)
		c->writes_sbom |= strcmp(o->outputs[i].format, "cyclonedx") == 0;
	c->writes_sbom |= o->evidence_dir != NULL;
	c->writes_sbom &= !o->facts_only;
	c->want_sha512 |= c->writes_sbom;
	c->hashq = hashq_new();
	c->keys = rsa_cache_new();
	if (c->inputs == NULL || c->hashes == NULL || c->hashq == NULL || c->keys == NULL)
		return lib_fail(c->res, EXIT_INTERNAL, "out of memory");
	return scan_load_keys(c);
}

/* Judged while the digests are still being computed; rendered once they
 * are in. */
static int
scan_judge(struct scan_ctx *c)
{
	const struct fwaudit_opts *o = &c->req->opts;
	struct judged j;

	if (o->facts_only)
		return input_hashes_finish(c) != 0 ? c->res->status : write_facts(c->f, o, c->res);
	if (judge_facts(c->f, o, &c->prep, c->evidence_dir_ready, &j, c->res) == 0 &&
	    input_hashes_finish(c) == 0)
		judge_render(c->f, o, &j, c->res);
	if (free_at_exit())
		judged_free(&j);
	return c->res->status;
}

static void
scan_ctx_free(struct scan_ctx *c)
{
	for (int i = 0; i < c->nhashes; i++)	/* no hashing outlives the mapped inputs */
		input_hash_cancel(&c->hashes[i]);
	hashq_free(c->hashq);	/* its threads end: every job was waited for */
	rsa_cache_free(c->keys);
	if (c->keyring != NULL)	/* key bytes never outlive the scan */
		esp_keyring_clear(c->keyring);
	free(c->keyring);
	if (c->prep_started)
		judge_prepare_join(&c->prep);
	if (!free_at_exit())
		return;
	if (c->prep_started)
		judge_prepare_free(&c->prep);
	free(c->hashes);
	for (int i = 0; c->inputs != NULL && i < c->req->npaths; i++)
		input_close(&c->inputs[i]);
	free(c->inputs);
	facts_free(c->f);
}

int
fwaudit_global_init(void)
{
	return oom_start();
}

bool
fwaudit_out_of_memory(void)
{
	return oom_seen();
}

int
fwaudit_scan(const struct scan_request *req, struct scan_result *res)
{
	struct scan_ctx c = { .req = req, .res = res };

	memset(res, 0, sizeof(*res));
	if (scan_prepare(&c) == 0 && scan_collect_inputs(&c) == 0 &&
	    scan_collect_rest(&c) == 0) {
		progress_clear(&c);
		scan_judge(&c);
	}
	progress_clear(&c);
	scan_ctx_free(&c);
	return res->status;
}

int
fwaudit_evaluate(const char *facts_path, const struct fwaudit_opts *o,
    struct scan_result *res)
{
	struct facts *f = NULL;
	struct judge_prep prep;
	struct judged j;
	json_error_t jerr;
	json_t *doc;
	struct fw_err err;

	memset(res, 0, sizeof(*res));
	if ((doc = json_load_file(facts_path, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return lib_fail(res, EXIT_USAGE, "%s: line %d, column %d: %s", facts_path,
		    jerr.line, jerr.column, jerr.text);
	if (facts_from_json(doc, facts_path, &f, &err) != 0)
		lib_fail(res, EXIT_USAGE, "%s", err.msg);
	json_decref(doc);
	if (f != NULL && res->status == 0 && o->declarations != NULL &&
	    declarations_collect(f, o->declarations, &err) != 0)
		lib_fail(res, EXIT_USAGE, "%s", err.msg);
	if (res->status != 0 || o->facts_only) {
		if (res->status == 0)
			write_facts(f, o, res);
		facts_free(f);
		return res->status;
	}
	judge_prepare_start(&prep, o, false);
	if (judge_facts(f, o, &prep, false, &j, res) == 0)
		judge_render(f, o, &j, res);
	judged_free(&j);
	judge_prepare_free(&prep);
	facts_free(f);
	return res->status;
}

bool
fwaudit_kind(size_t i, const char **name, const char **what)
{
	for (size_t k = 0; k <= i; k++)
		if (collector_table[k] == NULL)
			return false;
	*name = collector_table[i]->kind;
	*what = collector_table[i]->what;
	return true;
}
