#!/bin/sh
# EN 18031-1/-2/-3 and CRA profiles (rules/mapping/*-requirements.yaml,
# generated into rules/profiles): the generated files are current; each part
# holds its own requirement families; per family a pass, a fail and a
# not_tested on the samples; not_applicable only where the vendor declares
# the asset or interface absent; the 2025/138 restriction on AUM-5 flagged;
# a finding carries its EN 303 645, EN 18031 and CRA IDs; the new rules
# (TLS suite, published keys, ESP-IDF support) decide on the facts they read.
. "$(dirname "$0")/lib.sh"
S=$TOP/samples
ALL="--profile en-18031-1 --profile en-18031-2 --profile en-18031-3 --profile cra --profile etsi-en-303-645"

# prov FILE PROFILE ID: the provision's verdict; rule FILE ID: the rule's
prov() {
	/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(x["verdict"] for p in d["profiles"] if p["id"]==sys.argv[2] for x in p["provisions"] if x["id"]==sys.argv[3]) or "absent")' "$@"
}
rule() {
	/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(r["verdict"] for r in d["rules"] if r["id"]==sys.argv[2]) or "absent")' "$@"
}
want() {	# want WHAT GOT EXPECTED
	[ "$2" = "$3" ] || fail "$1: $2, want $3"
}
scan() {	# scan OUT.json ARGS...: exit 0 or 1, never 2
	out=$1; shift
	# shellcheck disable=SC2086
	"$FWAUDIT" scan "$@" $ALL --format json -o "$out" >"$T/out" 2>"$T/err"
	[ $? -le 1 ] || { cat "$T/err"; fail "scan $*"; }
}

# --- the generated profiles and mapping are those the sources give
/usr/bin/python3 "$TOP/scripts/gen_en18031.py" "$T/gen" || fail "generator"
for f in profiles/en-18031-1.yaml profiles/en-18031-2.yaml profiles/en-18031-3.yaml \
    profiles/cra.yaml mapping/en303645-en18031-cra.yaml; do
	cmp -s "$T/gen/$f" "$TOP/rules/$f" || fail "rules/$f is stale: run scripts/gen_en18031.py"
done

# --- parts: each family where the standard puts it
expect_exit 0 "$FWAUDIT" profiles list
for p in en-18031-1 en-18031-2 en-18031-3 cra; do contains "$T/out" "$p "; done
has() {	# has PROFILE ID yes|no
	"$FWAUDIT" profiles show "$1" | grep -q "^$2 " && got=yes || got=no
	want "$1 has $2" $got "$3"
}
for id in ACM-1 AUM-1-1 AUM-5-1 AUM-6 SUM-2 SSM-3 SCM-4 CCK-3 CRY-1 GEC-1 GEC-5 GEC-6; do
	for p in 1 2 3; do has en-18031-$p $id yes; done
done
for id in RLM-1 NMM-1 TCM-1; do has en-18031-1 $id yes; has en-18031-2 $id no; has en-18031-3 $id no; done
for id in LGM-1 LGM-4; do has en-18031-1 $id no; has en-18031-2 $id yes; has en-18031-3 $id yes; done
for id in ACM-3 ACM-6 DLM-1 UNM-1 UNM-2 GEC-7; do has en-18031-2 $id yes; has en-18031-1 $id no; has en-18031-3 $id no; done
for id in GEC-8 AUM-1-3; do has en-18031-3 $id yes; has en-18031-1 $id no; has en-18031-2 $id no; done
for id in I.1 I.2a I.2m II.1 II.8; do has cra $id yes; done
# a requirement says which declaration makes it not applicable, and its note
# its parts, categories, restriction and mapping
"$FWAUDIT" profiles show en-18031-3 >"$T/show3"
grep -A8 "^GEC-5 " "$T/show3" | grep -q "not applicable when declared: features.physical_interfaces: false" ||
	fail "GEC-5 without its decision-tree declaration"
grep -A8 "^SUM-2 " "$T/show3" | grep -q "note: Parts 1, 2, 3. Implementation categories: signature" ||
	fail "SUM-2 without its note"
grep -A8 "^GEC-8 " "$T/show3" | grep -q "note: Part 3. " || fail "GEC-8 is part 3 only"
# every CRA Annex I item: Part I (1), (2)(a)-(m), Part II 1-8
expect_exit 0 "$FWAUDIT" profiles list
contains "$T/out" "Annex I essential requirements (22 provisions)"

