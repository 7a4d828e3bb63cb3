#!/bin/sh
# The layers run one way (docs/architecture.md): each directory may include
# only its own headers and those of the layers listed for it. Also: threads
# are made in util/jobs.c alone, and parsers (formats/) schedule none.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || fail "no tree at $TOP"
allowed() {
	case $1 in
	util) echo "util" ;;
	core) echo "util core" ;;
	formats) echo "util formats" ;;
	device) echo "util formats device" ;;
	checks) echo "util core formats device checks" ;;
	reports) echo "util core reports" ;;
	lib) echo "util core formats device checks reports lib" ;;
	cmd) echo "cmd lib" ;;
	esac
}
# cmd/ sources that still reach under the library (issue #16 goal 1). Each
# must still be needed, so that the list only shrinks.
EXCEPTIONS="cmd/ports.c:device/serial_list.h cmd/profiles.c:util/error.h
cmd/profiles.c:core/ruleset.h cmd/rule_show.c:core/ruleset.h cmd/rules.c:core/facts.h
cmd/rules.c:core/fact_catalog.h cmd/rules.c:core/ruleset.h
cmd/declarations_init.c:util/error.h cmd/declarations_init.c:core/facts.h
cmd/declarations_init.c:core/ruleset.h cmd/declarations_init.c:util/ytree.h
cmd/declarations_keys.c:core/predicate.h cmd/declarations_keys.c:core/profile_links.h
cmd/profile_coverage.c:core/declarations.h cmd/profile_coverage.c:core/facts.h
cmd/profile_coverage.c:core/profile_links.h cmd/profiles.c:core/predicate.h
cmd/declarations_keys.h:core/ruleset.h cmd/profile_coverage.h:core/ruleset.h
cmd/vulndb.c:checks/vulndb.h cmd/vulndb.c:util/error.h"
# Prints "FILE:INCLUDE" for each include of FILE (in layer DIR) against the layers.
violations() {
	ok=$(allowed "$1")
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$2" | while read -r inc; do
		case " $ok " in *" ${inc%%/*} "*) continue ;; esac
		echo "$2:$inc"
	done
}
n=0
: >"$T/found"
for dir in util core formats device checks reports lib cmd; do
	for f in $dir/*.c $dir/*.h; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		violations $dir "$f" >>"$T/found"
	done
done
[ "$n" -gt 150 ] || fail "only $n sources found"
bad=0
while read -r v; do
	case " $(echo $EXCEPTIONS) " in *" $v "*) continue ;; esac
	echo "against the layers: ${v%%:*} includes ${v#*:} (docs/architecture.md)"
	bad=$((bad + 1))
done <"$T/found"
[ $bad = 0 ] || fail "$bad include(s) against the layers"
for e in $EXCEPTIONS; do
	grep -qx "$e" "$T/found" || fail "$e is no longer needed: drop it from EXCEPTIONS"
done
threads=$(grep -l 'pthread_create' */*.c | grep -v '^tests/' | tr '\n' ' ')
[ "$threads" = "util/jobs.c " ] || fail "threads made outside util/jobs.c: $threads"
sched=$(grep -l 'jobs_run\|jobs_start\|hashq_submit' formats/*.c | tr '\n' ' ')
[ -z "$sched" ] || fail "parsers schedule work: $sched"
# The check itself: an upward include in util/ is caught.
mkdir -p "$T/util" && printf '#include "util/hex.h"\n#include "core/facts.h"\n' >"$T/util/x.h"
[ "$(violations util "$T/util/x.h")" = "$T/util/x.h:core/facts.h" ] ||
    fail "the check would not catch util/ including core/facts.h"
echo "ok: $n sources keep to their layers ($(echo $EXCEPTIONS | wc -w) cmd/ exceptions left)"
