/* The vendor's declarations (YAML): answers no tool can test — disclosure
 * policy URL, support period, expected ports, product features. They become
 * facts under "declared.", with file and line as provenance, and a rule
 * answered only by them reports `declared`, never `pass`. */
#ifndef FWAUDIT_DECLARATIONS_H
#define FWAUDIT_DECLARATIONS_H

#include "util/error.h"
#include "core/facts.h"

int declarations_collect(struct facts *f, const char *path, struct fw_err *err);

#endif
