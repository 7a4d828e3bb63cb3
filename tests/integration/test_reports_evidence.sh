#!/bin/sh
# Evidence bundles: every format + facts, manifest hashes, CMS signature;
# only what the run wrote (a non-empty directory is refused, an earlier
# bundle replaced only when asked and only if it is nothing but one);
# verify-evidence names each alteration, and a wrong signer as such; a key
# that does not match its certificate writes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
command -v openssl >/dev/null || skip "openssl CLI is not installed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/k.pem" -out "$T/c.pem" -days 2 \
    -subj "/CN=fwaudit test signer" >/dev/null 2>&1 || fail "openssl req"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/k2.pem" \
    -out "$T/c2.pem" -days 2 -subj "/CN=someone else" >/dev/null 2>&1 || fail "openssl req 2"
B="$T/bundle"
evaluate() { "$FWAUDIT" evaluate "$D/facts.json" --declarations "$D/declarations.yaml" "$@"; }

expect_exit 1 evaluate --evidence-dir "$B" --sign-key "$T/k.pem" --sign-cert "$T/c.pem"
for f in report.json report.html report.sarif report.junit.xml summary.md ics.csv ixit.md techdoc.md sbom.cdx.json vex.cdx.json \
    report.txt facts.json manifest.json manifest.json.p7s; do
	[ -s "$B/$f" ] || fail "bundle lacks $f"
done
/usr/bin/python3 - "$B" <<'PY' || fail "manifest does not match the files"
import hashlib, json, os, sys
b = sys.argv[1]
m = json.load(open(b + "/manifest.json"))
listed = {f["path"]: f["sha256"] for f in m["files"]}
on_disk = set()
for root, _, files in os.walk(b):
    for n in files:
        p = os.path.relpath(os.path.join(root, n), b)
        if p not in ("manifest.json", "manifest.json.p7s"):
            on_disk.add(p)
assert set(listed) == on_disk, (set(listed) ^ on_disk)
for p, h in listed.items():
    assert hashlib.sha256(open(os.path.join(b, p), "rb").read()).hexdigest() == h, p
rep = json.load(open(b + "/report.json"))
assert m["ruleset_digest"] == rep["tool"]["ruleset_digest"]
assert m["tool"]["version"] == rep["tool"]["version"]
assert m["generated_at"] == rep["generated_at"]
assert [i.get("sha256") for i in m["inputs"]] == [i.get("sha256") for i in rep["inputs"]]
assert m["inputs"][0]["sha256"] == rep["inputs"][0]["sha256"]
PY
# The signature is a detached CMS over manifest.json that openssl accepts too.
openssl cms -verify -binary -inform DER -in "$B/manifest.json.p7s" -content "$B/manifest.json" \
    -noverify -out /dev/null >/dev/null 2>&1 || fail "openssl cms -verify rejects the signature"

expect_exit 0 "$FWAUDIT" verify-evidence "$B" --signer "$T/c.pem"
contains "$T/out" "signature valid, signed by"
contains "$T/out" "ok: 12 files match manifest.json"
# Another signer is not an alteration: the last word says which it is.
expect_exit 2 "$FWAUDIT" verify-evidence "$B" --signer "$T/c2.pem"
contains "$T/out" "wrong signer: signed by /CN=fwaudit test signer, expected /CN=someone else"
contains "$T/err" "the files match the manifest, but it is signed by someone else, not $T/c2.pem"
lacks "$T/err" "altered"

cp -r "$B" "$T/b1"; echo tampered >>"$T/b1/report.html"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b1"
contains "$T/out" "changed: report.html"
contains "$T/err" "the evidence bundle was altered"
cp -r "$B" "$T/b2"; rm "$T/b2/facts.json"; echo x >"$T/b2/extra.bin"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b2"
contains "$T/out" "removed: facts.json"
contains "$T/out" "added: extra.bin"
# Changing a file and its manifest entry breaks the signature instead.
cp -r "$B" "$T/b3"; echo x >>"$T/b3/summary.md"
/usr/bin/python3 - "$T/b3" <<'PY'
import hashlib, json, sys
b = sys.argv[1]
m = json.load(open(b + "/manifest.json"))
for f in m["files"]:
    if f["path"] == "summary.md":
        f["sha256"] = hashlib.sha256(open(b + "/summary.md", "rb").read()).hexdigest()
json.dump(m, open(b + "/manifest.json", "w"), indent=2, sort_keys=True)
PY
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b3"
contains "$T/out" "signature invalid"
lacks "$T/out" "changed:"
# A symbolic link is not evidence: flagged, never followed.
cp -r "$B" "$T/b7"; ln -s /etc/passwd "$T/b7/passwd"; rm "$T/b7/summary.md"; ln -s /etc/hostname "$T/b7/summary.md"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b7"
contains "$T/out" "added: passwd (a link or special file, not evidence)"
contains "$T/out" "changed: summary.md (now a link or special file)"
cp -r "$B" "$T/b4"; rm "$T/b4/manifest.json.p7s"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b4" --signer "$T/c.pem"
contains "$T/out" "not signed"
contains "$T/err" "the files match the manifest, but it is not signed"
# Altered and signed by someone else: both said.
cp -r "$B" "$T/b11"; echo x >>"$T/b11/report.txt"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/b11" --signer "$T/c2.pem"
contains "$T/err" "altered, and its manifest is signed by someone else"
expect_exit 0 "$FWAUDIT" verify-evidence "$T/b4"
contains "$T/out" "note: the manifest is not signed"
expect_exit 2 "$FWAUDIT" verify-evidence "$T/nonexistent"
contains "$T/err" "manifest.json"

