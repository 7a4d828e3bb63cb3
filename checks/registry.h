/* The registry of input kinds: every collector, the steps run after all
 * of them, and recognising an input's kind. core/input.h defines what a
 * collector is; the collectors and this table live in checks/. */
#ifndef FWAUDIT_CHECKS_REGISTRY_H
#define FWAUDIT_CHECKS_REGISTRY_H

#include "util/error.h"
#include "core/facts.h"
#include "core/input.h"

/* NULL-terminated. */
extern const struct collector *const collector_table[];

/* Steps that relate facts from several inputs (an image's signing key and
 * the eFuse digests), run once after every input is collected; they add
 * facts and never judge. NULL-terminated. */
typedef void (*post_collect_fn)(struct facts *f);
extern const post_collect_fn post_collect_table[];

const struct collector *collector_by_kind(const char *kind);
/* 0 when in is no larger than c takes, else -1 with err (exit 2). */
int collector_fits(const struct collector *c, const struct input *in, struct fw_err *err);
/* A detection score no other kind can beat: the search stops there. */
#define DETECT_CERTAIN 95
/* Best detection for in, or NULL with err naming what was tried. */
const struct collector *collector_detect(const struct input *in, struct fw_err *err);

#endif
