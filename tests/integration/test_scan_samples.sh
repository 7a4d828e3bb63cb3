# The samples through the real binary: verdicts, exit codes, JSON report.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples

# secure device: nothing fails, exit 0
expect_exit 0 "$FWAUDIT" scan "$S/secure/sdkconfig" "$S/secure/efuse.json" \
	--declarations "$S/vendor.yaml" --format json -o "$T/secure.json" --no-color
jcheck "$T/secure.json" 'd["schema_version"] == 1 and d["summary"]["rules"]["fail"] == 0'
jcheck "$T/secure.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-EFUSE-SECURE-BOOT"] == ["pass"]'
jcheck "$T/secure.json" '[r["verdict"] for r in d["rules"] if r["id"] == "DECL-SUPPORT-PERIOD"] == ["declared"]'
# every input carries its SHA-256
sha=$(sha256sum "$S/secure/efuse.json" | cut -d' ' -f1)
jcheck "$T/secure.json" "any(i.get('sha256') == '$sha' for i in d['inputs'])"
# evidence points at the sdkconfig line that says so
line=$(grep -n '^CONFIG_SECURE_BOOT=y' "$S/secure/sdkconfig" | cut -d: -f1)
jcheck "$T/secure.json" "[e['loc']['line'] for r in d['rules'] if r['id'] == 'ESP-SDK-SECURE-BOOT' for e in r['evidence']] == [$line]"

# insecure device: high findings, exit 1, and the text report names them
expect_exit 1 "$FWAUDIT" scan "$S/insecure/sdkconfig" "$S/insecure/efuse.json" --no-color
contains "$T/out" "verdict: FAIL"
contains "$T/out" "  high     ESP-EFUSE-SECURE-BOOT  not met: "
contains "$T/out" "  critical ESP-SDK-TLS-VERIFY  not met: "
contains "$T/out" "efuse.secure_boot.enabled = false"
contains "$T/out" "fix: "
# --fail-on critical still fails (TLS verification is critical); none never does
expect_exit 1 "$FWAUDIT" scan "$S/insecure/sdkconfig" --fail-on critical
expect_exit 0 "$FWAUDIT" scan "$S/insecure/sdkconfig" --fail-on none

# missing evidence is not_tested, never pass: an sdkconfig alone leaves eFuse rules untested
"$FWAUDIT" scan "$S/secure/sdkconfig" --format json -o "$T/sdk.json"
jcheck "$T/sdk.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-EFUSE-JTAG-DISABLED"] == ["not_tested"]'
jcheck "$T/sdk.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.2-1"] == ["not_tested"]'
# an input kind that was not given leaves its rules not_tested, never not_applicable
# (not_applicable would let a provision pass on the evidence that is there)
# The one exception is decided by the input given: the sdkconfig shows the
# build has no bootloader factory reset, so the rule about what it erases
# does not apply (and cannot meet 5.11-1's need for a way to erase data).
jcheck "$T/sdk.json" '[r["id"] for r in d["rules"] if r["verdict"] == "not_applicable"] == ["ESP-SDK-FACTORY-RESET"]'
jcheck "$T/sdk.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.11-1"] == ["not_tested"]'
jcheck "$T/sdk.json" '[r["verdict"] for r in d["rules"] if r["id"] in ("ESP-IMG-APP-SIGNED", "ESP-NVS-WIFI-PLAINTEXT", "CMP-DEVICE-CERT-UNIQUE", "ESP-SERIAL-CONSOLE-AUTH")] == ["not_tested"] * 4'
# with the declarations the same provision is declared, not pass
jcheck "$T/secure.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.2-1"] == ["declared"]'
# a feature the vendor declares absent makes its provisions not_applicable, with the reason
jcheck "$T/secure.json" '[p["reason"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.8-3"][0].startswith("not applicable: feature (v)")'

# both profiles, and the V2.1.1 IDs that PSTI cites
"$FWAUDIT" scan "$S/secure/efuse.json" --profile etsi-en-303-645 --profile pswg \
	--standard-version 2.1.1 --format json -o "$T/both.json"
jcheck "$T/both.json" '[p["id"] for p in d["profiles"]] == ["etsi-en-303-645", "pswg"]'
jcheck "$T/both.json" 'any(p["id"] == "5.6-4" and p["v3_id"] == "5.6-4A" for p in d["profiles"][0]["provisions"])'
jcheck "$T/both.json" 'not any(p["id"] == "5.1-2A" for p in d["profiles"][0]["provisions"])'
# eFuse evidence alone: some rules pass, the sdkconfig ones are untested, so not pass
jcheck "$T/both.json" 'any(p["id"] == "secure-storage" and p["verdict"] == "not_tested" and p["counts"]["pass"] >= 3 for p in d["profiles"][1]["provisions"])'
expect_exit 2 "$FWAUDIT" scan "$S/secure/efuse.json" --profile nist
contains "$T/err" "unknown profile 'nist'"

# reproducible: same inputs, same bytes (time pinned)
SOURCE_DATE_EPOCH=1700000000 "$FWAUDIT" scan "$S/insecure/sdkconfig" --format json -o "$T/a.json"
SOURCE_DATE_EPOCH=1700000000 "$FWAUDIT" scan "$S/insecure/sdkconfig" --format json -o "$T/b.json"
cmp "$T/a.json" "$T/b.json" || fail "reports differ between two identical runs"
jcheck "$T/a.json" 'd["generated_at"] == "2023-11-14T22:13:20Z"'
exit 0

# the provenance digest of dumps big enough to be hashed on the hash thread
# (beside their images' digests) is the file's SHA-256, in reports and facts
"$FWAUDIT" scan "$S/secure/flash.bin" "$S/insecure/flash.bin" --format json -o "$T/dumps.json"
"$FWAUDIT" scan --facts-only "$S/secure/flash.bin" "$S/insecure/flash.bin" -o "$T/dumps-facts.json"
for f in "$T/dumps.json" "$T/dumps-facts.json"; do
	jcheck "$f" "[i['sha256'] for i in d['inputs']] == ['$(sha256sum "$S/secure/flash.bin" | cut -d' ' -f1)', '$(sha256sum "$S/insecure/flash.bin" | cut -d' ' -f1)']"
done
# a big input that is nothing fwaudit knows: a clear error, its hashing abandoned
head -c $((8 << 20)) /dev/urandom > "$T/noise.bin"
expect_exit 2 "$FWAUDIT" scan "$T/noise.bin"
contains "$T/err" "not recognised as any input kind"
