# rules list/show/lint, profiles list/show, user rules with --rules.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
expect_exit 0 "$FWAUDIT" rules list
contains "$T/out" "ESP-EFUSE-JTAG-DISABLED"
expect_exit 0 "$FWAUDIT" rules show ESP-SDK-TLS-VERIFY
contains "$T/out" "severity:    critical"
contains "$T/out" "etsi-en-303-645: 5.5-1, 5.3-10"
expect_exit 2 "$FWAUDIT" rules show NO-SUCH-RULE
# rules show: the rule's logic, its provisions in every profile (with their
# titles), its rationale and its fix
expect_exit 0 "$FWAUDIT" rules show ESP-EFUSE-SB-UNUSED-SLOTS-REVOKED
contains "$T/out" "applies when:"
contains "$T/out" '    efuse.chip none_of ["esp32","esp32c2"]'
contains "$T/out" "passes when:"
contains "$T/out" "  efuse.secure_boot.unused_slots_revoked equals true"
contains "$T/out" "    5.7-1    V2.1.1 5.7-1    R          Device software is verified using secure boot mechanisms"
contains "$T/out" "  pswg: secure-updates"
contains "$T/out" "Software is updatable securely"
contains "$T/out" "remediation (the fix):"
contains "$T/out" "espefuse.py burn_efuse SECURE_BOOT_KEY_REVOKEn"
mkdir -p "$T/show"
cat > "$T/show/show.yaml" <<'Y'
rules:
  - id: X-SHOW
    title: Every open port is declared
    severity: medium
    rationale: Undeclared services widen the attack surface.
    remediation: Close the port or declare it.
    provisions: {etsi-en-303-645: ["5.6-1"], iso: ["A.1"]}
    applies: {exists: net.scan}
    require:
      for_each:
        fact: net.tcp
        where: {equals: {fact: .state, value: open}}
        require: {in: {fact: .port, values: [22, 443]}}
