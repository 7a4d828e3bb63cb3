#!/bin/sh
# The device layer (device/*) talks to chips and hosts and returns plain C
# records; facts, and so jansson, belong to checks/ (issue #16 goal 6). The
# preprocessed text of every device source must not pull in jansson.h, by
# any path (a core header that includes it counts too).
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || skip "no C compiler ($CC) to preprocess with"
flags=$(pkg-config --cflags openssl libserialport 2>/dev/null)
n=0
for f in "$TOP"/device/*.c "$TOP"/device/*.h; do
	# shellcheck disable=SC2086
	"$CC" -std=c11 -D_GNU_SOURCE -E -I"$TOP" $flags -x c "$f" -o "$T/pp.i" 2>"$T/err" ||
	    { cat "$T/err"; fail "cannot preprocess $f"; }
	grep -q 'jansson\.h"' "$T/pp.i" && fail "$f includes jansson.h (directly or through a header)"
	n=$((n + 1))
done
[ "$n" -gt 10 ] || fail "only $n device sources found under $TOP/device"
# The check itself: a device source that reaches jansson is caught.
printf '#include "core/facts.h"\n' >"$T/bad.c"
"$CC" -std=c11 -E -I"$TOP" $flags "$T/bad.c" -o "$T/pp.i" 2>/dev/null
grep -q 'jansson\.h"' "$T/pp.i" || fail "the jansson check would not see core/facts.h"
echo "ok: $n device sources without jansson"
