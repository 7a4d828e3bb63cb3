/* Writing and checking evidence bundles (reports/evidence.h). */
#include "util/hex.h"
#include "reports/evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "util/fileio.h"
#include "util/sha256.h"
#include "util/json_out.h"
#include "reports/report.h"

/* Nested evidence directories deeper than this are not walked. */
#define EVIDENCE_MAX_DEPTH 8
/* A manifest is small text; this bounds what verify will read. */
#define MANIFEST_MAX (64u << 20)
#define SIGNATURE_MAX (1u << 20)

static int hash_file(const char *path, char hex[65], long long *size, struct fw_err *err);
static json_t *load_manifest(const char *dir, char **text, size_t *len, struct fw_err *err);

/* A name fwaudit writes into a bundle: a report (report_writers), the fact
 * tree, the manifest and its signature, or a live collector's transcript
 * (checks/live_serial.c, checks/live_network.c: NAME-transcript.txt). */
static bool
bundle_file_name(const char *name)
{
	static const char suffix[] = "-transcript.txt";
	size_t n = strlen(name);

	for (size_t i = 0; report_writers[i] != NULL; i++)
		if (!strcmp(name, report_writers[i]->file_name))
			return true;
	return !strcmp(name, "facts.json") || !strcmp(name, EVIDENCE_MANIFEST) ||
	    !strcmp(name, EVIDENCE_SIGNATURE) ||
	    (n > sizeof(suffix) - 1 && !strcmp(name + n - (sizeof(suffix) - 1), suffix));
}

/* Why the entry name of dir is not a file of the earlier bundle described by
 * listed (path -> manifest entry), or NULL when it is. */
static const char *
not_bundle_file(const char *dir, const char *name, const json_t *listed, char *why,
    size_t whylen)
{
	char path[4096], hex[65];
	struct fw_err e;
	struct stat st;
	long long size;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) != 0)
		snprintf(why, whylen, "cannot be examined: %s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		snprintf(why, whylen, "a directory (fwaudit writes none into a bundle)");
	else if (!S_ISREG(st.st_mode))
		snprintf(why, whylen, "a link or special file");
	else if (!bundle_file_name(name))
		snprintf(why, whylen, "not a file fwaudit writes into a bundle");
	else if (!strcmp(name, EVIDENCE_MANIFEST) || !strcmp(name, EVIDENCE_SIGNATURE))
		return NULL;
	else if (json_object_get(listed, name) == NULL)
		snprintf(why, whylen, "not in the bundle's manifest");
	else if (hash_file(path, hex, &size, &e) != 0)
		snprintf(why, whylen, "unreadable (%.400s)", e.msg);
	else if (strcmp(hex, jstr(json_object_get(listed, name), "sha256")) != 0)
		snprintf(why, whylen, "changed since the bundle was written");
	else
		return NULL;
	return why;
}

/* Removes the earlier bundle in dir: every entry checked first, then only
 * those removed; one that is not the bundle's refuses the whole. */
