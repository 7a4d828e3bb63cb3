# Gather once, judge many times: --facts-only then evaluate gives the same verdicts.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
expect_exit 0 "$FWAUDIT" scan --facts-only "$S/insecure/sdkconfig" "$S/insecure/efuse.json" -o "$T/facts.json"
jcheck "$T/facts.json" 'd["facts"]["efuse.chip"]["value"] == "esp32s3" and d["facts"]["efuse.chip"]["input"] == 1'
jcheck "$T/facts.json" 'd["facts"]["sdkconfig.CONFIG_ESP_TLS_INSECURE"]["loc"]["line"] > 0'
# keys are sorted: deterministic output
/usr/bin/python3 -c "
import json,sys
d=json.load(open('$T/facts.json'))
k=list(d['facts'].keys()); sys.exit(0 if k==sorted(k) else 1)" || fail "fact names not sorted"
SOURCE_DATE_EPOCH=1 "$FWAUDIT" scan "$S/insecure/sdkconfig" "$S/insecure/efuse.json" --format json -o "$T/direct.json"
SOURCE_DATE_EPOCH=1 "$FWAUDIT" evaluate "$T/facts.json" --format json -o "$T/eval.json"
cmp "$T/direct.json" "$T/eval.json" || fail "evaluate of saved facts differs from a direct scan"
# one gather, another profile
expect_exit 1 "$FWAUDIT" evaluate "$T/facts.json" --profile pswg
contains "$T/out" "no-default-passwords"
# damaged fact trees
echo '{"schema_version": 99, "inputs": [], "facts": {}}' > "$T/v99.json"
expect_exit 2 "$FWAUDIT" evaluate "$T/v99.json"
contains "$T/err" "schema_version is not 1"
printf '{"schema_version": 1, "inputs": [], "facts": {"a": {"value": 1, "input": 5}}}' > "$T/idx.json"
expect_exit 2 "$FWAUDIT" evaluate "$T/idx.json"
contains "$T/err" "input index out of range"
printf '{"schema_version": 1,' > "$T/trunc.json"
expect_exit 2 "$FWAUDIT" evaluate "$T/trunc.json"
contains "$T/err" "trunc.json: line 1"
exit 0