# A key that does not match the certificate: exit 2, clear message, nothing written.
expect_exit 2 evaluate --evidence-dir "$T/b5" --sign-key "$T/k2.pem" --sign-cert "$T/c.pem"
contains "$T/err" "does not match the certificate"
[ ! -e "$T/b5/report.json" ] || fail "a bundle was written with a mismatched key"
# scan refuses before it gathers anything or creates the bundle directory.
expect_exit 2 "$FWAUDIT" scan "$D/declarations.yaml" --evidence-dir "$T/b8" --sign-key "$T/k2.pem" \
    --sign-cert "$T/c.pem"
contains "$T/err" "does not match the certificate"
[ ! -e "$T/b8" ] || fail "scan created the bundle directory with a mismatched key"
expect_exit 2 evaluate --evidence-dir "$T/b6" --sign-key "$T/c.pem" --sign-cert "$T/c.pem"
contains "$T/err" "not an unencrypted private key"

# A file already in the directory is never signed into the bundle: a
# non-empty directory is refused before anything is written.
mkdir "$T/stale"; echo "my notes" >"$T/stale/notes.txt"
expect_exit 2 evaluate --evidence-dir "$T/stale" --sign-key "$T/k.pem" --sign-cert "$T/c.pem" \
    --format json -o "$T/stale-out.json"
contains "$T/err" "$T/stale: the evidence directory is not empty (1 entry, such as notes.txt)"
contains "$T/err" "--replace-evidence"
[ ! -e "$T/stale/manifest.json" ] && [ ! -e "$T/stale/report.json" ] || fail "wrote into a non-empty directory"
[ ! -e "$T/stale-out.json" ] || fail "wrote a report before refusing the evidence directory"
expect_exit 2 "$FWAUDIT" scan "$D/declarations.yaml" --evidence-dir "$T/stale"
contains "$T/err" "the evidence directory is not empty"
# --replace-evidence removes only an earlier bundle: not a stranger's files.
expect_exit 2 evaluate --evidence-dir "$T/stale" --replace-evidence
contains "$T/err" "not an fwaudit evidence bundle"
contains "$T/err" "nothing was removed"
[ "$(cat "$T/stale/notes.txt")" = "my notes" ] || fail "--replace-evidence touched a stranger's file"
expect_exit 2 evaluate --replace-evidence
contains "$T/err" "give --evidence-dir"
# An earlier bundle is replaced: the new one verifies, with the same files.
cp -r "$B" "$T/again"
expect_exit 1 evaluate --evidence-dir "$T/again" --replace-evidence --sign-key "$T/k.pem" \
    --sign-cert "$T/c.pem"
expect_exit 0 "$FWAUDIT" verify-evidence "$T/again" --signer "$T/c.pem"
contains "$T/out" "ok: 12 files match manifest.json"
# ...and unsigned: no stale signature survives.
expect_exit 1 evaluate --evidence-dir "$T/again" --replace-evidence
[ ! -e "$T/again/manifest.json.p7s" ] || fail "stale signature left after an unsigned run"
expect_exit 0 "$FWAUDIT" verify-evidence "$T/again"
# A bundle with anything else in it, or a file changed since, is left whole.
for case in extra changed listed-stranger link; do
	cp -r "$B" "$T/r-$case"
	case $case in
	extra) echo x >"$T/r-$case/extra.txt"; msg="holds extra.txt, which is not a file fwaudit writes into a bundle" ;;
	changed) echo x >>"$T/r-$case/report.html"; msg="holds report.html, which is changed since the bundle was written" ;;
	link) ln -s /etc/hostname "$T/r-$case/serial-transcript.txt"; msg="holds serial-transcript.txt, which is a link or special file" ;;
	listed-stranger)
		# A bundle from before this check could have signed a stranger's
		# file into its manifest: still not fwaudit's to remove.
		echo "my notes" >"$T/r-$case/notes.txt"
		/usr/bin/python3 - "$T/r-$case" <<'PY'
import hashlib, json, sys
b = sys.argv[1]
m = json.load(open(b + "/manifest.json"))
m["files"].append({"path": "notes.txt", "size": 9,
                   "sha256": hashlib.sha256(open(b + "/notes.txt", "rb").read()).hexdigest()})
json.dump(m, open(b + "/manifest.json", "w"), indent=2, sort_keys=True)
PY
		msg="holds notes.txt, which is not a file fwaudit writes into a bundle" ;;
	esac
	before=$(ls -A "$T/r-$case" | wc -l)
	expect_exit 2 evaluate --evidence-dir "$T/r-$case" --replace-evidence
	contains "$T/err" "$msg"
	contains "$T/err" "nothing was removed"
	[ "$(ls -A "$T/r-$case" | wc -l)" = "$before" ] || fail "$case: files were removed"
	[ -s "$T/r-$case/report.json" ] || fail "$case: the earlier bundle was touched"
done
# A live collector's transcript in the earlier bundle is its own: replaced.
cp -r "$B" "$T/live"; rm "$T/live/manifest.json.p7s"
echo "ESP-ROM:esp32c3-api1-20210207" >"$T/live/serial-transcript.txt"
/usr/bin/python3 - "$T/live" <<'PY'
import hashlib, json, sys
b = sys.argv[1]
m = json.load(open(b + "/manifest.json"))
h = hashlib.sha256(open(b + "/serial-transcript.txt", "rb").read()).hexdigest()
m["files"].append({"path": "serial-transcript.txt", "size": 30, "sha256": h})
json.dump(m, open(b + "/manifest.json", "w"), indent=2, sort_keys=True)
PY
expect_exit 1 evaluate --evidence-dir "$T/live" --replace-evidence
[ ! -e "$T/live/serial-transcript.txt" ] || fail "the earlier run's transcript survived"
expect_exit 0 "$FWAUDIT" verify-evidence "$T/live"
contains "$T/out" "ok: 12 files match manifest.json"
exit 0