static int
remove_old_bundle(const char *dir, struct fw_err *err)
{
	char *text = NULL, why[512], path[4096];
	json_t *m, *listed = json_object(), *names = json_array(), *f;
	struct dirent *d;
	size_t i, len;
	DIR *dp;
	int rc = -1;

	if ((m = load_manifest(dir, &text, &len, err)) == NULL) {
		char cause[sizeof(err->msg)];

		snprintf(cause, sizeof(cause), "%s", err->msg);
		json_decref(listed);
		json_decref(names);
		return err_set(err, dir, ERR_NO_OFFSET, "not empty, and not an fwaudit evidence "
		    "bundle (%s): --replace-evidence replaces only an earlier bundle; nothing "
		    "was removed", cause);
	}
	free(text);
	json_array_foreach(json_object_get(m, "files"), i, f)
		json_object_set(listed, jstr(f, "path"), f);
	if ((dp = opendir(dir)) == NULL) {
		err_set(err, dir, ERR_NO_OFFSET, "cannot list: %s", strerror(errno));
		goto out;
	}
	while ((d = readdir(dp)) != NULL) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (not_bundle_file(dir, d->d_name, listed, why, sizeof(why)) != NULL) {
			err_set(err, dir, ERR_NO_OFFSET, "holds %s, which is %s: "
			    "--replace-evidence removes only the files of an earlier bundle, "
			    "unchanged; nothing was removed", d->d_name, why);
			closedir(dp);
			goto out;
		}
		/* Accepted names are listed in the manifest: valid JSON strings. */
		json_array_append_new(names, json_string(d->d_name));
	}
	closedir(dp);
	json_array_foreach(names, i, f) {
		snprintf(path, sizeof(path), "%s/%s", dir, json_string_value(f));
		if (unlink(path) != 0 && errno != ENOENT) {
			err_set(err, path, ERR_NO_OFFSET, "cannot remove the earlier bundle's "
			    "file: %s", strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(m);
	json_decref(listed);
	json_decref(names);
	return rc;
}

int
evidence_prepare_dir(const char *dir, bool replace, struct fw_err *err)
{
	struct dirent *d;
	struct stat st;
	char first[256] = "";
	size_t n = 0;
	DIR *dp;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return err_set(err, dir, ERR_NO_OFFSET, "cannot create the evidence "
		    "directory: %s", strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(err, dir, ERR_NO_OFFSET, "exists and is not a directory");
	if ((dp = opendir(dir)) == NULL)
		return err_set(err, dir, ERR_NO_OFFSET, "cannot list: %s", strerror(errno));
	while ((d = readdir(dp)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0 && n++ == 0)
			snprintf(first, sizeof(first), "%s", d->d_name);
	closedir(dp);
	if (n == 0)
		return 0;
	/* A file already there would be signed into the manifest as if this
	 * run had produced it. */
	if (!replace)
		return err_set(err, dir, ERR_NO_OFFSET, "the evidence directory is not empty "
		    "(%zu entr%s, such as %s): a bundle holds only what one run writes; give "
		    "a new or empty directory, or --replace-evidence to replace an earlier "
		    "bundle there", n, n == 1 ? "y" : "ies", first);
	return remove_old_bundle(dir, err);
}

static int
hash_file(const char *path, char hex[65], long long *size, struct fw_err *err)
{
	unsigned char buf[65536], md[32];
	struct sha256_ctx c;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;
	int rc = -1;

	*size = 0;
	if (fd < 0 || sha256_init(&c) != 0) {
		err_set(err, path, ERR_NO_OFFSET, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		sha256_update(&c, buf, (size_t)n);
		*size += n;
	}
	if (n < 0)
		err_set(err, path, ERR_NO_OFFSET, "cannot read: %s", strerror(errno));
	else if (sha256_final(&c, md) != 0)
		err_set(err, path, ERR_NO_OFFSET, "cannot finish SHA-256");
	else {
		hex_encode(md, 32, hex);
		rc = 0;
	}
	sha256_release(&c);
	close(fd);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends every regular file under root/rel to files, in name order so the
 * manifest is the same bytes for the same tree. */
static int
walk(const char *root, const char *rel, int depth, json_t *files, struct fw_err *err)
{
	char path[4096], sub[4096];
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dp;
	int rc = -1;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (depth > EVIDENCE_MAX_DEPTH)
		return err_set(err, path, ERR_NO_OFFSET, "evidence directories nest deeper "
		    "than %d levels", EVIDENCE_MAX_DEPTH);
	if ((dp = opendir(path)) == NULL)
		return err_set(err, path, ERR_NO_OFFSET, "cannot list: %s", strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 32) * sizeof(*names));

			if (nn == NULL)
				goto out;
			names = nn;
		}
		if ((names[n] = strdup(d->d_name)) == NULL)
			goto out;
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char hex[65];
		long long size;

		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    names[i]) >= sizeof(sub)) {
			err_set(err, path, ERR_NO_OFFSET, "path too long");
			goto out;
		}
		if (depth == 0 && (!strcmp(names[i], EVIDENCE_MANIFEST) ||
		    !strcmp(names[i], EVIDENCE_SIGNATURE)))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, sub) >= sizeof(path)) {
			err_set(err, root, ERR_NO_OFFSET, "path too long");
			goto out;
		}
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (walk(root, sub, depth + 1, files, err) != 0)
				goto out;
			continue;
		}
		/* Symbolic links and devices are not evidence (a link could make
		 * the manifest vouch for a file outside the bundle): listed without
		 * a hash, so the manifest leaves them out and verify flags them. */
		if (!S_ISREG(st.st_mode)) {
			json_array_append_new(files, json_pack("{s:s, s:b}", "path", sub,
			    "special", 1));
			continue;
		}
		if (hash_file(path, hex, &size, err) != 0)
			goto out;
		json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "path", sub,
		    "sha256", hex, "size", (json_int_t)size));
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(dp);
	if (rc != 0 && err->msg[0] == '\0')
		err_oom(err, root, ERR_NO_OFFSET);
	return rc;
}

