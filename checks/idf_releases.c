/* Looking up the ESP-IDF release table, loaded once on first use. */
#include "checks/idf_releases.h"

#include <stdio.h>
#include <string.h>

#include "util/fileio.h"
#include "core/ruleset.h"
#include "util/ytree.h"

/* The table's text, read once. */
static const char *
table_text(char *path, size_t pathlen, struct fw_err *err)
{
	static char *text;
	static struct fw_err saved;
	static int tried;
	size_t len;

	snprintf(path, pathlen, "%s/data/esp-idf-releases.yaml", rules_default_dir());
	if (!tried) {
		tried = 1;
		if (file_read(path, (size_t)4 << 20, &text, &len, &saved) != 0)
			text = NULL;
	}
	if (text == NULL && err != NULL)
		*err = saved;
	return text;
}

/* The entry of one release: only its lines are parsed (the whole table
 * would cost more than the rest of the identification), and the last one
 * looked up is kept: the images of a dump mostly share a release. */
static const struct ynode *
release_entry(const char *tag, struct fw_err *err)
{
	static struct ynode *doc;
	static char doc_tag[40];
	char path[4096], head[48];
	const char *text = table_text(path, sizeof(path), err), *start, *end;

	if (text == NULL)
		return NULL;
	if (doc != NULL && strcmp(doc_tag, tag) == 0)
		return doc;
	ytree_free(doc);
	doc = NULL;
	doc_tag[0] = '\0';
	/* "\n  v5.5.1:\n" then its lines, up to the next release */
	snprintf(head, sizeof(head), "\n  %s:\n", tag);
	if ((start = strstr(text, head)) == NULL)
		return NULL;
	start += strlen(head);
	for (end = start; strncmp(end, "    ", 4) == 0; ) {
		const char *nl = strchr(end, '\n');

		end = nl != NULL ? nl + 1 : end + strlen(end);
	}
	if ((doc = ytree_load_string(path, start, (size_t)(end - start), err)) == NULL)
		return NULL;
	if (doc->type != Y_MAP) {
		err_set(err, path, ERR_NO_OFFSET, "release %s: expected a map of components", tag);
		ytree_free(doc);
		return doc = NULL;
	}
	snprintf(doc_tag, sizeof(doc_tag), "%s", tag);
	return doc;
}

int
idf_release_tag(const char *idf_ver, char *out, size_t outlen, bool *exact)
{
	size_t n = 0, parts = 0, v;

	if (idf_ver == NULL)
		return -1;
	/* v (some forks leave it out), then at most three numbers: the tag;
	 * a fourth ("5.3.4.260127") is the fork's own build of that release */
	v = idf_ver[0] == 'v';
	if (idf_ver[v] < '0' || idf_ver[v] > '9')
		return -1;
	for (n = v; idf_ver[n] != '\0'; n++) {
		if (idf_ver[n] == '.' && parts == 2)
			break;
		if (idf_ver[n] == '.')
			parts++;
		else if (idf_ver[n] < '0' || idf_ver[n] > '9')
			break;
	}
	if (parts == 0 || idf_ver[n - 1] == '.' || n - v + 2 > outlen)
		return -1;
	/* "-dev", "-beta1", "-rc2": no release yet */
	if (idf_ver[n] == '-' && (idf_ver[n + 1] < '0' || idf_ver[n + 1] > '9') &&
	    strcmp(idf_ver + n, "-dirty") != 0)
		return -1;
	out[0] = 'v';
	memcpy(out + 1, idf_ver + v, n - v);
	out[n - v + 1] = '\0';
	*exact = idf_ver[n] == '\0' || strcmp(idf_ver + n, "-dirty") == 0;
	return 0;
}

int
idf_release_bundled(const char *idf_ver, const char *key, struct idf_bundled *out,
    struct fw_err *err)
{
	const struct ynode *rel, *e;
	char path[4096];

	memset(out, 0, sizeof(*out));
	err->msg[0] = '\0';
	if (idf_release_tag(idf_ver, out->release, sizeof(out->release), &out->exact) != 0)
		return 1;
	if (table_text(path, sizeof(path), err) == NULL)
		return -1;
	if ((rel = release_entry(out->release, err)) == NULL)
		return err->msg[0] ? -1 : 1;
	if (strcmp(key, "esp-idf") == 0) {
		out->version = out->release + 1;
		out->how = "an ESP-IDF component: the release's own version";
		return 0;
	}
	if ((e = ymap_get(rel, key)) == NULL)
		return 1;
	out->version = yscalar(ymap_get(e, "version"));
	if (out->version != NULL && strcmp(out->version, "null") == 0 &&
	    !ymap_get(e, "version")->quoted)
		out->version = NULL;
	out->commit = yscalar(ymap_get(e, "commit"));
	out->how = yscalar(ymap_get(e, "how"));
	return 0;
}
