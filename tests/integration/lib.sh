# Shared helpers for integration tests (sourced). Each check names what it
# asserts; the first failure ends the script with exit 1.
set -u
: "${FWAUDIT:?FWAUDIT must point at the binary}"
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$TOP/../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skip: $*"; exit 77; }

# expect_exit N CMD...: run CMD, stdout+stderr to $T/out, assert exit status N
expect_exit() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || { cat "$T/out" "$T/err" | tail -20; fail "exit $got, want $want: $*"; }
}
# contains FILE STRING: assert FILE contains STRING (fixed string)
contains() { grep -qF -- "$2" "$1" || { tail -20 "$1"; fail "$1 lacks: $2"; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }
# jq-like check through python: jcheck FILE 'python expression over d'
jcheck() {
	/usr/bin/python3 - "$1" "$2" <<'PY' || fail "json check failed: $2"
import json, sys
d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    sys.exit(1)
PY
}
need_shared() { [ -d "$SHARED/vectors" ] || skip "../shared/vectors is absent"; }
