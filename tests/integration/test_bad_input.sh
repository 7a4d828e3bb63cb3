# Hostile and unusable inputs: a clear message naming the input, exit 2, no crash.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
head -c 4096 /dev/urandom > "$T/garbage.bin"
expect_exit 2 "$FWAUDIT" scan "$T/garbage.bin"
contains "$T/err" "garbage.bin: unknown content; not recognised as any input kind (tried: sdkconfig, efuse-json"
# binary garbage forced as an sdkconfig
printf 'CONFIG_A=y\n\001\002\003' > "$T/bin.cfg"
expect_exit 2 "$FWAUDIT" scan --kind sdkconfig "$T/bin.cfg"
contains "$T/err" "bin.cfg: offset 0xb: line 2: control byte 0x01"
expect_exit 2 "$FWAUDIT" scan --kind sdkconfig "$T/garbage.bin"
contains "$T/err" "garbage.bin: offset"
# truncated eFuse summary
head -c 2000 "$S/secure/efuse.json" > "$T/trunc.json"
expect_exit 2 "$FWAUDIT" scan "$T/trunc.json"
contains "$T/err" "trunc.json: offset"
contains "$T/err" "line"
# JSON that is not an eFuse summary
echo '{"hello": {"value": 1}}' > "$T/other.json"
expect_exit 2 "$FWAUDIT" scan --kind efuse-json "$T/other.json"
contains "$T/err" "not an eFuse summary of a known chip"
: > "$T/empty"
expect_exit 2 "$FWAUDIT" scan "$T/empty"
contains "$T/err" "empty file"
expect_exit 2 "$FWAUDIT" scan "$T/does-not-exist"
contains "$T/err" "does-not-exist: cannot open"
expect_exit 2 "$FWAUDIT" scan "$T"
contains "$T/err" "is a directory"
expect_exit 0 "$FWAUDIT" scan --kind help
contains "$T/out" "efuse-json"
expect_exit 2 "$FWAUDIT" scan --kind nope "$S/secure/sdkconfig"
contains "$T/err" "unknown --kind 'nope'"
expect_exit 2 "$FWAUDIT" scan
expect_exit 2 "$FWAUDIT" scan "$S/secure/sdkconfig" --fail-on severe
contains "$T/err" "--fail-on takes"
expect_exit 2 "$FWAUDIT" scan "$S/secure/sdkconfig" --format pdf
contains "$T/err" "unknown --format 'pdf'"
expect_exit 2 "$FWAUDIT" nosuchcommand
# declarations and waivers that are not what they claim
printf -- '- just\n- a list\n' > "$T/decl.yaml"
expect_exit 2 "$FWAUDIT" scan "$S/secure/sdkconfig" --declarations "$T/decl.yaml"
contains "$T/err" "decl.yaml:1:1: expected a mapping of declarations"
printf 'waivers:\n  - {rule: X, justification: j, approver: a, expires: 31/12/2030}\n' > "$T/w.yaml"
expect_exit 2 "$FWAUDIT" scan "$S/secure/sdkconfig" --waivers "$T/w.yaml"
contains "$T/err" "w.yaml:2:"
contains "$T/err" "is not a date YYYY-MM-DD"
# an unwritable output
expect_exit 2 "$FWAUDIT" scan "$S/secure/sdkconfig" --format json -o /nonexistent/dir/r.json
contains "$T/err" "/nonexistent/dir/r.json: cannot write"
exit 0