# --- the secure build (its plaintext build output, eFuses, sdkconfig): passes, and
# the implementation category the evidence shows
scan "$T/sec.json" "$S/secure/sdkconfig" "$S/secure/efuse.json" "$S/secure/flash.bin" --origin build \
	--declarations "$S/vendor.yaml"
want "secure SUM-2" "$(prov "$T/sec.json" en-18031-1 SUM-2)" pass
want "secure SSM-2" "$(prov "$T/sec.json" en-18031-1 SSM-2)" pass
want "secure SSM-3" "$(prov "$T/sec.json" en-18031-3 SSM-3)" pass
want "secure CRA II.7" "$(prov "$T/sec.json" cra II.7)" pass
want "SUM-2 category signature" "$(rule "$T/sec.json" ESP-IMG-IC-SUM2-SIGNATURE)" pass
want "SSM-3 category hardware" "$(rule "$T/sec.json" ESP-EFUSE-IC-SSM3-HW-KEY)" pass
want "SSM-2 category one-time programmable" "$(rule "$T/sec.json" ESP-EFUSE-IC-SSM2-OTP)" pass
# a Secure Boot digest block left writeable is no one-time programmable anchor
expect_exit 0 "$FWAUDIT" scan --facts-only "$S/secure/efuse.json" -o "$T/sefacts.json"
/usr/bin/python3 - "$T/sefacts.json" <<'PY' || fail "edit eFuse facts"
import json, sys
d = json.load(open(sys.argv[1]))
keys = d["facts"]["efuse.keys"]["value"]
sb = [k for k in keys if k["purpose"].startswith("SECURE_BOOT")]
assert sb, "the secure sample has Secure Boot digest blocks"
sb[0]["writeable"] = True
json.dump(d, open(sys.argv[1], "w"))
PY
"$FWAUDIT" evaluate "$T/sefacts.json" --profile en-18031-1 --format json -o "$T/otp.json" >/dev/null 2>&1
want "SSM-2 OTP, a writeable digest block" "$(rule "$T/otp.json" ESP-EFUSE-IC-SSM2-OTP)" fail
jcheck "$T/sec.json" '[x for p in d["profiles"] if p["id"]=="en-18031-1" for x in p["provisions"] if x["id"]=="SUM-2"][0]["note"].count("signature (IC.SUM-2.AuthIntVal.Sign), shown when ESP-IMG-IC-SUM2-SIGNATURE passes")'
# GEC-5: eFuses pass, the live ROM was not probed: not a pass
want "secure GEC-5 without a serial probe" "$(prov "$T/sec.json" en-18031-1 GEC-5)" not_tested
want "secure JTAG rule" "$(rule "$T/sec.json" ESP-EFUSE-JTAG-DISABLED)" pass

# --- the insecure build: fails
scan "$T/ins.json" "$S/insecure/sdkconfig" "$S/insecure/efuse.json" "$S/insecure/flash.bin" \
	--declarations "$S/vendor.yaml"
for id in SUM-2 SSM-1 SSM-3 GEC-5 SCM-1; do
	want "insecure $id" "$(prov "$T/ins.json" en-18031-1 $id)" fail
done
want "insecure CRA I.2j" "$(prov "$T/ins.json" cra I.2j)" fail
# the signature category is not in use: the build does not verify updates
want "insecure SUM-2 category" "$(rule "$T/ins.json" ESP-IMG-IC-SUM2-SIGNATURE)" not_applicable
# a finding names its IDs in all three
jcheck "$T/ins.json" '[r["provisions"] for r in d["rules"] if r["id"]=="ESP-EFUSE-JTAG-DISABLED"][0] == {**[r["provisions"] for r in d["rules"] if r["id"]=="ESP-EFUSE-JTAG-DISABLED"][0], "etsi-en-303-645": ["5.6-4A", "5.6-3"], "en-18031-1": ["GEC-5"], "en-18031-3": ["GEC-5"], "cra": ["I.2d", "I.2j"]}'

