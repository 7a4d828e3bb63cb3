/* Rules and profiles: data loaded from YAML (rules/NAME.yaml and
 * rules/profiles/NAME.yaml, plus a user's --rules DIR). The engine knows no
 * rule by name. */
#ifndef FWAUDIT_RULESET_H
#define FWAUDIT_RULESET_H

#include <jansson.h>
#include <stdbool.h>

#include "util/error.h"
#include "core/predicate.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_COUNT };

/* Where a rule names a provision, for errors that point at it. */
struct provision_ref {
	char *profile;
	char *id;
	unsigned line, col;
};

struct rule {
	char *id;
	char *title;
	char *rationale;
	char *remediation;
	enum severity severity;
	json_t *provisions;	/* {"etsi-en-303-645": ["5.7-1", ...], "pswg": [...]} */
	struct provision_ref *refs;	/* the same, with places */
	size_t nrefs;
	json_t *ts103701;	/* ["5.6-4-2", ...] TS 103 701 test cases */
	json_t *references;	/* ["https://...", ...] */
	struct pred *applies;	/* NULL: always */
	struct pred *require;
	bool declaration_only;	/* every fact it reads is declared.* */
	char *file;
	unsigned line;
};

struct feature {
	char *id;		/* "q" */
	char *title;		/* "debug interfaces exist" */
	struct pred *when;	/* FALSE: absent; TRUE/UNKNOWN: present */
};

struct provision {
	char *id;		/* V3.1.3 ID, "5.6-4A" */
	char *alias;		/* ID in the alias version ("5.6-4"), or NULL */
	char *title;
	char *status;		/* "MF(q)", "R", "M", ... */
	char *clause;		/* "5.6 Minimise exposed attack surfaces" */
	json_t *features;	/* ["q"] */
	json_t *rules;		/* ["ESP-EFUSE-JTAG-DISABLED", ...] */
	json_t *declarations;	/* ["vulnerability_disclosure_url", ...] (under declared.) */
	json_t *ts103701;	/* test case ids */
	char *note;
	/* Why its rules are evidence for it (shown with the verdict), and the
	 * kinds of evidence a pass needs: [{"evidence": "an update mechanism",
	 * "rules": [ids]}], each met when one of its rules passes. */
	char *evidence_basis;
	json_t *requires;
	unsigned line;
};

struct profile {
	char *id;		/* "etsi-en-303-645" */
	char *title;
	char *standard;
	char *version;		/* "3.1.3" */
	char *alias_version;	/* "2.1.1" or NULL */
	char *note;
	struct feature *features;
	size_t nfeatures;
	struct provision *provisions;
	size_t nprovisions;
	char *file;
};

struct ruleset {
	struct rule **rules;
	size_t nrules;
	struct profile **profiles;
	size_t nprofiles;
	char digest[65];	/* SHA-256 over every file loaded, in order */
	char *dir;		/* the built-in rules directory */
};

const char *severity_name(enum severity s);
int severity_parse(const char *s, enum severity *out);

/* Loads the built-in rules and profiles from dir, then user rules from
 * user_dir (may be NULL). A user rule with a built-in's id replaces it. */
int ruleset_load(struct ruleset **out, const char *dir, const char *user_dir,
    struct fw_err *err);
void ruleset_free(struct ruleset *rs);
/* Loads one rules file into rs (for lint too). */
int ruleset_add_file(struct ruleset *rs, const char *path, struct fw_err *err);
/* Checks rs's rules against profiles (rs's own when NULL): a provision ID
 * a known profile lacks is an error at the place the rule names it (the
 * finding would drop out of the conformance table); with profiles NULL
 * also every rule a profile's `requires:` names must exist. 0 or -1. */
int ruleset_check_refs(const struct ruleset *rs, const struct ruleset *profiles,
    struct fw_err *err);
struct ruleset *ruleset_new(void);

const struct rule *ruleset_rule(const struct ruleset *rs, const char *id);
const struct profile *ruleset_profile(const struct ruleset *rs, const char *id);

/* The built-in rules directory: $FWAUDIT_RULES, or rules/ beside the binary
 * (or up to three levels above it: the source tree), or the share directory
 * compiled in (FWAUDIT_DATADIR/rules, what make install installs). */
const char *rules_default_dir(void);

#endif
