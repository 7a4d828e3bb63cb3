# The CI templates: action.yml's run steps and the GitLab template's
# before_script and script run as written (tests/integration/ci_steps.py
# plays the runner), install fwaudit from this tree, audit a sample, write
# the reports and fail the job on findings, not on a clean audit; their
# YAML carries the keys each platform requires; docs/ci.md's examples fit.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is absent"
unset MAKEFLAGS MAKELEVEL FWAUDIT_RULES
PY="/usr/bin/python3 $(dirname "$0")/ci_steps.py"
S=$TOP/samples/insecure
IN="$S/sdkconfig $S/efuse*.json"

# GitHub: findings at or above high fail the job after the reports are written
mkdir -p "$T/ws" "$T/home"
$PY github "$TOP/action.yml" "$T/ws" "$T/home" inputs="$IN" \
	args="--waivers $TOP/samples/waivers.yaml" >"$T/gh" 2>"$T/gh.log" ||
	{ cat "$T/gh" "$T/gh.log" | tail -20; fail "ci_steps github"; }
cat "$T/gh"
contains "$T/gh" "Install fwaudit: 0"
contains "$T/gh" "Audit: 0 {'sarif': 'fwaudit-reports/fwaudit.sarif', 'status': '1'}"
contains "$T/gh" "Upload SARIF: uses github/codeql-action/upload-sarif@v3 {'sarif_file': 'fwaudit-reports/fwaudit.sarif', 'category': 'fwaudit'}"
contains "$T/gh" "Fail on findings: 1"
[ -x "$T/home/.local/bin/fwaudit" ] || fail "the install step installed no binary"
contains "$T/gh.log" "rules $T/home/.local/share/fwaudit/rules"
R=$T/ws/fwaudit-reports
jcheck "$R/fwaudit.sarif" 'd["version"] == "2.1.0" and len(d["runs"][0]["results"]) > 0'
jcheck "$R/fwaudit.json" 'd["tool"]["name"] == "fwaudit" and any(i["path"].endswith("efuse.json") for i in d["inputs"]) and len(d["waivers"]) > 0'
/usr/bin/python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$R/fwaudit.junit.xml" || fail "junit"
contains "$R/fwaudit.html" "<html"
contains "$T/gh.log" "verdict: FAIL"

# fail-on none: the same audit passes the gate
rm -rf "$T/ws" && mkdir "$T/ws"
$PY github "$TOP/action.yml" "$T/ws" "$T/home" inputs="$IN" fail-on=none >"$T/gh" 2>"$T/gh.log" || fail "github run 2"
contains "$T/gh" "Fail on findings: 0"
# unusable input: the scan step itself fails, exit 2
rm -rf "$T/ws" && mkdir "$T/ws"
$PY github "$TOP/action.yml" "$T/ws" "$T/home" inputs="$T/absent.bin" >"$T/gh" 2>"$T/gh.log" || fail "github run 3"
contains "$T/gh" "Audit: 2"
lacks "$T/gh" "Fail on findings"

# GitLab: the same through the template's lines
rm -rf "$T/ws" "$T/home" && mkdir -p "$T/ws" "$T/home"
$PY gitlab "$TOP/integrations/ci/fwaudit.gitlab-ci.yml" .fwaudit "$T/ws" "$T/home" \
	FWAUDIT_SRC="$TOP" FWAUDIT_INPUTS="$IN" >"$T/gl" 2>"$T/gl.log" || { tail -20 "$T/gl.log"; fail "ci_steps gitlab"; }
contains "$T/gl" "job: 1"
for f in fwaudit.junit.xml fwaudit.html fwaudit.sarif fwaudit.json; do
	[ -s "$T/ws/fwaudit-reports/$f" ] || fail "GitLab artifact $f missing"
done
/usr/bin/python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/ws/fwaudit-reports/fwaudit.junit.xml" || fail "gitlab junit"
rm -rf "$T/ws" && mkdir "$T/ws"
$PY gitlab "$TOP/integrations/ci/fwaudit.gitlab-ci.yml" .fwaudit "$T/ws" "$T/home" \
	FWAUDIT_SRC="$TOP" FWAUDIT_INPUTS="$IN" FWAUDIT_FAIL_ON=none >"$T/gl" 2>"$T/gl.log" || fail "gitlab run 2"
contains "$T/gl" "job: 0"

$PY docs "$TOP/docs/ci.md" "$TOP/action.yml" "$TOP/integrations/ci/fwaudit.gitlab-ci.yml" >"$T/docs" || { cat "$T/docs"; fail "docs/ci.md examples"; }
echo ok