# --- missing inputs: not_tested, never pass or not_applicable
scan "$T/sdk.json" "$S/insecure/sdkconfig"
want "GEC-5 without eFuses" "$(prov "$T/sdk.json" en-18031-1 GEC-5)" fail
scan "$T/sdk2.json" "$S/secure/sdkconfig"
want "GEC-5 from a secure sdkconfig alone" "$(prov "$T/sdk2.json" en-18031-1 GEC-5)" not_tested
want "AUM-6 without --try-logins" "$(prov "$T/sdk2.json" en-18031-1 AUM-6)" not_tested
want "CCK-3 without --compare" "$(prov "$T/sdk2.json" en-18031-1 CCK-3)" not_tested
want "NMM-1 undeclared" "$(prov "$T/sdk2.json" en-18031-1 NMM-1)" not_tested
# nothing is not_applicable without a declaration saying so
jcheck "$T/sdk2.json" 'not [x["id"] for p in d["profiles"] for x in p["provisions"] if p["id"]!="etsi-en-303-645" and x["verdict"]=="not_applicable"]'

# --- not_applicable only where the asset or interface is declared absent
cat >"$T/absent.yaml" <<'EOF'
features:
  physical_interfaces: false
  network_equipment: false
  children_users: false
EOF
scan "$T/abs.json" "$S/insecure/sdkconfig" "$S/insecure/efuse.json" "$S/insecure/flash.bin" \
	--declarations "$T/absent.yaml"
want "GEC-5 declared absent" "$(prov "$T/abs.json" en-18031-1 GEC-5)" not_applicable
want "NMM-1 declared absent" "$(prov "$T/abs.json" en-18031-1 NMM-1)" not_applicable
want "ACM-3 declared absent" "$(prov "$T/abs.json" en-18031-2 ACM-3)" not_applicable
jcheck "$T/abs.json" 'all("declared" in x["reason"] or "physical_interfaces" in x["reason"] or "network equipment" in x["reason"] or "toy" in x["reason"] for p in d["profiles"] if p["id"].startswith("en-18031") for x in p["provisions"] if x["verdict"]=="not_applicable")'
# the same rule facts without that declaration: GEC-5 fails (above)

# --- the AUM-5 restriction (Implementing Decision (EU) 2025/138)
printf 'password_skip_allowed: true\n' >"$T/skip.yaml"
expect_exit 1 "$FWAUDIT" scan "$S/secure/sdkconfig" --declarations "$T/skip.yaml" $ALL \
	--format json -o "$T/skip.json"
want "restriction rule, skippable" "$(rule "$T/skip.json" DECL-PASSWORD-NOT-SKIPPABLE)" fail
want "AUM-5-1, skippable" "$(prov "$T/skip.json" en-18031-1 AUM-5-1)" fail
want "AUM-5-2, skippable (part 3)" "$(prov "$T/skip.json" en-18031-3 AUM-5-2)" fail
jcheck "$T/skip.json" '[r["severity"] for r in d["rules"] if r["id"]=="DECL-PASSWORD-NOT-SKIPPABLE"] == ["critical"]'
"$FWAUDIT" scan "$S/secure/sdkconfig" --declarations "$T/skip.yaml" --profile en-18031-1 >"$T/skip.txt" 2>&1
contains "$T/skip.txt" "2025/138"
# an empty features.passwords is unanswered, not a declared absence
printf 'password_skip_allowed: true\nfeatures:\n  passwords:\n' >"$T/skipnull.yaml"
scan "$T/skipnull.json" "$S/secure/sdkconfig" --declarations "$T/skipnull.yaml"
want "restriction rule, passwords unanswered" "$(rule "$T/skipnull.json" DECL-PASSWORD-NOT-SKIPPABLE)" fail
printf 'password_skip_allowed: false\n' >"$T/noskip.yaml"
scan "$T/noskip.json" "$S/secure/sdkconfig" --declarations "$T/noskip.yaml"
want "restriction rule, not skippable" "$(rule "$T/noskip.json" DECL-PASSWORD-NOT-SKIPPABLE)" declared
printf 'features: {passwords: false}\n' >"$T/nopw.yaml"
scan "$T/nopw.json" "$S/secure/sdkconfig" --declarations "$T/nopw.yaml"
want "restriction rule, no passwords" "$(rule "$T/nopw.json" DECL-PASSWORD-NOT-SKIPPABLE)" not_applicable
want "AUM-5-1, no passwords" "$(prov "$T/nopw.json" en-18031-1 AUM-5-1)" not_applicable
want "restriction rule, nothing declared" "$(rule "$T/sdk2.json" DECL-PASSWORD-NOT-SKIPPABLE)" not_tested