json_t *
evidence_list_files(const char *dir, struct fw_err *err)
{
	json_t *files = json_array();

	err->msg[0] = '\0';
	if (walk(dir, "", 0, files, err) != 0) {
		json_decref(files);
		return NULL;
	}
	return files;
}

static int
write_json(const char *dir, const char *name, const json_t *doc, struct fw_err *err)
{
	char path[4096], *s;
	size_t len;
	int rc;

	if ((s = json_canonical(doc, &len)) == NULL)
		return err_oom(err, name, ERR_NO_OFFSET);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = file_write(path, s, len, err);
	free(s);
	return rc;
}

int
evidence_write(const json_t *report, const json_t *facts_doc, const char *dir,
    const char *key_path, const char *cert_path, struct fw_err *err)
{
	struct report_opts ro = { 0 };
	char path[4096], *manifest_text = NULL;
	const json_t *tool = json_object_get(report, "tool");
	json_t *files = NULL, *manifest = NULL;
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	int rc = -1;

	if (key_path != NULL && cms_check_key(key_path, cert_path, err) != 0)
		return -1;
	for (size_t i = 0; report_writers[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, report_writers[i]->file_name);
		if (report_write(report, report_writers[i]->format, path, &ro, err) != 0)
			return -1;
	}
	if (write_json(dir, "facts.json", facts_doc, err) != 0)
		return -1;
	if ((files = evidence_list_files(dir, err)) == NULL)
		return -1;
	for (size_t i = json_array_size(files); i-- > 0;)
		if (json_object_get(json_array_get(files, i), "special") != NULL)
			json_array_remove(files, i);
	manifest = json_pack("{s:i, s:{s:s, s:s}, s:s, s:O, s:s, s:O, s:o}",
	    "manifest_version", EVIDENCE_MANIFEST_VERSION,
	    "tool", "name", "fwaudit", "version", jstr(tool, "version"),
	    "ruleset_digest", jstr(tool, "ruleset_digest"),
	    "report_schema_version", json_object_get(report, "schema_version"),
	    "generated_at", jstr(report, "generated_at"),
	    "inputs", json_object_get(report, "inputs"), "files", files);
	if (manifest == NULL || (manifest_text = json_dumps(manifest,
	    JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL) {
		err_set(err, dir, ERR_NO_OFFSET, "cannot build the manifest");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, EVIDENCE_MANIFEST);
	if (file_write(path, manifest_text, strlen(manifest_text), err) != 0)
		goto out;
	snprintf(path, sizeof(path), "%s/%s", dir, EVIDENCE_SIGNATURE);
	if (key_path == NULL) {
		/* A signature left from an earlier run would no longer match. */
		if (unlink(path) != 0 && errno != ENOENT) {
			err_set(err, path, ERR_NO_OFFSET, "cannot remove the old signature: %s",
			    strerror(errno));
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (cms_sign_detached(key_path, cert_path, manifest_text, strlen(manifest_text),
	    &sig, &sig_len, err) != 0)
		goto out;
	rc = file_write(path, sig, sig_len, err);
out:
	OPENSSL_free(sig);
	free(manifest_text);
	json_decref(manifest);
	return rc;
}

/* A manifest path must stay inside the bundle. */
static int
safe_rel_path(const char *p)
{
	const char *s = p;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*s != '\0') {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
	}
	return 1;
}

static json_t *
load_manifest(const char *dir, char **text, size_t *len, struct fw_err *err)
{
	char path[4096];
	json_error_t jerr;
	json_t *m, *files, *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, EVIDENCE_MANIFEST);
	if (file_read(path, MANIFEST_MAX, text, len, err) != 0)
		return NULL;
	if ((m = json_loadb(*text, *len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		err_set_line(err, path, (unsigned)jerr.line, (unsigned)jerr.column,
		    "not JSON: %s", jerr.text);
		goto bad;
	}
	files = json_object_get(m, "files");
	if (json_integer_value(json_object_get(m, "manifest_version")) !=
	    EVIDENCE_MANIFEST_VERSION || !json_is_array(files)) {
		err_set(err, path, ERR_NO_OFFSET, "not an fwaudit evidence manifest of "
		    "version %d (expected manifest_version and files)", EVIDENCE_MANIFEST_VERSION);
		goto bad;
	}
	json_array_foreach(files, i, f) {
		const char *p = json_string_value(json_object_get(f, "path"));
		const char *h = json_string_value(json_object_get(f, "sha256"));

		if (p == NULL || h == NULL || strlen(h) != 64) {
			err_set(err, path, ERR_NO_OFFSET, "files[%zu]: expected {path, sha256 "
			    "(64 hex digits), size}", i);
			goto bad;
		}
		if (!safe_rel_path(p)) {
			err_set(err, path, ERR_NO_OFFSET, "files[%zu]: path '%s' leaves the "
			    "bundle", i, p);
			goto bad;
		}
	}
	return m;
bad:
	json_decref(m);
	free(*text);
	*text = NULL;
	return NULL;
}

int
evidence_verify(const char *dir, const char *signer_cert, FILE *out, struct fw_err *err)
{
	char *text = NULL, *sig = NULL, path[4096], msg[1024];
	size_t len = 0, sig_len = 0, i;
	json_t *m, *have = NULL, *listed = json_object(), *f;
	int problems = 0, rc = -1, s;
	struct stat st;

	if ((m = load_manifest(dir, &text, &len, err)) == NULL)
		goto out;
	if ((have = evidence_list_files(dir, err)) == NULL)
		goto out;
	json_array_foreach(have, i, f)
		json_object_set(listed, jstr(f, "path"), f);
	json_array_foreach(json_object_get(m, "files"), i, f) {
		const json_t *now = json_object_get(listed, jstr(f, "path"));

		if (now == NULL) {
			fprintf(out, "removed: %s (listed in the manifest, not in the bundle)\n",
			    jstr(f, "path"));
			problems |= EVIDENCE_ALTERED;
		} else if (json_object_get(now, "special") != NULL) {
			fprintf(out, "changed: %s (now a link or special file)\n", jstr(f, "path"));
			problems |= EVIDENCE_ALTERED;
		} else if (strcmp(jstr(now, "sha256"), jstr(f, "sha256")) != 0) {
			fprintf(out, "changed: %s (sha256 %.16s..., manifest says %.16s...)\n",
			    jstr(f, "path"), jstr(now, "sha256"), jstr(f, "sha256"));
			problems |= EVIDENCE_ALTERED;
		}
		json_object_del(listed, jstr(f, "path"));
	}
	json_array_foreach(have, i, f)
		if (json_object_get(listed, jstr(f, "path")) != NULL) {
			fprintf(out, "added: %s (%s)\n", jstr(f, "path"),
			    json_object_get(f, "special") ? "a link or special file, not evidence" :
			    "not in the manifest");
			problems |= EVIDENCE_ALTERED;
		}
	snprintf(path, sizeof(path), "%s/%s", dir, EVIDENCE_SIGNATURE);
	if (stat(path, &st) != 0) {
		if (signer_cert != NULL) {
			fprintf(out, "not signed: %s is missing, --signer expects a signature\n",
			    EVIDENCE_SIGNATURE);
			problems |= EVIDENCE_NOT_SIGNED;
		} else
			fprintf(out, "note: the manifest is not signed\n");
	} else {
		if (file_read(path, SIGNATURE_MAX, &sig, &sig_len, err) != 0)
			goto out;
		s = cms_verify_detached(sig, sig_len, text, len, signer_cert, msg, sizeof(msg), err);
		if (s < 0)
			goto out;
		fprintf(out, "%s\n", msg);
		problems |= s;
	}
	if (problems == 0)
		fprintf(out, "ok: %zu files match %s\n", json_array_size(json_object_get(m,
		    "files")), EVIDENCE_MANIFEST);
	rc = problems;
out:
	json_decref(m);
	json_decref(have);
	json_decref(listed);
	free(text);
	free(sig);
	return rc;
}
