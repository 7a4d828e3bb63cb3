#!/bin/sh
# The layers run one way (docs/architecture.md): each directory may include
# only its own headers and those of the layers listed for it. Also: threads
# are made in util/jobs.c alone, and parsers (formats/) schedule none. cmd/
# is to the library what curl's tool is to libcurl: it includes only the
# public headers, lib/fwaudit*.h, and they stand alone.
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
	cmd) echo "cmd" ;;
	esac
}
# Prints "FILE:INCLUDE" for each include of FILE (in layer DIR) against the layers.
violations() {
	ok=$(allowed "$1")
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$2" | while read -r inc; do
		case " $ok " in *" ${inc%%/*} "*) continue ;; esac
		case $1:$inc in cmd:lib/fwaudit*.h) continue ;; esac
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
	echo "against the layers: ${v%%:*} includes ${v#*:} (docs/architecture.md)"
	bad=$((bad + 1))
done <"$T/found"
[ $bad = 0 ] || fail "$bad include(s) against the layers"
# The public headers stand alone: no other header of ours, and none of the
# libraries behind them, so cmd/ (and any other program) needs only them.
deps='jansson\.h\|openssl/\|yaml\.h\|sqlite3\.h\|libserialport\.h\|capstone\|gelf\.h\|libelf\.h\|cmocka\.h'
for f in lib/fwaudit*.h; do
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | grep -v '^lib/fwaudit[a-z_]*\.h$' |
	    sed "s|^|$f includes |" >>"$T/public"
done
grep -l "#include <\($deps\)" lib/fwaudit*.h cmd/*.c cmd/*.h >>"$T/public"
[ ! -s "$T/public" ] || fail "the public headers or cmd/ reach further: $(cat "$T/public")"
threads=$(grep -l 'pthread_create' */*.c | grep -v '^tests/' | tr '\n' ' ')
[ "$threads" = "util/jobs.c " ] || fail "threads made outside util/jobs.c: $threads"
sched=$(grep -l 'jobs_run\|jobs_start\|hashq_submit' formats/*.c | tr '\n' ' ')
[ -z "$sched" ] || fail "parsers schedule work: $sched"
# The check itself: an upward include in util/ is caught.
mkdir -p "$T/util" && printf '#include "util/hex.h"\n#include "core/facts.h"\n' >"$T/util/x.h"
[ "$(violations util "$T/util/x.h")" = "$T/util/x.h:core/facts.h" ] ||
    fail "the check would not catch util/ including core/facts.h"
# ... and cmd/ reaching past the public headers into lib/ or below.
mkdir -p "$T/cmd" && printf '#include "lib/fwaudit_browse.h"\n#include "lib/judge.h"\n#include "core/ruleset.h"\n' >"$T/cmd/x.c"
[ "$(violations cmd "$T/cmd/x.c" | tr '\n' ' ')" = "$T/cmd/x.c:lib/judge.h $T/cmd/x.c:core/ruleset.h " ] ||
    fail "the check would not catch cmd/ including lib/judge.h or core/ruleset.h"
echo "ok: $n sources keep to their layers; cmd/ includes only lib/fwaudit*.h"