# --- the bootloader factory reset (DLM-1, 5.11-1, CRA I.2b/I.2m): a whole
# sdkconfig with the option on erases NVS, or does not
reset_cfg() {	# reset_cfg FILE PARTITIONS
	sed 's/^# CONFIG_BOOTLOADER_FACTORY_RESET is not set$/CONFIG_BOOTLOADER_FACTORY_RESET=y\
CONFIG_BOOTLOADER_NUM_PIN_FACTORY_RESET=4\
CONFIG_BOOTLOADER_DATA_FACTORY_RESET="'"$2"'"/' "$S/secure/sdkconfig" >"$1"
	grep -q '^CONFIG_BOOTLOADER_FACTORY_RESET=y' "$1" || fail "factory reset option not set in $1"
}
reset_cfg "$T/reset-nvs" "nvs,fctry"
scan "$T/reset-nvs.json" "$T/reset-nvs"
want "factory reset erasing nvs" "$(rule "$T/reset-nvs.json" ESP-SDK-FACTORY-RESET)" pass
want "DLM-1 with the reset" "$(prov "$T/reset-nvs.json" en-18031-2 DLM-1)" not_tested
reset_cfg "$T/reset-phy" "phy_init"
scan "$T/reset-phy.json" "$T/reset-phy"
want "factory reset leaving nvs" "$(rule "$T/reset-phy.json" ESP-SDK-FACTORY-RESET)" fail
want "DLM-1 with a reset leaving nvs" "$(prov "$T/reset-phy.json" en-18031-2 DLM-1)" fail
want "no factory reset in the build" "$(rule "$T/sdk2.json" ESP-SDK-FACTORY-RESET)" not_applicable
printf 'user_data_erasure: Hold the button 10 s\nfeatures: {personal_data: true}\n' >"$T/erase.yaml"
scan "$T/erase.json" "$S/secure/sdkconfig" --declarations "$T/erase.yaml"
want "DLM-1 declared" "$(prov "$T/erase.json" en-18031-2 DLM-1)" declared
want "5.11-1 declared" "$(prov "$T/erase.json" etsi-en-303-645 5.11-1)" declared

# --- the technical-documentation table: decision, evidence, category, justification
"$FWAUDIT" scan "$S/secure/sdkconfig" "$S/secure/efuse.json" "$S/secure/flash.bin" --origin build \
	--declarations "$T/skip.yaml" --profile en-18031-1 --profile en-18031-3 \
	--format techdoc -o "$T/td.md" >/dev/null 2>&1
[ $? -le 1 ] || fail "techdoc"
grep -c "^## EN 18031-[13]:2024" "$T/td.md" | grep -qx 2 || fail "one table per part judged"
grep "^| SUM-2 " "$T/td.md" | grep -q "| pass (tested) | .*ESP-IMG-IC-SUM2-SIGNATURE (pass).* | signature (IC.SUM-2.AuthIntVal.Sign) |" ||
	fail "SUM-2 row without its decision, evidence and category"
grep "^| SSM-3 " "$T/td.md" | grep -q "| hardware protection (IC.SSM-3.HWProtection) |" || fail "SSM-3 category"
grep "^| AUM-5-1 " "$T/td.md" | grep -q "| FAIL | .*DECL-PASSWORD-NOT-SKIPPABLE (fail).*\*\*Restriction:\*\* Implementing Decision" ||
	fail "AUM-5-1 row without the restriction"
grep -q "^\*\*RESTRICTION APPLIES:\*\* " "$T/td.md" || fail "no plain restriction flag"
grep "^| SUM-2 " "$T/td.md" | grep -q "CRA Annex I I.2c" || fail "SUM-2 row without its CRA mapping"
# part 3 keeps its own restriction on SUM-2 (financial assets)
sed -n '/^## EN 18031-3/,$p' "$T/td.md" | grep "^| SUM-2 " | grep -q "Restriction:.* 6.3.2.4" ||
	fail "EN 18031-3 SUM-2 without the financial-asset restriction"
