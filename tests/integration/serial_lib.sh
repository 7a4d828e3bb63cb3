# Helpers for the serial integration tests (sourced after lib.sh): start the
# chip simulator, wait for its port, stop it at exit.
SIM="$BUILD/tools/esp_sim"
SHIM="$BUILD/tools/serial_shim"
VEC="$SHARED/vectors/efuse"
SIM_PIDS=""
trap 'for p in $SIM_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
[ -x "$SIM" ] || fail "simulator $SIM not built"

# start_sim NAME ARGS...: runs the simulator, sets PORT to what it prints.
start_sim() {
	name=$1; shift
	"$SIM" --log "$T/$name.ops" "$@" >"$T/$name.port" 2>"$T/$name.err" &
	SIM_PIDS="$SIM_PIDS $!"
	i=0
	while [ ! -s "$T/$name.port" ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
	PORT=$(head -1 "$T/$name.port")
	[ -n "$PORT" ] || fail "simulator $name printed no port: $(cat "$T/$name.err")"
}

# fact FILE NAME: the value of a fact as JSON (or "MISSING").
fact() {
	/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["facts"]
print(json.dumps(d[sys.argv[2]]["value"]) if sys.argv[2] in d else "MISSING")' "$1" "$2"
}
# expect_fact FILE NAME JSON
expect_fact() {
	got=$(fact "$1" "$2")
	[ "$got" = "$3" ] || fail "$2 = $got, want $3"
}
# expect_verdict REPORT.json RULE VERDICT
expect_verdict() {
	jcheck "$1" "[r['verdict'] for r in d['rules'] if r['id'] == '$2'] == ['$3']"
}
# same_efuse A B: every efuse.* value of fact tree A equals B's, none missing.
same_efuse() {
	/usr/bin/python3 - "$1" "$2" <<'PY' || fail "efuse facts differ: $1 vs $2"
import json, sys
a = json.load(open(sys.argv[1]))["facts"]
b = json.load(open(sys.argv[2]))["facts"]
ea = {k: v["value"] for k, v in a.items() if k.startswith("efuse.")}
eb = {k: v["value"] for k, v in b.items() if k.startswith("efuse.")}
assert len(ea) > 15, len(ea)
for k in sorted(set(ea) | set(eb)):
    if ea.get(k) != eb.get(k):
        print(k, ea.get(k), eb.get(k)); sys.exit(1)
PY
}

# Under ASan a preloaded library must not come first (it is not instrumented).
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