Y
expect_exit 0 "$FWAUDIT" rules show X-SHOW --rules "$T/show"
contains "$T/out" "  net.scan exists"
contains "$T/out" "  for each item of net.tcp where:"
contains "$T/out" '      .state equals "open"'
contains "$T/out" "      .port in [22,443]"
contains "$T/out" "Unused network and logical interfaces are disabled"
contains "$T/out" "  pswg: none"
contains "$T/out" "  iso: A.1  (no such profile loaded)"
contains "$T/out" "Undeclared services widen the attack surface."
contains "$T/out" "Close the port or declare it."
expect_exit 0 "$FWAUDIT" profiles list
contains "$T/out" "etsi-en-303-645"
contains "$T/out" "pswg"
expect_exit 0 "$FWAUDIT" profiles show etsi-en-303-645
contains "$T/out" "5.6-4A   5.6-4    MF(q)"
contains "$T/out" "6-8      -        RF(z)"
# every built-in rule file lints clean, with no unknown facts
for f in "$TOP"/rules/*.yaml; do
	expect_exit 0 "$FWAUDIT" rules lint "$f"
	lacks "$T/err" "warning"
done
# lint errors carry file:line:column
mkdir -p "$T/r"
cat > "$T/r/bad.yaml" <<'Y'
rules:
  - id: X-1
    title: t
    severity: high
    rationale: r
    remediation: m
    provisions: {etsi-en-303-645: ["5.1-1"]}
    require: {equal: {fact: efuse.chip, value: esp32}}
Y
expect_exit 2 "$FWAUDIT" rules lint "$T/r/bad.yaml"
contains "$T/err" "bad.yaml:8:15: unknown predicate 'equal'"
printf 'rules:\n  - id: X\n    title: [unclosed\n' > "$T/r/yaml.yaml"
expect_exit 2 "$FWAUDIT" rules lint "$T/r/yaml.yaml"
contains "$T/err" "yaml.yaml:"
contains "$T/err" "YAML:"
cat > "$T/r/sev.yaml" <<'Y'
rules:
  - {id: X-2, title: t, severity: urgent, rationale: r, remediation: m, provisions: {pswg: [secure-storage]}, require: {exists: efuse.chip}}
Y
expect_exit 2 "$FWAUDIT" rules lint "$T/r/sev.yaml"
contains "$T/err" "severity 'urgent' is not one of"
# a fact no collector defines is a lint warning, not an error
cat > "$T/r/warn.yaml" <<'Y'
rules:
  - id: X-3
    title: t
    severity: low
    rationale: r
    remediation: m
    provisions: {etsi-en-303-645: ["5.6-1"], iso: ["A.1"]}
    require: {equals: {fact: efuse.jtag.disabld, value: true}}
Y
expect_exit 0 "$FWAUDIT" rules lint "$T/r/warn.yaml"
contains "$T/err" "warn.yaml:2: warning: rule X-3 reads fact 'efuse.jtag.disabld', which no collector defines"
contains "$T/err" "unknown profile 'iso'"
# a provision ID the profile does not have would drop the finding out of the
# conformance table: a lint error with its place, and a load error (exit 2)
# when scanning with that rule file
mkdir -p "$T/unk"
cat > "$T/unk/typo.yaml" <<'Y'
rules:
  - id: ACME-TYPO
    title: t
    severity: high
    rationale: r
    remediation: m
    provisions: {etsi-en-303-645: ["5.6-4A", "5.6-44"], pswg: [secure-storage]}
    require: {equals: {fact: efuse.jtag.disabled, value: true}}
Y
expect_exit 2 "$FWAUDIT" rules lint "$T/unk/typo.yaml"
contains "$T/err" "typo.yaml:7:46: rule ACME-TYPO names provision '5.6-44', which profile 'etsi-en-303-645' does not have"
lacks "$T/out" "rules ok"
expect_exit 2 "$FWAUDIT" scan "$S/secure/efuse.json" --rules "$T/unk" --format json -o "$T/unk.json"
contains "$T/err" "typo.yaml:7:46: rule ACME-TYPO names provision '5.6-44'"
[ ! -s "$T/unk.json" ] || fail "a report was written despite the load error"
# profiles show what a pass needs and why
expect_exit 0 "$FWAUDIT" profiles show etsi-en-303-645
contains "$T/out" "pass needs an authenticity check of updates: ESP-SDK-SIGNED-UPDATES"
contains "$T/out" "basis: Securely updateable needs an update mechanism"
expect_exit 0 "$FWAUDIT" profiles show pswg
contains "$T/out" "pass needs an update mechanism: ESP-IMG-OTA-SLOTS"
# every provision a rule gives evidence for says, in both profiles, why and
# what a pass needs; the JSON report carries it per provision
"$FWAUDIT" scan "$S/insecure/flash.bin" "$S/insecure/efuse.json" "$S/insecure/sdkconfig" \
	--declarations "$S/vendor.yaml" --profile etsi-en-303-645 --profile pswg \
	--format json -o "$T/both.json"
jcheck "$T/both.json" 'all(p.get("evidence_basis") and p.get("requires") for pr in d["profiles"] for p in pr["provisions"] if p["rules"])'
# 5.3-1 (securely updateable): OTA slots pass, but unsigned apps and no
# signature check on update are no secure update
jcheck "$T/both.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ESP-IMG-OTA-SLOTS"] == ["pass"]'
jcheck "$T/both.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.3-1"] == ["fail"]'
jcheck "$T/both.json" '{r["id"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.3-1" for r in p["rules"]} >= {"ESP-IMG-APP-SIGNED", "ESP-SDK-SIGNED-UPDATES"}'
# a user's own rule runs alongside the built-ins and rolls into the provision
mkdir -p "$T/mine"
cat > "$T/mine/acme.yaml" <<'Y'
rules:
  - id: ACME-LOG-NONE
    title: Release builds log nothing
    severity: low
    rationale: Our policy.
    remediation: Set CONFIG_LOG_DEFAULT_LEVEL=0.
    provisions: {etsi-en-303-645: ["5.6-2"]}
    require: {equals: {fact: sdkconfig.log.level, value: 0}}
Y
"$FWAUDIT" scan "$S/secure/sdkconfig" --rules "$T/mine" --fail-on low --format json -o "$T/r.json"
jcheck "$T/r.json" '[r["verdict"] for r in d["rules"] if r["id"] == "ACME-LOG-NONE"] == ["fail"]'
jcheck "$T/r.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.6-2"] == ["fail"]'
jcheck "$T/r.json" 'd["summary"]["exit_status"] == 1'
# the fact catalogue documents what collectors emit; docs/facts.md is generated from it
"$FWAUDIT" rules facts > "$T/facts.md"
cmp "$T/facts.md" "$TOP/docs/facts.md" || fail "docs/facts.md is stale: run ./fwaudit rules facts > docs/facts.md"
exit 0