sed -n '/^## EN 18031-1/,/^## EN 18031-3/p' "$T/td.md" | grep "^| SUM-2 " | grep -q "Restriction:" &&
	fail "EN 18031-1 SUM-2 names part 3's restriction"
"$FWAUDIT" scan "$S/secure/sdkconfig" --declarations "$T/noskip.yaml" --profile en-18031-1 \
	--format techdoc -o "$T/td2.md" >/dev/null 2>&1
lacks "$T/td2.md" "RESTRICTION APPLIES"
grep "^| AUM-4 " "$T/td2.md" | grep -qF '| not tested | declared password\_change\_method (unanswered) |' ||
	fail "an unanswered declaration in the table"
"$FWAUDIT" scan "$S/secure/sdkconfig" --format techdoc -o "$T/td3.md" >/dev/null 2>&1
contains "$T/td3.md" "not judged against EN 18031"

# --- the non-normative mapping, as data
M=$TOP/rules/mapping/en303645-en18031-cra.yaml
/usr/bin/python3 - "$M" "$TOP/rules/profiles" <<'PY' || fail "mapping"
import sys, yaml
m = yaml.safe_load(open(sys.argv[1]))
assert m["normative"] is False and "no authoritative" in m["note"]
ids = {r["en18031"] for r in m["by_en18031"]}
for p in (1, 2, 3):
    prof = yaml.safe_load(open("%s/en-18031-%d.yaml" % (sys.argv[2], p)))
    assert {x["id"] for x in prof["provisions"]} <= ids
row = {r["en18031"]: r for r in m["by_en18031"]}
assert "5.6-4A" in row["GEC-5"]["en303645"] and "I.2j" in row["GEC-5"]["cra"]
assert any(e["en303645"] == "5.1-5" and "AUM-6" in e["en18031"] for e in m["by_en303645"])
assert any(e["cra"] == "I.2c" and "SUM-2" in e["en18031"] for e in m["by_cra"])
PY

# --- the new rules on the facts they read (evaluate a saved fact tree)
expect_exit 0 "$FWAUDIT" scan --facts-only "$S/insecure/sdkconfig" "$S/insecure/efuse.json" \
	"$S/insecure/flash.bin" -o "$T/facts.json"
# A Matter test DAC key published in connectedhomeip (credentials/test/
# attestation/Chip-Test-DAC-FFF1-8000-0000-Key.pem): its public key's digest
# must be on ESP-ID-NO-PUBLISHED-KEY's list.
cat >"$T/dac.pem" <<'EOF'
-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICHy4+QgwHAXNIEEaba60VzzBngiyaSllsGG+pvvFT+hoAoGCCqGSM49
AwEHoUQDQgAE/KE4ySt24c0ThzwZ6hlymEhVeMFdt9KY0YQl/GhDzVCAKO9jdLsL
3Qk8Kg1DxtbSxnsQK88gcDHabMDjFk/gNQ==
-----END EC PRIVATE KEY-----
EOF
dac=$(openssl pkey -in "$T/dac.pem" -pubout -outform DER | sha256sum | cut -d' ' -f1)
[ ${#dac} = 64 ] || fail "openssl pkey"
variant() {	# variant NAME PYTHON: facts.json edited by PYTHON (over f, the facts)
	/usr/bin/python3 - "$T/facts.json" "$T/$1.json" "$2" <<'PY' || fail "variant $1"
import json, sys
d = json.load(open(sys.argv[1])); f = d["facts"]
def cert(digest):	# a device certificate as the identity collector lists it
    c = {"input": 2, "offset": 0, "parsed": True, "key_type": "ec", "curve": "prime256v1"}
    if digest:
        c["public_key_sha256"] = digest
    else:
        c["parsed"] = False
    return {"input": 2, "value": [c]}
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
	"$FWAUDIT" evaluate "$T/$1.json" $ALL --format json -o "$T/$1-r.json" >/dev/null 2>&1
	[ $? -le 1 ] || fail "evaluate $1"
}
variant pubkey "f['identity.certificates'] = cert('$dac')"
want "published key" "$(rule "$T/pubkey-r.json" ESP-ID-NO-PUBLISHED-KEY)" fail
want "CCK-3 with a published key" "$(prov "$T/pubkey-r.json" en-18031-1 CCK-3)" fail
variant ownkey "f['identity.certificates'] = cert('ab' * 32)"
want "own key" "$(rule "$T/ownkey-r.json" ESP-ID-NO-PUBLISHED-KEY)" pass
variant nokey "f['identity.certificates'] = cert(None)"
want "unparsed certificate" "$(rule "$T/nokey-r.json" ESP-ID-NO-PUBLISHED-KEY)" not_tested

# ESP-IDF support: v5.2 left support in August 2026, v5.3 has not
for v in v5.2.3:fail v4.4.7:fail v5.0:fail v5.3.1:pass v5.5.1:pass v6.0:pass v5.20.1:pass; do
	variant idf "
for im in f['esp.images']['value']:
    if im.get('role') == 'app': im['app']['idf_version'] = '${v%%:*}'"
	want "ESP-IDF ${v%%:*}" "$(rule "$T/idf-r.json" ESP-IMG-IDF-SUPPORTED)" "${v#*:}"
done
want "GEC-1 on v6.0 (vulnerability monitoring undeclared)" "$(prov "$T/idf-r.json" en-18031-1 GEC-1)" not_tested

# TLS suites: the suite the service picks when offered everything
tls='f["net.tls_port_count"] = {"input": 2, "value": 1}; f["net.common_ports_answered"] = {"input": 2, "value": True}; f["tls.services"] = {"input": 2, "value": [{"id": "tcp/443", "port": 443, %s}]}'
for c in ECDHE-RSA-AES128-SHA:fail AES256-GCM-SHA384:fail DES-CBC3-SHA:fail \
    ECDHE-ECDSA-AES256-GCM-SHA384:pass TLS_AES_128_GCM_SHA256:pass TLS_CHACHA20_POLY1305_SHA256:pass; do
	variant tls "$(printf "$tls" "\"cipher\": \"${c%%:*}\"")"
	want "suite ${c%%:*}" "$(rule "$T/tls-r.json" NET-TLS-CIPHER)" "${c#*:}"
done
want "SCM-2 with an AEAD suite, the build not verifying servers" "$(prov "$T/tls-r.json" en-18031-1 SCM-2)" fail
variant tls "$(printf "$tls" '"reason": "no handshake"')"
want "no suite seen" "$(rule "$T/tls-r.json" NET-TLS-CIPHER)" not_tested
# --- coverage: provisions with a machine rule, declarations only, lab only
cov() {	# cov PROFILE [ARGS]: the number and percentage of one kind, "N P"
	"$FWAUDIT" profiles show "$@" --coverage >"$T/cov" 2>"$T/err" || fail "coverage $*"
}
count() { sed -n "s/^  $1 *\([0-9]*\)  (\([0-9]*\)%)$/\1 \2/p" "$T/cov"; }
cov etsi-en-303-645
set -- $(count "with a machine rule")
# issue #12: from 22 of 78 to at least 35
[ "$1" -ge 35 ] || fail "EN 303 645 machine coverage $1 of 78, want >= 35"
contains "$T/cov" "coverage of 78 provisions:"
grep -A1 "^  lab assessment only" "$T/cov" | grep -q "5.13-1A" || fail "5.13-1A not lab-only"
grep -A1 "^  declarations only" "$T/cov" | grep -q "5.2-1," || fail "5.2-1 (a declaration rule) counted as machine"
# EN 18031-1 for an ESP32 Wi-Fi product (not network equipment, no toy)
printf 'features: {network_equipment: false, children_users: false}\n' >"$T/esp32.yaml"
cov en-18031-1 --declarations "$T/esp32.yaml"
contains "$T/cov" "coverage of 31 provisions that apply to the declared product:"
grep -A1 "declared absent (left out)" "$T/cov" | grep -q "NMM-1, TCM-1" || fail "NMM-1/TCM-1 not left out"
set -- $(count "with a machine rule")
[ "$2" -ge 60 ] || fail "EN 18031-1 machine coverage $2% for an ESP32 Wi-Fi product, want >= 60%"
grep -A1 "^  declarations only" "$T/cov" | grep -q "AUM-4" || fail "AUM-4 (password change) is declarations only"
expect_exit 2 "$FWAUDIT" profiles show en-18031-1 --coverage --declarations "$T/nonexistent.yaml"
exit 0
